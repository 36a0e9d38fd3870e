// Projector mode (issue 17.2) in real Chromium at 1920×1080: the presenter view and
// "Now & next" fill the screen without the site's header and footer, in type readable
// from the back of the room; while topics are collected the board's join QR code; the
// facilitator runs the discussion from the keyboard (N, E, X) and every screen follows live;
// attendees get no keys.
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { events, topics } from "#db/schema";
import { joinPath } from "~/guests/join-link";
import { setPhase } from "~/board/boards.server";
import { startTopic } from "~/board/discussion.server";
import { castVote } from "~/board/dot-votes.server";
import { proposeTopic } from "~/board/topics.server";
import { expectAccessible } from "../helpers/axe";
import { openSignedIn } from "../helpers/browser";
import { sessionCookieFor, startTestServer } from "../helpers/server";
import { leanCoffee } from "../board/helpers";
import { makeUnconference, YEAR } from "../schedule/helpers";

const server = await startTestServer();
const PROJECTOR = { width: 1920, height: 1080 };
const LIVE = 5_000;

async function openPresenter(userId: number, path: string) {
  const opened = await openSignedIn(server.url, await sessionCookieFor(userId), path, { viewport: PROJECTOR });
  await opened.page.locator('[data-live-status="live"]').waitFor({ timeout: LIVE });
  return opened;
}

const fontSize = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));

async function expectNoSiteChrome(page: Page) {
  expect(await page.getByRole("banner").count()).toBe(0);
  expect(await page.getByRole("contentinfo").count()).toBe(0);
  expect(await page.getByRole("button", { name: "Log out" }).count()).toBe(0);
}

/** Presses `key` once its button in the legend is enabled (no post in flight). */
async function pressWhenReady(page: Page, key: string, button: string) {
  const control = page.getByRole("region", { name: "Facilitator keys" }).getByRole("button", { name: button });
  await expect.poll(() => control.isEnabled(), { timeout: LIVE }).toBe(true);
  await page.keyboard.press(key);
}

const topicByTitle = (boardId: number, title: string) =>
  getDb()
    .select()
    .from(topics)
    .where(and(eq(topics.boardId, boardId), eq(topics.title, title)))
    .get()!;

describe("the presenter view on a projector", () => {
  it("while collecting: full screen, no site chrome, large type, the join QR code with its link, new topics appear live", async () => {
    const { event, board, alice, organiser } = await leanCoffee({ title: "Projector Lean Coffee" });
    proposeTopic(board.id, { id: alice.id }, { title: "Monorepos or not" });
    const { page, problems } = await openPresenter(organiser.id, `/events/${event.slug}/boards/${board.id}/present`);

    await expectNoSiteChrome(page);
    const heading = page.getByRole("heading", { level: 1, name: "Propose your topics" });
    await heading.waitFor();
    expect(await fontSize(page, "h1")).toBeGreaterThanOrEqual(48);
    // The layout spans the screen, not a centred column.
    const width = await page.locator("main").evaluate((el) => el.getBoundingClientRect().width);
    expect(width).toBe(PROJECTOR.width);

    const qr = page.getByRole("img", { name: "QR code to join “Lean Coffee”" });
    await qr.waitFor();
    const box = (await qr.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(400);
    expect(box.y + box.height).toBeLessThanOrEqual(PROJECTOR.height);
    const key = getDb().select().from(events).where(eq(events.id, event.id)).get()!.joinKey;
    const joinUrl = `${server.url}${joinPath(event.slug, key, board.id)}`;
    await page.getByText(joinUrl, { exact: true }).waitFor();
    expect(await page.locator("main").innerText()).toContain("1 topic so far");

    proposeTopic(board.id, { id: alice.id }, { title: "Pairing across companies" });
    await page.getByText("Pairing across companies").waitFor({ timeout: LIVE });
    await page.getByText("2 topics so far").waitFor({ timeout: LIVE });
    // The facilitator's legend is there, its keys waiting for the Discuss phase.
    await page.getByRole("region", { name: "Facilitator keys" }).getByText("The keys work in the Discuss phase.").waitFor();
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  it("during the discussion: N moves to the next topic for the facilitator, E extends, X ends the time-box; attendees follow live and have no keys", async () => {
    const { event, board, alice, bob, organiser } = await leanCoffee({ title: "Keyboard Lean Coffee" });
    const first = proposeTopic(board.id, { id: alice.id }, { title: "Flaky test budgets" });
    const second = proposeTopic(board.id, { id: bob.id }, { title: "On-call handovers" });
    proposeTopic(board.id, { id: bob.id }, { title: "Hiring juniors" });
    setPhase(board.id, "vote", { id: organiser.id });
    castVote(board.id, first.id, { id: alice.id });
    castVote(board.id, first.id, { id: bob.id });
    castVote(board.id, second.id, { id: alice.id });
    setPhase(board.id, "discuss", { id: organiser.id });
    startTopic(board.id, first.id, { id: organiser.id });
    const path = `/events/${event.slug}/boards/${board.id}/present`;
    const facilitator = await openPresenter(organiser.id, path);
    const attendee = await openPresenter(alice.id, path);
    const attendeePosts: string[] = [];
    attendee.page.on("request", (r) => {
      if (r.method() === "POST") attendeePosts.push(r.url());
    });

    const f = facilitator.page;
    await f.getByRole("heading", { level: 1, name: "Flaky test budgets" }).waitFor();
    expect(await fontSize(f, "#presenter-topic")).toBeGreaterThanOrEqual(48);
    expect(await fontSize(f, '[role="timer"]')).toBeGreaterThanOrEqual(150);
    await expectNoSiteChrome(f);
    // No join code once the discussion runs.
    expect(await f.getByRole("img", { name: /QR code/ }).count()).toBe(0);
    const legend = f.getByRole("region", { name: "Facilitator keys" });
    await legend.getByRole("button", { name: "N Next topic: “On-call handovers”" }).waitFor();

    await pressWhenReady(f, "n", "N Next topic: “On-call handovers”");
    await f.getByRole("heading", { level: 1, name: "On-call handovers" }).waitFor({ timeout: LIVE });
    await attendee.page.getByRole("heading", { level: 1, name: "On-call handovers" }).waitFor({ timeout: LIVE });
    expect(topicByTitle(board.id, "Flaky test budgets").status).toBe("discussed");
    expect(topicByTitle(board.id, "On-call handovers").status).toBe("discussing");
    await attendee.page.getByText(/Discussed so far: Flaky test budgets/).waitFor({ timeout: LIVE });

    // The attendee's screen: same topic, no legend, no keys; pressing N sends nothing.
    expect(await attendee.page.getByRole("region", { name: "Facilitator keys" }).count()).toBe(0);
    expect(await attendee.page.locator("[aria-keyshortcuts]").count()).toBe(0);
    await attendee.page.keyboard.press("n");

    await pressWhenReady(f, "e", "E Extend by 4 min");
    await expect.poll(() => topicByTitle(board.id, "On-call handovers").extensions, { timeout: LIVE }).toBe(1);

    await pressWhenReady(f, "x", "X End the time-box");
    // Time is up: the Roman tally shows big on both screens, live.
    for (const page of [f, attendee.page]) {
      await page.getByRole("timer", { name: "Time is up" }).waitFor({ timeout: LIVE });
      const tally = page.getByRole("definition").first();
      await tally.waitFor({ timeout: LIVE });
      expect(await tally.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(64);
    }
    await expect.poll(() => topicByTitle(board.id, "On-call handovers").timerEndsAt!.getTime() <= Date.now(), { timeout: LIVE }).toBe(true);
    expect(topicByTitle(board.id, "On-call handovers").status).toBe("discussing");
    // Every change above reached the attendee's page after its N: it sent no post.
    expect(attendeePosts).toEqual([]);
    expect(topicByTitle(board.id, "Hiring juniors").status).toBe("open");
    await expectAccessible(f);
    await expectAccessible(attendee.page);
    expect([...facilitator.problems, ...attendee.problems]).toEqual([]);
  });
});

describe("Now & next on a venue screen", () => {
  it("fills the screen without the site's header and footer, in large type", async () => {
    const { event, attendees } = await makeUnconference({ attendees: 1 });
    const { page, problems } = await openSignedIn(
      server.url,
      await sessionCookieFor(attendees[0].id),
      `/events/${event.slug}/now?at=${YEAR}-06-01T08:00:00Z`,
      {
        viewport: PROJECTOR,
      },
    );
    await page.getByRole("heading", { name: "Next" }).waitFor();
    await expectNoSiteChrome(page);
    expect(await fontSize(page, "h1")).toBeGreaterThanOrEqual(48);
    expect(await fontSize(page, "h2")).toBeGreaterThanOrEqual(40);
    const width = await page.locator("main > div").evaluate((el) => el.getBoundingClientRect().width);
    expect(width).toBe(PROJECTOR.width);
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });
});
