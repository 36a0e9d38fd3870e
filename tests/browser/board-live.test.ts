// Live deltas in real Chromium: two attendees see each other's dots without any reload
// of the board data (no `?_data=` GET), the voter's own vote is settled by the action's
// reply, a refused vote is rolled back with the server's message, and with hidden
// tallies attendees' pages stay put while the facilitator's page reloads to show counts.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { setPhase, updateBoardSettings } from "~/board/boards.server";
import { castVote } from "~/board/dot-votes.server";
import { proposeTopic } from "~/board/topics.server";
import { newBrowserContext, signInContext, watchPage } from "../helpers/browser";
import { sessionCookieFor, startTestServer } from "../helpers/server";
import { leanCoffee } from "../board/helpers";

const server = await startTestServer();
const LIVE = 5_000;

async function openBoard(userId: number, path: string) {
  const context = await newBrowserContext();
  await signInContext(context, server.url, await sessionCookieFor(userId));
  const page = await context.newPage();
  const problems = watchPage(page);
  // Every request for route data (what a revalidation sends), after the first load.
  const reloads: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "GET" && r.url().includes("_data=")) reloads.push(r.url());
  });
  await page.goto(server.url + path);
  await page.locator('[data-live-status="live"]').waitFor({ timeout: LIVE });
  return { page, problems, reloads };
}

const meter = (page: Page, title: string, value: number) =>
  page.locator(`[role="meter"][aria-label="Dots on “${title}”"][aria-valuenow="${value}"]`).first();

describe("live dots without reloading", () => {
  it("shows each other's dots in two browsers with no reload request, and rolls back a refused vote", async () => {
    const { event, board, alice, bob, organiser } = await leanCoffee({ title: "Delta Lean Coffee" });
    proposeTopic(board.id, { id: alice.id }, { title: "Flaky tests" });
    proposeTopic(board.id, { id: bob.id }, { title: "Code review etiquette" });
    setPhase(board.id, "vote", { id: organiser.id });
    const path = `/events/${event.slug}/board`;
    const a = await openBoard(alice.id, path);
    const b = await openBoard(bob.id, path);

    await a.page.getByRole("button", { name: "Add a dot to “Code review etiquette”" }).click();
    await meter(b.page, "Code review etiquette", 1).waitFor({ timeout: LIVE });
    await a.page.getByTestId("dots-left").getByText("2 of 3 dots left").waitFor({ timeout: LIVE });
    await b.page.getByRole("button", { name: "Add a dot to “Flaky tests”" }).click();
    await b.page.getByRole("button", { name: "Add a dot to “Flaky tests”" }).click();
    await meter(a.page, "Flaky tests", 2).waitFor({ timeout: LIVE });
    await b.page.getByTestId("dots-left").getByText("1 of 3 dots left").waitFor({ timeout: LIVE });
    await a.page.getByRole("button", { name: "Take a dot back from “Code review etiquette”" }).click();
    await meter(b.page, "Code review etiquette", 0).waitFor({ timeout: LIVE });
    await a.page.getByTestId("dots-left").getByText("3 of 3 dots left").waitFor({ timeout: LIVE });
    // Most dots first, re-sorted in place.
    await expect.poll(() => b.page.locator("li[id^=topic-] h3").first().textContent(), { timeout: LIVE }).toBe("Flaky tests");
    expect(await a.page.getByTestId("my-dots").count()).toBe(0); // no dot left anywhere
    expect(await a.page.getByRole("button", { name: /Take a dot back/ }).count()).toBe(0);
    expect(await b.page.getByTestId("my-dots").textContent()).toBe("Your dots: 2");
    expect(a.reloads).toEqual([]);
    expect(b.reloads).toEqual([]);

    // Alice spends her dots elsewhere (another tab): her open page still thinks she has 3.
    const flaky = await topicId(a.page, "Flaky tests");
    for (let i = 0; i < 3; i++) castVote(board.id, flaky, { id: alice.id });
    await meter(a.page, "Flaky tests", 5).waitFor({ timeout: LIVE });
    await a.page.getByRole("button", { name: "Add a dot to “Code review etiquette”" }).click();
    await a.page.getByRole("alert").getByText("You have used all 3 of your dots").waitFor({ timeout: LIVE });
    // Rolled back, then reloaded once to show the truth.
    await meter(a.page, "Code review etiquette", 0).waitFor({ timeout: LIVE });
    await a.page.getByTestId("dots-left").getByText("0 of 3 dots left").waitFor({ timeout: LIVE });
    expect(a.reloads.length).toBe(1);
    expect(b.reloads).toEqual([]);
    expect([...a.problems, ...b.problems]).toEqual([]);
  });

  it("with hidden tallies: attendees' pages stay put, the facilitator's page reloads to show the count", async () => {
    const { event, board, alice, bob, organiser } = await leanCoffee({ title: "Hidden Lean Coffee" });
    proposeTopic(board.id, { id: alice.id }, { title: "Secret ballot" });
    updateBoardSettings(
      board.id,
      {
        title: "Lean Coffee",
        votesPerPerson: 3,
        allowStacking: true,
        hideTallies: true,
        timeboxMinutes: 8,
        extensionMinutes: 4,
        takeawaysBy: "facilitator",
      },
      { id: organiser.id },
    );
    setPhase(board.id, "vote", { id: organiser.id });
    const path = `/events/${event.slug}/board`;
    const a = await openBoard(alice.id, path);
    const b = await openBoard(bob.id, path);
    const f = await openBoard(organiser.id, path);
    await a.page.getByRole("button", { name: "Add a dot to “Secret ballot”" }).click();
    await a.page.getByTestId("my-dots").getByText("Your dots: 1").waitFor({ timeout: LIVE });
    await meter(f.page, "Secret ballot", 1).waitFor({ timeout: LIVE });
    expect(f.reloads.length).toBeGreaterThanOrEqual(1);
    // A barrier instead of a sleep: a later frame (new settings, 4 dots each) reloads every
    // page once. Frames arrive in order, so once Bob's page shows it, it has handled the
    // vote's frame too.
    updateBoardSettings(
      board.id,
      {
        title: "Lean Coffee",
        votesPerPerson: 4,
        allowStacking: true,
        hideTallies: true,
        timeboxMinutes: 8,
        extensionMinutes: 4,
        takeawaysBy: "facilitator",
      },
      { id: organiser.id },
    );
    await b.page.getByTestId("dots-left").getByText("4 of 4 dots left").waitFor({ timeout: LIVE });
    await a.page.getByTestId("dots-left").getByText("3 of 4 dots left").waitFor({ timeout: LIVE });
    expect(await b.page.locator('[role="meter"]').count()).toBe(0);
    expect(await b.page.getByText("Tally hidden until voting closes").count()).toBe(1);
    // One reload each, for the settings: the vote itself reloaded no attendee's page
    // (a reload for it would have made two: the second one queued behind the first).
    expect(a.reloads).toHaveLength(1);
    expect(b.reloads).toHaveLength(1);
    expect([...a.problems, ...b.problems, ...f.problems]).toEqual([]);
  });
});

describe("switching boards", () => {
  it("starts each board afresh: one board's live dots never show on another", async () => {
    const { event, board, alice, organiser } = await leanCoffee({ title: "Two-board Lean Coffee" });
    const { createBoard } = await import("~/board/boards.server");
    const second = createBoard(event.id, { id: organiser.id }, "Afternoon");
    for (const b of [board, second]) {
      proposeTopic(b.id, { id: alice.id }, { title: `Topic on ${b.id}` });
      setPhase(b.id, "vote", { id: organiser.id });
    }
    const a = await openBoard(alice.id, `/events/${event.slug}/boards/${board.id}`);
    await a.page.getByRole("button", { name: `Add a dot to “Topic on ${board.id}”` }).click();
    await a.page.getByTestId("dots-left").getByText("2 of 3 dots left").waitFor({ timeout: LIVE });
    await a.page.getByRole("navigation", { name: "Boards of this event" }).getByRole("link", { name: "Afternoon" }).click();
    await a.page.getByRole("heading", { name: `Topic on ${second.id}` }).waitFor({ timeout: LIVE });
    await a.page.locator('[data-live-status="live"]').waitFor({ timeout: LIVE });
    expect(await a.page.getByTestId("dots-left").textContent()).toBe("3 of 3 dots left");
    await meter(a.page, `Topic on ${second.id}`, 0).waitFor({ timeout: LIVE });
    expect(a.problems).toEqual([]);
  });
});

async function topicId(page: Page, title: string) {
  const id = await page.locator("li[id^=topic-]", { has: page.getByRole("heading", { name: title }) }).getAttribute("id");
  return Number(id!.replace("topic-", ""));
}
