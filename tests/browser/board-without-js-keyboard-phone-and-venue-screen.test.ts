// QA flows in real Chromium that the part tests did not cover: the board used with
// JavaScript switched off (every action a plain form post), keyboard-only voting, the
// phone layout of the board and the schedule grid (no sideways scrolling of the page),
// the venue screen and plain-text excerpts on the notes archive.
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { boards, votes } from "#db/schema";
import { setPhase } from "~/board/boards.server";
import { proposeTopic } from "~/board/topics.server";
import { createNote } from "~/notes/create-note.server";
import { starSession } from "~/schedule/agenda.server";
import { placeSession } from "~/schedule/placement.server";
import { expectAccessible } from "../helpers/axe";
import { openSignedIn } from "../helpers/browser";
import { sessionCookieFor, startTestServer } from "../helpers/server";
import { leanCoffee } from "../board/helpers";
import { asActor, DAY, makeUnconference, propose, YEAR } from "../schedule/helpers";

const server = await startTestServer();
const PHONE = { width: 390, height: 844 };

const openAs = async (userId: number, url: string, options: Parameters<typeof openSignedIn>[3] = {}) =>
  openSignedIn(server.url, await sessionCookieFor(userId), url, options);

/** Clicks a submit button and waits for the post/redirect/get round trip to finish. */
async function submit(page: Page, name: string | RegExp) {
  const response = page.waitForResponse((r) => r.request().method() === "POST");
  await page.getByRole("button", { name }).click();
  const status = (await response).status();
  await page.waitForLoadState("load");
  return status;
}

const pageOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const dotsOf = (boardId: number, userId: number) =>
  getDb()
    .select()
    .from(votes)
    .where(eq(votes.boardId, boardId))
    .all()
    .filter((v) => v.userId === userId).length;

describe("the board without JavaScript", () => {
  it("proposes, changes phase, votes and takes a dot back as plain form posts", async () => {
    const { event, board, alice, organiser } = await leanCoffee({ title: "No-JS Lean Coffee" });
    const url = `/events/${event.slug}/board`;
    const f = await openAs(organiser.id, url, { javaScriptEnabled: false });
    const a = await openAs(alice.id, url, { javaScriptEnabled: false, viewport: PHONE });

    // No live connection without JavaScript: the page says so instead of "Connecting…".
    expect(await a.page.getByText("Connecting…").count()).toBe(0);

    await a.page.getByLabel("Topic", { exact: true }).fill("Pairing across companies");
    expect(await submit(a.page, "Add topic")).toBe(302); // post/redirect/get
    await a.page.getByRole("heading", { name: "Pairing across companies" }).waitFor();

    await f.page.reload();
    expect(await submit(f.page, "Open voting")).toBe(302); // post/redirect/get
    expect(getDb().select().from(boards).where(eq(boards.id, board.id)).get()!.phase).toBe("vote");

    await a.page.reload();
    await a.page.getByText("3 of 3 dots left").waitFor();
    await submit(a.page, "Add a dot to “Pairing across companies”");
    await submit(a.page, "Add a dot to “Pairing across companies”");
    await a.page.getByText("1 of 3 dots left").waitFor();
    expect(dotsOf(board.id, alice.id)).toBe(2);
    await submit(a.page, "Take a dot back from “Pairing across companies”");
    await a.page.getByText("2 of 3 dots left").waitFor();
    expect(dotsOf(board.id, alice.id)).toBe(1);

    await f.page.reload();
    expect(await submit(f.page, "Close voting and discuss")).toBe(302); // post/redirect/get
    expect(getDb().select().from(boards).where(eq(boards.id, board.id)).get()!.phase).toBe("discuss");
    expect([...f.problems, ...a.problems]).toEqual([]);
  });
});

describe("voting with the keyboard only", () => {
  it("adds and takes back dots with Tab, Enter and Space", async () => {
    const { event, board, alice, bob, organiser } = await leanCoffee({ title: "Keyboard Lean Coffee" });
    proposeTopic(board.id, { id: bob.id }, { title: "Docs as code" });
    setPhase(board.id, "vote", { id: organiser.id });
    const { page, problems } = await openAs(alice.id, `/events/${event.slug}/board`, { viewport: PHONE });
    await page.locator('[data-live-status="live"]').waitFor();

    const add = page.getByRole("button", { name: "Add a dot to “Docs as code”" });
    const takeBack = page.getByRole("button", { name: "Take a dot back from “Docs as code”" });
    // Tab from the top of the page until the "add" button has the focus.
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await add.evaluate((el) => el === document.activeElement);
    }
    expect(reached).toBe(true);
    await page.keyboard.press("Enter");
    await page.getByText("2 of 3 dots left").waitFor();
    await expect.poll(() => add.evaluate((el) => el === document.activeElement)).toBe(true); // focus stays put
    await page.keyboard.press(" ");
    await page.getByText("1 of 3 dots left").waitFor();
    await page.keyboard.press("Shift+Tab"); // back to "take a dot back"
    await expect.poll(() => takeBack.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    await page.getByText("2 of 3 dots left").waitFor();
    await expect.poll(() => dotsOf(board.id, alice.id)).toBe(1);
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });
});

describe("phone layout", () => {
  it("shows the board and the schedule grid without sideways scrolling of the page", async () => {
    const { event: lc, board, alice: lcAlice, organiser: lcOrganiser } = await leanCoffee({ title: "Phone Lean Coffee" });
    proposeTopic(board.id, { id: lcAlice.id }, { title: "Observability budgets for small teams with many services" });
    setPhase(board.id, "vote", { id: lcOrganiser.id });
    const b = await openAs(lcAlice.id, `/events/${lc.slug}/board`, { viewport: PHONE });
    await b.page.getByText("3 of 3 dots left").waitFor();
    expect(await pageOverflow(b.page)).toBe(0);
    await expectAccessible(b.page);

    // On a phone the grid becomes a list by time slot that fits the screen (issue 17.3: it used
    // to scroll sideways in its own box); the page does not scroll sideways either, also not
    // because of visually hidden labels on sessions in the far-right room.
    const { event, organiser, attendees, rooms, slots } = await makeUnconference({ attendees: 2 });
    const [attendee] = attendees;
    const session = propose(event, attendee, "Tracing a request through three services", [attendee.id], { organiser });
    placeSession(event, asActor(organiser), { sessionId: session.id, roomId: rooms.big.id, slotId: slots.ten.id });
    starSession(event, asActor(attendee), session.id);
    const g = await openAs(attendee.id, `/events/${event.slug}/schedule`, { viewport: PHONE });
    await g.page.getByRole("link", { name: "Tracing a request through three services", exact: true }).waitFor();
    expect(await g.page.locator(".schedule-table").evaluate((t) => t.getBoundingClientRect().width)).toBeLessThanOrEqual(PHONE.width);
    expect(await pageOverflow(g.page)).toBe(0);
    await expectAccessible(g.page);
    expect([...b.problems, ...g.problems]).toEqual([]);
  });
});

describe("venue screen and archive wording", () => {
  it("names the date of a later next slot and keeps the page accessible (no meta refresh with JavaScript)", async () => {
    const { event, attendees } = await makeUnconference({ attendees: 1 });
    const { page, problems } = await openAs(attendees[0].id, `/events/${event.slug}/now?at=${YEAR}-06-01T08:00:00Z`);
    await page.getByRole("heading", { name: "Next" }).waitFor();
    const weekday = new Intl.DateTimeFormat("en-GB", { weekday: "short", timeZone: "UTC" }).format(new Date(`${DAY}T12:00:00Z`));
    expect(await page.locator("main").innerText()).toContain(`${weekday}, 4 June ${YEAR}`);
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  it("shows note excerpts as plain text, without Markdown marks or stray spaces", async () => {
    const { event, organiser } = await makeUnconference({ attendees: 0 });
    createNote({
      eventId: event.id,
      title: "Agenda ideas",
      body: "Collected before the day: **feature flags at scale**, *data contracts*, and a [hands-on session](https://example.com/otel).",
      authorIds: [organiser.id],
      visibility: "public",
      tags: ["planning"],
    });
    const { page, problems } = await openAs(organiser.id, "/notes");
    const excerpt = "Collected before the day: feature flags at scale, data contracts, and a hands-on session.";
    await page.getByText(excerpt).waitFor();
    await page.goto(`${server.url}/notes?q=flags`);
    await page.locator("mark", { hasText: "flags" }).first().waitFor();
    expect(await page.locator("main").innerText()).toContain("feature flags at scale, data contracts, and a hands-on session");
    expect(await page.locator("main").innerText()).not.toContain("**");

    // Searching as you type puts only the filters in use into the address.
    await page.goto(`${server.url}/notes`);
    await page.getByLabel("Search notes").pressSequentially("flags");
    await page.waitForURL(/\?q=flags$/);
    await page.locator("mark", { hasText: "flags" }).first().waitFor();

    // Empty states say why the list is empty.
    await page.goto(`${server.url}/notes?page=99`);
    await page.getByText("No more notes on this page").waitFor();
    await page.getByRole("link", { name: "Back to the first page" }).click();
    await page.getByText(excerpt).waitFor();
    await page.goto(`${server.url}/notes?tag=no-such-tag`);
    await page.getByText("No notes match these filters").waitFor();
    expect(problems).toEqual([]);
  });
});
