// A board page answered from the board's shared template (ADR 014) in real Chromium: it
// hydrates without a single console error (a mismatch between the HTML and the data would
// log React's hydration errors and re-render everything), shows this viewer's own dots and
// name, works at once, and without JavaScript shows the same personal parts.
import type { ConsoleMessage } from "playwright-core";
import { describe, expect, it } from "vitest";
import { setPhase } from "~/board/boards.server";
import { castVote } from "~/board/dot-votes.server";
import { proposeTopic } from "~/board/topics.server";
import { clearDocumentTemplates } from "~/utils/document-template.server";
import { newBrowserContext, signInContext, watchPage } from "../helpers/browser";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { leanCoffee } from "../board/helpers";

const server = await startTestServer();

async function open(cookie: string, path: string, javaScriptEnabled = true) {
  const context = await newBrowserContext({ javaScriptEnabled });
  await signInContext(context, server.url, cookie);
  const page = await context.newPage();
  const problems = watchPage(page, { cspViolations: true });
  const consoleErrors: string[] = [];
  page.on("console", (message: ConsoleMessage) => {
    if (message.type() === "error" || message.type() === "warning") consoleErrors.push(message.text());
  });
  const response = await page.goto(server.url + path);
  return { page, problems, consoleErrors, fromTemplate: response?.headers()["x-page-cache"] === "template" };
}

describe("a board page from the shared template in Chromium", () => {
  it("hydrates cleanly with the viewer's own dots and name, and takes votes at once", async () => {
    clearDocumentTemplates();
    const { event, board, alice, bob, organiser } = await leanCoffee({ title: "Template Lean Coffee" });
    proposeTopic(board.id, { id: alice.id }, { title: "Flaky tests" });
    const review = proposeTopic(board.id, { id: bob.id }, { title: "Code review etiquette" });
    setPhase(board.id, "vote", { id: organiser.id });
    castVote(board.id, review.id, { id: alice.id });
    castVote(board.id, review.id, { id: alice.id });
    const path = `/events/${event.slug}/board`;
    // Bob's visit teaches the template; Alice's page is filled in from it. (Signing in is
    // a write, and any write makes templates stale: sessions first.)
    const aliceCookie = await sessionCookieFor(alice.id);
    const bobCookie = await sessionCookieFor(bob.id);
    expect((await client(server.url, bobCookie).get(path)).headers.get("x-page-cache")).toBeNull();
    const a = await open(aliceCookie, path);
    expect(a.fromTemplate).toBe(true);

    await a.page.locator('[data-live-status="live"]').waitFor({ timeout: 5_000 });
    await expect(a.page.getByRole("link", { name: "Signed in as Alice Attendee" }).count()).resolves.toBe(1);
    await expect(a.page.getByTestId("dots-left").textContent()).resolves.toBe("1 of 3 dots left");
    await expect(a.page.getByTestId("my-dots").textContent()).resolves.toBe("Your dots: 2");
    await expect(a.page.getByText("Yours").count()).resolves.toBe(1);
    // Interactive: a dot placed and taken back, shown in place.
    await a.page.getByRole("button", { name: "Add a dot to “Flaky tests”" }).click();
    await a.page.getByTestId("dots-left").getByText("0 of 3 dots left").waitFor({ timeout: 5_000 });
    await a.page.getByRole("button", { name: "Take a dot back from “Flaky tests”" }).click();
    await a.page.getByTestId("dots-left").getByText("1 of 3 dots left").waitFor({ timeout: 5_000 });
    expect(a.problems).toEqual([]);
    expect(a.consoleErrors).toEqual([]);

    // Without JavaScript the same page, personal parts included, from the template too
    // (once it is learnt again: the votes above were writes).
    await client(server.url, bobCookie).get(path);
    const noJs = await open(aliceCookie, path, false);
    expect(noJs.fromTemplate).toBe(true);
    await expect(noJs.page.getByTestId("my-dots").textContent()).resolves.toBe("Your dots: 2");
    await expect(noJs.page.getByTestId("dots-left").textContent()).resolves.toBe("1 of 3 dots left");
    await noJs.page.getByRole("button", { name: "Take a dot back from “Code review etiquette”" }).click();
    await noJs.page.getByTestId("dots-left").getByText("2 of 3 dots left").waitFor({ timeout: 5_000 });
    await expect(noJs.page.getByTestId("my-dots").textContent()).resolves.toBe("Your dots: 1");
  });
});
