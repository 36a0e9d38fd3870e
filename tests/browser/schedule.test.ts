// The unconference schedule in real Chromium: proposing, starring, placing with the
// no-JS form, by drag-and-drop and by keyboard, conflict warnings, and the agenda with
// its clash notice and private calendar link. Elements are found by label, role and
// name (drop targets by their cell test id); pages are checked with axe-core.
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { scheduleSessions, stars } from "#db/schema";
import { expectAccessible } from "../helpers/axe";
import { newBrowserContext, signInContext, watchPage } from "../helpers/browser";
import { sessionCookieFor, startTestServer } from "../helpers/server";
import { asActor, makeUnconference, propose } from "../schedule/helpers";
import { starSession } from "~/schedule/agenda.server";
import { loadSession } from "~/schedule/sessions.server";

const server = await startTestServer();
const fixture = await makeUnconference({ attendees: 3 });
const { event, organiser, attendees, rooms, slots } = fixture;
const [ana, ben] = attendees;
const base = `/events/${event.slug}`;

const organiserContext = await newBrowserContext();
const attendeeContext = await newBrowserContext({ viewport: { width: 1280, height: 900 } });
await signInContext(organiserContext, server.url, await sessionCookieFor(organiser.id));
await signInContext(attendeeContext, server.url, await sessionCookieFor(ana.id));
const org = await organiserContext.newPage();
const me = await attendeeContext.newPage();
for (const p of [org, me]) p.setDefaultTimeout(10_000);
const problems = [org, me].map((p) => watchPage(p));

async function open(page: Page, path: string) {
  const response = await page.goto(server.url + path);
  await page.waitForLoadState("networkidle");
  return response;
}

const sessionByTitle = (title: string) => getDb().select().from(scheduleSessions).where(eq(scheduleSessions.title, title)).get();

describe("schedule in Chromium", () => {
  it("an attendee proposes a session with the form", async () => {
    await open(me, `${base}/sessions/new`);
    await expectAccessible(me);
    await me.getByLabel("Title").fill("Chaos engineering on Fridays");
    await me.getByLabel("Abstract").fill("Why we break things **on purpose**.");
    await me.getByLabel("Format").selectOption("workshop");
    await expect(me.getByLabel(ana.name!).isChecked()).resolves.toBe(true);
    await me.getByLabel(ben.name!).check();
    await me.getByLabel("Tags").fill("resilience, sre");
    await me.getByRole("button", { name: "Propose session" }).click();
    await me.getByRole("heading", { name: "Chaos engineering on Fridays" }).waitFor();
    await me.locator("strong", { hasText: "on purpose" }).waitFor();
    const created = sessionByTitle("Chaos engineering on Fridays")!;
    expect(
      loadSession(event.id, created.id)
        .hosts.map((h) => h.id)
        .sort(),
    ).toEqual([ana.id, ben.id].sort());
  });

  it("stars a session on the grid (optimistic, and kept after reload)", async () => {
    const created = sessionByTitle("Chaos engineering on Fridays")!;
    await open(me, `${base}/schedule`);
    const star = me.getByRole("button", { name: /^Star “Chaos engineering on Fridays”/ });
    await star.click();
    await me.getByRole("button", { name: /^Unstar “Chaos engineering on Fridays”, 1 star$/ }).waitFor();
    await expect
      .poll(
        () =>
          getDb()
            .select()
            .from(stars)
            .where(and(eq(stars.sessionId, created.id), eq(stars.userId, ana.id)))
            .all().length,
      )
      .toBe(1);
    await me.reload();
    await expect(
      me.getByRole("button", { name: /^Unstar “Chaos engineering on Fridays”, 1 star$/ }).getAttribute("aria-pressed"),
    ).resolves.toBe("true");
    // Card titles are plain links followed client-side: no new document is loaded.
    await me.evaluate(() => ((window as unknown as { kxMarker: number }).kxMarker = 1));
    await me.getByRole("link", { name: "Chaos engineering on Fridays", exact: true }).click();
    await me.getByRole("heading", { name: "Chaos engineering on Fridays" }).waitFor();
    expect(new URL(me.url()).pathname).toBe(`${base}/sessions/${created.id}`);
    await expect(me.evaluate(() => (window as unknown as { kxMarker?: number }).kxMarker)).resolves.toBe(1);
  });

  it("an organiser places a session with the form", async () => {
    await open(org, `${base}/schedule`);
    await expectAccessible(org);
    await org.getByLabel("Session", { exact: true }).selectOption({ label: "Chaos engineering on Fridays" });
    await org.getByLabel("Room", { exact: true }).selectOption({ label: "Big hall (50 seats)" });
    await org.getByLabel(/^Slot/).selectOption({ index: 2 }); // Opening (plenary), 10:00, 11:00: lunch is not offered
    await org.getByRole("button", { name: "Place session" }).click();
    await org.getByText("Placed “Chaos engineering on Fridays” in Big hall").waitFor();
    const placed = sessionByTitle("Chaos engineering on Fridays")!;
    expect(placed).toMatchObject({ roomId: rooms.big.id, slotId: slots.ten.id, status: "accepted" });
    await org
      .getByTestId(`cell-${rooms.big.id}-${slots.ten.id}`)
      .getByRole("link", { name: "Chaos engineering on Fridays", exact: true })
      .waitFor();
    // The notes page is linked from the grid.
    const noteId = loadSession(event.id, placed.id).noteId;
    await org.getByRole("link", { name: "Notes for “Chaos engineering on Fridays”" }).waitFor();
    expect(await org.getByRole("link", { name: "Notes for “Chaos engineering on Fridays”" }).getAttribute("href")).toBe(`/notes/${noteId}`);
  });

  it("places by drag-and-drop and warns about a host in two places and agenda clashes", async () => {
    // Ana hosts "Chaos engineering" at 10:00; her second session will clash.
    const second = propose(event, ana, "Second session by Ana");
    starSession(event, asActor(ben), second.id);
    starSession(event, asActor(ben), sessionByTitle("Chaos engineering on Fridays")!.id);
    await open(org, `${base}/schedule`);
    const card = org.locator(`article[data-session-id="${second.id}"]`);
    const target = org.getByTestId(`cell-${rooms.small.id}-${slots.ten.id}`);
    await card.dragTo(target);
    await org.getByText("Placed “Second session by Ana” in Small room").waitFor();
    expect(loadSession(event.id, second.id)).toMatchObject({ roomId: rooms.small.id, slotId: slots.ten.id });
    const warnings = org.getByRole("region", { name: /Schedule warnings/ });
    await warnings.getByText(/hosts both “Chaos engineering on Fridays”/).waitFor();
    await warnings.getByText(/1 person has starred both/).waitFor();
    await target.getByRole("link", { name: "Second session by Ana", exact: true }).waitFor();
  });

  it("moves a session with the keyboard only", async () => {
    const third = propose(event, ben, "Keyboard placed", [ben.id]);
    await open(org, `${base}/schedule`);
    const move = org.getByRole("button", { name: "Move “Keyboard placed”" });
    await move.focus();
    await org.keyboard.press("Enter");
    await org.getByText("Moving “Keyboard placed”").waitFor();
    const placeHere = org.getByRole("button", { name: /^Place here\s+“Keyboard placed” in Small room at 11:00$/ });
    await placeHere.focus();
    await org.keyboard.press("Enter");
    await org.getByText("Placed “Keyboard placed” in Small room").waitFor();
    expect(loadSession(event.id, third.id)).toMatchObject({ roomId: rooms.small.id, slotId: slots.eleven.id });
  });

  it("warns when stars exceed the room, suggesting a bigger free room", async () => {
    const popular = sessionByTitle("Keyboard placed")!;
    for (const fan of attendees) starSession(event, asActor(fan), popular.id);
    await open(org, `${base}/schedule`);
    await org
      .getByRole("region", { name: /Schedule warnings/ })
      .getByText("“Keyboard placed” has 3 stars but Small room seats 2. Big hall (50 seats) is free at 11:00.")
      .waitFor();
  });

  it("shows the attendee's agenda with its clash and a private calendar link", async () => {
    await signInContext(attendeeContext, server.url, await sessionCookieFor(ben.id));
    await open(me, `${base}/agenda`);
    await expectAccessible(me);
    await me.getByText(/Your agenda has 1 clash/).waitFor();
    await me.getByRole("link", { name: "Chaos engineering on Fridays" }).waitFor();
    await me.getByRole("link", { name: "Second session by Ana" }).waitFor();
    await me.getByRole("button", { name: "Create private link" }).click();
    const link = await me.getByLabel("Your private calendar link").inputValue();
    expect(link).toMatch(new RegExp(`${base}/agenda\\.ics\\?token=[\\w-]{20,}`));
    const feed = await fetch(link);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain("SUMMARY:Second session by Ana");
    await me.getByRole("button", { name: "Revoke link" }).click();
    await me.getByText("no longer works").waitFor();
    expect((await fetch(link)).status).toBe(410);
  });

  it("prints one day per page, without navigation or forms", async () => {
    await open(org, `${base}/schedule`);
    await org.emulateMedia({ media: "print" });
    const style = await org
      .locator(".schedule-day")
      .first()
      .evaluate((el) => getComputedStyle(el).breakAfter);
    expect(style).toBe("page");
    await expect(org.getByRole("button", { name: "Place session" }).isVisible()).resolves.toBe(false);
    await expect(org.locator("header").first().isVisible()).resolves.toBe(false);
    await expect(org.getByRole("link", { name: "Chaos engineering on Fridays", exact: true }).isVisible()).resolves.toBe(true);
    await org.emulateMedia({ media: "screen" });
  });

  it("raised no page errors or dialogs", () => {
    expect(problems.flat()).toEqual([]);
  });
});
