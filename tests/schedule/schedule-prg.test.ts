// Post/redirect/get on the schedule pages (grid, setup; stars also on the session page and
// the agenda): a successful plain form post (no JavaScript)
// answers 303 back to its page, which then shows the outcome once; a refused post still
// answers 4xx with the message in the page and writes nothing; a post from the page with
// JavaScript (`_js=1`) still gets data back, as before.
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { events, rooms, scheduleSessions, slots, stars } from "#db/schema";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { DAY, makeUnconference, propose } from "./helpers";

const server = await startTestServer();
const db = () => getDb();
const signedIn = async (userId: number) => client(server.url, await sessionCookieFor(userId));
const starsOf = (sessionId: number) => db().select({ n: count() }).from(stars).where(eq(stars.sessionId, sessionId)).get()!.n;
const roomsOf = (eventId: number) => db().select({ n: count() }).from(rooms).where(eq(rooms.eventId, eventId)).get()!.n;
const slotsOf = (eventId: number) => db().select({ n: count() }).from(slots).where(eq(slots.eventId, eventId)).get()!.n;
const cellOf = (sessionId: number) =>
  db()
    .select({ roomId: scheduleSessions.roomId, slotId: scheduleSessions.slotId })
    .from(scheduleSessions)
    .where(eq(scheduleSessions.id, sessionId))
    .get();

/** The Location of a redirect, relative to the server. */
const locationOf = (res: Response) => res.headers.get("Location")?.replace(server.url, "");

describe("stars without JavaScript", () => {
  it("star and unstar answer 303 to the session's card; the next GET shows the outcome once", async () => {
    const { event, organiser, attendees } = await makeUnconference();
    const session = propose(event, attendees[1], "Reload-safe stars", [attendees[1].id], { organiser });
    const url = `/events/${event.slug}/schedule`;
    const me = await signedIn(attendees[0].id);

    const starred = await me.post(url, { intent: "star", sessionId: String(session.id) });
    expect(starred.status).toBe(303);
    expect(locationOf(starred)).toBe(`${url}#session-${session.id}`);
    expect(starsOf(session.id)).toBe(1);
    const page = await (await me.get(url)).text();
    expect(page).toContain("Starred: the session is in your agenda.");
    expect(page).toContain(`id="session-${session.id}"`);
    expect(page).toContain(`aria-pressed="true" aria-label="Unstar “Reload-safe stars”, 1 star"`);
    // One-shot: a reload shows the star, not the message again.
    const reloaded = await (await me.get(url)).text();
    expect(reloaded).not.toContain("Starred: the session is in your agenda.");
    expect(reloaded).toContain("Unstar “Reload-safe stars”, 1 star");

    const unstarred = await me.post(url, { intent: "unstar", sessionId: String(session.id) });
    expect(unstarred.status).toBe(303);
    expect(locationOf(unstarred)).toBe(`${url}#session-${session.id}`);
    expect(starsOf(session.id)).toBe(0);
    const after = await (await me.get(url)).text();
    expect(after).toContain("Star removed: the session is no longer in your agenda.");
    expect(after).toContain("Star “Reload-safe stars”, 0 stars");
  });

  it("with JavaScript (`_js=1`) the fetcher still gets the new count as data", async () => {
    const { event, organiser, attendees } = await makeUnconference();
    const session = propose(event, attendees[1], "Fetcher stars", [attendees[1].id], { organiser });
    const me = await signedIn(attendees[0].id);
    const res = await me.post(`/events/${event.slug}/schedule?_data=${encodeURIComponent("routes/events.$slug.schedule")}`, {
      intent: "star",
      sessionId: String(session.id),
      _js: "1",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, intent: "star", sessionId: session.id, starCount: 1 });
    expect(starsOf(session.id)).toBe(1);
  });

  it("a refused star stays a 4xx with the message in the page, and writes nothing", async () => {
    const { event, organiser, attendees } = await makeUnconference();
    const session = propose(event, attendees[1], "Withdrawn soon", [attendees[1].id], { organiser });
    const url = `/events/${event.slug}/schedule`;
    const me = await signedIn(attendees[0].id);

    const garbage = await me.post(url, { intent: "star", sessionId: "not-a-number" });
    expect(garbage.status).toBe(400);
    expect(garbage.headers.get("Location")).toBeNull();
    expect(await garbage.text()).toContain("Choose a session.");

    await (await signedIn(attendees[1].id)).post(`/events/${event.slug}/sessions/${session.id}`, { intent: "withdraw", confirm: "yes" });
    const refused = await me.post(url, { intent: "star", sessionId: String(session.id) });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("it cannot be starred");
    expect(starsOf(session.id)).toBe(0);
  });
});

describe("the same star button on the session page and the agenda", () => {
  it("answers a plain post with 303 to its own page, shows the outcome there, and refuses bad input in place", async () => {
    const { event, organiser, attendees } = await makeUnconference();
    const session = propose(event, attendees[1], "Star me anywhere", [attendees[1].id], { organiser });
    const sessionUrl = `/events/${event.slug}/sessions/${session.id}`;
    const agendaUrl = `/events/${event.slug}/agenda`;
    const me = await signedIn(attendees[0].id);

    const fromSession = await me.post(sessionUrl, { intent: "star" });
    expect(fromSession.status).toBe(303);
    expect(locationOf(fromSession)).toBe(sessionUrl);
    expect(starsOf(session.id)).toBe(1);
    const sessionPage = await (await me.get(sessionUrl)).text();
    expect(sessionPage).toContain("Starred: the session is in your agenda.");
    expect(sessionPage).toContain("Unstar “Star me anywhere”, 1 star");

    const fromAgenda = await me.post(agendaUrl, { intent: "unstar", sessionId: String(session.id) });
    expect(fromAgenda.status).toBe(303);
    expect(locationOf(fromAgenda)).toBe(agendaUrl);
    expect(starsOf(session.id)).toBe(0);
    expect(await (await me.get(agendaUrl)).text()).toContain("Star removed: the session is no longer in your agenda.");

    const bad = await me.post(agendaUrl, { intent: "star", sessionId: "0" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Choose a session.");
    expect(starsOf(session.id)).toBe(0);
    // With JavaScript the session page's fetcher still gets the count.
    const enhanced = await me.post(`${sessionUrl}?_data=${encodeURIComponent("routes/events.$slug.sessions.$id")}`, {
      intent: "star",
      _js: "1",
    });
    expect(enhanced.status).toBe(200);
    expect(await enhanced.json()).toMatchObject({ ok: true, starCount: 1 });
  });
});

describe("placing without JavaScript", () => {
  it("place and remove answer 303 to the card; the page shows the outcome; a bad or taken cell is a 4xx and writes nothing", async () => {
    const { event, organiser, attendees, rooms: r, slots: s } = await makeUnconference();
    const a = propose(event, attendees[0], "Placed by form", [attendees[0].id], { organiser });
    const b = propose(event, attendees[1], "Second in line", [attendees[1].id], { organiser });
    const url = `/events/${event.slug}/schedule`;
    const org = await signedIn(organiser.id);
    const place = (sessionId: number, fields: Record<string, string>) =>
      org.post(url, { intent: "place", sessionId: String(sessionId), ...fields });

    const placed = await place(a.id, { roomId: String(r.big.id), slotId: String(s.ten.id) });
    expect(placed.status).toBe(303);
    expect(locationOf(placed)).toBe(`${url}#session-${a.id}`);
    expect(cellOf(a.id)).toEqual({ roomId: r.big.id, slotId: s.ten.id });
    const page = await (await org.get(url)).text();
    expect(page).toContain("Session placed.");
    expect(page).toContain(`data-testid="cell-${r.big.id}-${s.ten.id}"`);

    // Refused: the form's field message or the conflict, in the page; no redirect, nothing written.
    const missingRoom = await place(b.id, { slotId: String(s.ten.id) });
    expect(missingRoom.status).toBe(400);
    expect(missingRoom.headers.get("Location")).toBeNull();
    const missingHtml = await missingRoom.text();
    expect(missingHtml).toContain("Choose a room.");
    expect(missingHtml).toContain('aria-invalid="true"');
    const taken = await place(b.id, { roomId: String(r.big.id), slotId: String(s.ten.id) });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain("Big hall is already taken at 10:00 by “Placed by form”");
    expect(cellOf(b.id)).toEqual({ roomId: null, slotId: null });
    expect(
      db()
        .select({ n: count() })
        .from(scheduleSessions)
        .where(and(eq(scheduleSessions.roomId, r.big.id), eq(scheduleSessions.slotId, s.ten.id)))
        .get()!.n,
    ).toBe(1);

    const removed = await org.post(url, { intent: "unplace", sessionId: String(a.id) });
    expect(removed.status).toBe(303);
    expect(locationOf(removed)).toBe(`${url}#session-${a.id}`);
    expect(cellOf(a.id)).toEqual({ roomId: null, slotId: null });
    expect(await (await org.get(url)).text()).toContain("Session taken out of the grid");
  });
});

describe("rooms and slots setup without JavaScript", () => {
  it("each successful form answers 303 to the setup page, which shows what happened once", async () => {
    const { event, organiser, rooms: r, slots: s } = await makeUnconference();
    const url = `/events/${event.slug}/schedule/setup`;
    const org = await signedIn(organiser.id);
    const expectRedirectShowing = async (res: Response, message: string) => {
      expect(res.status).toBe(303);
      expect(locationOf(res)).toBe(url);
      const html = await (await org.get(url)).text();
      expect(html).toContain(message);
      expect(await (await org.get(url)).text()).not.toContain(message);
      return html;
    };

    const roomPage = await expectRedirectShowing(
      await org.post(url, { intent: "save-room", name: "Roof terrace", capacity: "12" }),
      "Room saved.",
    );
    expect(roomPage).toContain("Roof terrace");
    expect(roomsOf(event.id)).toBe(3);
    await expectRedirectShowing(
      await org.post(url, { intent: "save-room", roomId: String(r.small.id), name: "Tiny room", capacity: "3" }),
      "Room saved.",
    );
    await expectRedirectShowing(
      await org.post(url, { intent: "save-slot", startsAt: `${DAY}T14:00`, endsAt: `${DAY}T14:45`, kind: "session" }),
      "Slot saved.",
    );
    await expectRedirectShowing(
      await org.post(url, { intent: "save-slot", startsAt: `${DAY}T10:30`, endsAt: `${DAY}T11:30`, kind: "session" }),
      "It overlaps another slot or lies outside the event’s times",
    );
    expect(slotsOf(event.id)).toBe(6);
    await expectRedirectShowing(
      await org.post(url, { intent: "delete-slot", slotId: String(s.lunch.id), confirm: "yes" }),
      "Slot deleted;",
    );
    await expectRedirectShowing(await org.post(url, { intent: "delete-room", roomId: String(r.big.id), confirm: "yes" }), "Room deleted;");
    await expectRedirectShowing(await org.post(url, { intent: "marketplace", open: "on" }), "The open marketplace is open.");
    expect(db().select({ open: events.openMarketplace }).from(events).where(eq(events.id, event.id)).get()!.open).toBe(true);
    expect(roomsOf(event.id)).toBe(2);
    expect(slotsOf(event.id)).toBe(5);
  });

  it("a refused setup form stays a 400 with the field message, and writes nothing; with JavaScript the reply is data", async () => {
    const { event, organiser } = await makeUnconference();
    const url = `/events/${event.slug}/schedule/setup`;
    const org = await signedIn(organiser.id);
    const [roomsBefore, slotsBefore] = [roomsOf(event.id), slotsOf(event.id)];

    const room = await org.post(url, { intent: "save-room", name: "Broom cupboard", capacity: "0" });
    expect(room.status).toBe(400);
    expect(room.headers.get("Location")).toBeNull();
    expect(await room.text()).toContain("At least one seat.");
    const slot = await org.post(url, { intent: "save-slot", startsAt: `${DAY}T15:00`, endsAt: `${DAY}T14:30`, kind: "session" });
    expect(slot.status).toBe(400);
    expect(await slot.text()).toContain("The slot must end after it starts.");
    expect([roomsOf(event.id), slotsOf(event.id)]).toEqual([roomsBefore, slotsBefore]);

    const enhanced = await org.post(`${url}?_data=${encodeURIComponent("routes/events.$slug.schedule_.setup")}`, {
      intent: "save-room",
      name: "Garden",
      capacity: "20",
      _js: "1",
    });
    expect(enhanced.status).toBe(200);
    expect(await enhanced.json()).toMatchObject({ intent: "save-room", message: "Saved room “Garden”." });
    expect(roomsOf(event.id)).toBe(roomsBefore + 1);
  });
});
