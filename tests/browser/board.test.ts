// A whole Lean Coffee in real Chromium: two attendees in two browser contexts (one on
// a phone-sized screen) and a facilitator. Everyone sees the others' changes live; the
// facilitator runs a time-box with a Roman vote and an extension; the takeaways land
// in the archive.
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { notes, topics } from "#db/schema";
import { newBrowserContext, signInContext, watchPage } from "../helpers/browser";
import { sessionCookieFor, startTestServer } from "../helpers/server";
import { leanCoffee } from "../board/helpers";

const server = await startTestServer();
const LIVE = 5_000;

async function openBoard(cookie: string, path: string, viewport?: { width: number; height: number }) {
  const context = await newBrowserContext(viewport ? { viewport } : {});
  await signInContext(context, server.url, cookie);
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(server.url + path);
  await page.locator('[data-live-status="live"]').waitFor({ timeout: LIVE });
  return { page, problems };
}

const meter = (page: Page, title: string, value: number) =>
  page.locator(`[role="meter"][aria-label="Dots on “${title}”"][aria-valuenow="${value}"]`).first();

describe("a whole Lean Coffee in the browser", () => {
  it("runs from proposals to takeaways with live updates everywhere", async () => {
    const { event, board, alice, bob, organiser } = await leanCoffee({ title: "Browser Lean Coffee" });
    const path = `/events/${event.slug}/board`;
    const a = await openBoard(await sessionCookieFor(alice.id), path, { width: 390, height: 844 });
    const b = await openBoard(await sessionCookieFor(bob.id), path);
    const f = await openBoard(await sessionCookieFor(organiser.id), path);

    // Collect: each attendee proposes; the other sees it without reloading.
    await a.page.getByLabel("Topic", { exact: true }).fill("Testing in production");
    await a.page.getByRole("button", { name: "Add topic" }).click();
    await b.page.getByRole("heading", { name: "Testing in production" }).waitFor({ timeout: LIVE });
    // Polled: the server tells Bob's page before its answer resets Alice's form.
    await expect.poll(() => a.page.getByLabel("Topic", { exact: true }).inputValue(), { timeout: LIVE }).toBe(""); // form reset
    await b.page.getByLabel("Topic", { exact: true }).fill("Hiring juniors");
    await b.page.getByLabel("Details (optional)").fill("Onboarding that works");
    await b.page.getByRole("button", { name: "Add topic" }).click();
    await a.page.getByRole("heading", { name: "Hiring juniors" }).waitFor({ timeout: LIVE });
    await f.page.getByRole("heading", { name: "Hiring juniors" }).waitFor({ timeout: LIVE });

    // Vote: the facilitator opens voting; both attendees see their budget appear.
    await f.page.getByRole("button", { name: "Open voting" }).click();
    await a.page.getByTestId("dots-left").getByText("3 of 3 dots left").waitFor({ timeout: LIVE });
    await b.page.getByTestId("dots-left").getByText("3 of 3 dots left").waitFor({ timeout: LIVE });

    // Alice stacks two dots on Bob's topic; her own count updates at once (optimistic),
    // Bob's open board shows the tally live. Measure click → visible on Bob's screen.
    // Timestamps are taken inside the pages (same machine clock): the click in Alice's
    // page, and a MutationObserver in Bob's page noting when the tally shows the new value.
    const latencies: number[] = [];
    // Every request for Bob's route data (what a reload of the board sends) while Alice votes.
    const bobReloads: string[] = [];
    const watchBobReloads = (r: { method(): string; url(): string }) => {
      if (r.method() === "GET" && r.url().includes("_data=")) bobReloads.push(r.url());
    };
    b.page.on("request", watchBobReloads);
    for (let i = 1; i <= 2; i++) {
      await b.page.evaluate(
        ({ title, value }) => {
          const w = window as unknown as { __seenAt?: number };
          w.__seenAt = undefined;
          const selector = `[role="meter"][aria-label="Dots on “${title}”"][aria-valuenow="${value}"]`;
          const observer = new MutationObserver(() => {
            if (document.querySelector(selector)) {
              w.__seenAt = Date.now();
              observer.disconnect();
            }
          });
          observer.observe(document.body, { subtree: true, childList: true, attributes: true });
        },
        { title: "Hiring juniors", value: i },
      );
      const button = a.page.getByRole("button", { name: "Add a dot to “Hiring juniors”" });
      await button.waitFor();
      const clickedAt = await button.evaluate((el) => {
        const at = Date.now();
        (el as HTMLButtonElement).click();
        return at;
      });
      await meter(b.page, "Hiring juniors", i).waitFor({ timeout: LIVE });
      const seenAt = await b.page.evaluate(() => (window as unknown as { __seenAt?: number }).__seenAt);
      expect(seenAt).toBeGreaterThan(0);
      latencies.push(seenAt! - clickedAt);
    }
    b.page.off("request", watchBobReloads);
    console.log(`[board browser] vote click → tally on the other board: ${latencies.join(", ")} ms`);
    // The 1-second target is measured by the figures above and `npm run bench`. That the
    // tally arrived live is shown without a clock (which a loaded machine would fail): Bob's
    // page asked the server for nothing, the live stream brought it.
    expect(bobReloads).toEqual([]);
    await a.page.getByTestId("dots-left").getByText("1 of 3 dots left").waitFor({ timeout: LIVE });
    await b.page.getByRole("button", { name: "Add a dot to “Testing in production”" }).click();
    await meter(a.page, "Testing in production", 1).waitFor({ timeout: LIVE });
    // Alice takes one dot back; everyone sees 1.
    await a.page.getByRole("button", { name: "Take a dot back from “Hiring juniors”" }).click();
    await meter(b.page, "Hiring juniors", 1).waitFor({ timeout: LIVE });
    await a.page.getByRole("button", { name: "Add a dot to “Hiring juniors”" }).click();
    await meter(f.page, "Hiring juniors", 2).waitFor({ timeout: LIVE });
    console.log(`[board browser] vote click in one browser → tally on another open board: ${latencies.join(", ")} ms`);

    // Discuss: the top topic is started; everyone sees it with a running countdown.
    await f.page.getByRole("button", { name: "Close voting and discuss" }).click();
    await f.page.getByRole("button", { name: "Start discussing “Hiring juniors”" }).click();
    for (const p of [a.page, b.page]) {
      await p.getByTestId("current-topic").getByRole("heading", { name: "Hiring juniors" }).waitFor({ timeout: LIVE });
      await p.getByRole("timer", { name: /Time left [78]:\d\d/ }).waitFor({ timeout: LIVE });
    }
    // A reload loses nothing: the end time is stored.
    await b.page.reload();
    await b.page.getByRole("timer", { name: /Time left [78]:\d\d/ }).waitFor({ timeout: LIVE });
    await b.page.locator('[data-live-status="live"]').waitFor({ timeout: LIVE });

    // Time is up → Roman vote for everyone, tallied live.
    await f.page.getByRole("button", { name: "End time-box now" }).click();
    await a.page.getByRole("button", { name: "👍 Continue" }).click();
    await b.page.getByRole("button", { name: "✊ Neutral" }).click();
    await f.page.getByTestId("roman-continue").getByText("1", { exact: true }).waitFor({ timeout: LIVE });
    await f.page.getByTestId("roman-neutral").getByText("1", { exact: true }).waitFor({ timeout: LIVE });
    await a.page.getByTestId("roman-neutral").getByText("1", { exact: true }).waitFor({ timeout: LIVE });

    // The room wants more: the facilitator extends; a fresh countdown and an empty round.
    await f.page.getByRole("button", { name: "Extend by 4 min" }).click();
    await a.page.getByRole("timer", { name: /Time left [34]:\d\d/ }).waitFor({ timeout: LIVE });
    await a.page.getByText("extended 1×").waitFor({ timeout: LIVE });
    await f.page.getByRole("button", { name: "End time-box now" }).click();
    await b.page.getByRole("button", { name: "👎 Move on" }).click();
    await f.page.getByTestId("roman-move_on").getByText("1", { exact: true }).waitFor({ timeout: LIVE });
    expect(await f.page.getByTestId("roman-continue").textContent()).toBe("0");

    // Finish with takeaways: they become a note in the archive.
    await f.page.getByLabel("Takeaways (Markdown)").fill("- Pair juniors with a buddy\n- Write the onboarding down");
    await f.page.getByLabel("Who may read the note").selectOption("public");
    await f.page.getByRole("button", { name: "Finish topic" }).click();
    const archiveLink = a.page.getByRole("link", { name: "Takeaways in the archive →" });
    await archiveLink.waitFor({ timeout: LIVE });
    await b.page.getByRole("link", { name: "Takeaways in the archive →" }).waitFor({ timeout: LIVE });

    const topic = getDb()
      .select()
      .from(topics)
      .where(and(eq(topics.boardId, board.id), eq(topics.title, "Hiring juniors")))
      .get()!;
    expect(topic.status).toBe("discussed");
    expect(topic.extensions).toBe(1);
    expect(topic.discussedSeconds).toBeGreaterThanOrEqual(0);
    const note = getDb().select().from(notes).where(eq(notes.topicId, topic.id)).get()!;
    expect(note).toMatchObject({ eventId: event.id, createdById: organiser.id, visibility: "public" });
    expect(note.body).toContain("Pair juniors with a buddy");
    expect(await archiveLink.getAttribute("href")).toBe(`/notes/${note.id}`);

    // The summary shows it, rendered.
    await f.page.goto(`${server.url}/events/${event.slug}/boards/${board.id}/summary`);
    await f.page.getByText("Pair juniors with a buddy").waitFor();
    await f.page.getByText("Testing in production").waitFor();

    expect([...a.problems, ...b.problems, ...f.problems]).toEqual([]);
  });

  it("works on a phone-sized screen without horizontal scrolling", async () => {
    const { event, board, alice, organiser } = await leanCoffee();
    const { setPhase } = await import("~/board/boards.server");
    const { proposeTopic } = await import("~/board/topics.server");
    proposeTopic(board.id, { id: alice.id }, { title: "A rather long topic title that has to wrap nicely on a small phone screen" });
    setPhase(board.id, "vote", { id: organiser.id });
    const { page, problems } = await openBoard(await sessionCookieFor(alice.id), `/events/${event.slug}/board`, {
      width: 360,
      height: 740,
    });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const button = page.getByRole("button", { name: /Add a dot to/ });
    const box = (await button.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(40); // big enough for a thumb
    expect(problems).toEqual([]);
  });
});
