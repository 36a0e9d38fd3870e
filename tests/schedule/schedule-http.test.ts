// The schedule through the real server: plain form posts (no JavaScript), bad input
// (a clear 4xx, nothing written), no double booking under concurrent marketplace
// requests, and both iCalendar feeds read back with an independent parser (ical.js).
import { and, count, eq, isNotNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { agendaFeedTokens, rooms, scheduleSessions, slots } from "#db/schema";
import { parseCalendar } from "../helpers/calendar";
import { makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { starSession } from "~/schedule/agenda.server";
import { placeSession } from "~/schedule/placement.server";
import { withdrawSession } from "~/schedule/proposals.server";
import { loadSession } from "~/schedule/sessions.server";
import { asActor, confirm, DAY, ICS_DAY, makeUnconference, propose } from "./helpers";

const server = await startTestServer();
const db = () => getDb();
const signedIn = async (userId: number) => client(server.url, await sessionCookieFor(userId));
const sessionsOf = (eventId: number) =>
  db().select({ n: count() }).from(scheduleSessions).where(eq(scheduleSessions.eventId, eventId)).get()!.n;
const cellCount = (roomId: number, slotId: number) =>
  db()
    .select({ n: count() })
    .from(scheduleSessions)
    .where(and(eq(scheduleSessions.roomId, roomId), eq(scheduleSessions.slotId, slotId)))
    .get()!.n;

describe("proposals over HTTP", () => {
  it("a confirmed attendee proposes with a plain form; others get 403; bad input 400", async () => {
    const { event, attendees } = await makeUnconference();
    const me = await signedIn(attendees[0].id);
    const url = `/events/${event.slug}/sessions/new`;
    expect((await me.get(url)).status).toBe(200);
    const created = await me.post(url, {
      title: "Feature flags at scale",
      abstract: "Hello <script>alert(1)</script> **world**",
      format: "talk",
      hostIds: [String(attendees[0].id), String(attendees[1].id)],
      tags: "flags, delivery",
    });
    expect(created.status).toBe(302);
    const location = created.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^/events/${event.slug}/sessions/\\d+$`));
    const page = await (await me.get(location)).text();
    expect(page).toContain("<strong>world</strong>");
    expect(page).not.toContain("<script>alert(1)</script>");
    expect(page).toContain("&lt;script&gt;");

    const before = sessionsOf(event.id);
    const bad = await me.post(url, { title: "x", format: "talk", hostIds: String(attendees[0].id) });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("At least 3 characters.");
    const noHosts = await me.post(url, { title: "No hosts at all", format: "talk" });
    expect(noHosts.status).toBe(400);
    expect(await noHosts.text()).toContain("Choose at least one host.");
    const stranger = await makeUser();
    const refused = await (await signedIn(stranger.id)).post(url, { title: "Outsider", format: "talk", hostIds: String(stranger.id) });
    expect(refused.status).toBe(403);
    expect((await client(server.url).post(url, { title: "Anonymous", format: "talk" })).status).toBe(302); // to /login
    expect(sessionsOf(event.id)).toBe(before);
  });

  it("a non-host editing a proposal gets 403 and nothing changes; the host may edit", async () => {
    const { event, attendees } = await makeUnconference();
    const session = propose(event, attendees[0], "Original title");
    const url = `/events/${event.slug}/sessions/${session.id}/edit`;
    const fields = { title: "Hijacked", format: "talk", hostIds: String(attendees[1].id) };
    const other = await signedIn(attendees[1].id);
    expect((await other.get(url)).status).toBe(403);
    const refused = await other.post(url, fields);
    expect(refused.status).toBe(403);
    expect(loadSession(event.id, session.id)).toMatchObject({ title: "Original title" });
    const host = await signedIn(attendees[0].id);
    const ok = await host.post(url, { ...fields, title: "Better title", hostIds: String(attendees[0].id) });
    expect(ok.status).toBe(302);
    expect(loadSession(event.id, session.id).title).toBe("Better title");
    // Withdrawing someone else's proposal is refused as well.
    const withdraw = await other.post(`/events/${event.slug}/sessions/${session.id}`, { intent: "withdraw" });
    expect(withdraw.status).toBe(403);
    expect(loadSession(event.id, session.id).status).toBe("proposed");
  });
});

describe("placing over HTTP (the no-JavaScript form)", () => {
  it("places with the form, then refuses taken cells, breaks, other events' sessions and attendees", async () => {
    const { event, organiser, attendees, rooms: r, slots: s } = await makeUnconference();
    const other = await makeUnconference();
    const a = propose(event, attendees[0], "First in");
    const b = propose(event, attendees[1], "Second in", [attendees[1].id], { organiser });
    const foreign = propose(other.event, other.attendees[0], "Elsewhere");
    const url = `/events/${event.slug}/schedule`;
    const org = await signedIn(organiser.id);
    const place = (
      c: Awaited<ReturnType<typeof signedIn>>,
      sessionId: number,
      roomId: number,
      slotId: number,
      extra: Record<string, string> = {},
    ) => c.post(url, { intent: "place", sessionId: String(sessionId), roomId: String(roomId), slotId: String(slotId), ...extra });

    // Posted by the page with JavaScript (`_js=1`): the reply carries the message (a plain post redirects: schedule-prg.test.ts).
    const ok = await place(org, a.id, r.big.id, s.ten.id, { _js: "1" });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("Placed “First in” in Big hall");
    expect(loadSession(event.id, a.id)).toMatchObject({ roomId: r.big.id, slotId: s.ten.id, status: "accepted" });

    const taken = await place(org, b.id, r.big.id, s.ten.id);
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain("Big hall is already taken at 10:00 by “First in”");
    const breakSlot = await place(org, b.id, r.big.id, s.lunch.id);
    expect(breakSlot.status).toBe(400);
    expect(await breakSlot.text()).toContain("That slot is a break");
    const foreignSession = await place(org, foreign.id, r.small.id, s.eleven.id);
    expect(foreignSession.status).toBe(404);
    const attendeePlacing = await place(await signedIn(attendees[1].id), b.id, r.small.id, s.eleven.id);
    expect(attendeePlacing.status).toBe(403);
    expect(await attendeePlacing.text()).toContain("open marketplace is closed");
    const garbage = await place(org, Number.NaN, r.small.id, s.eleven.id);
    expect(garbage.status).toBe(400);
    expect(loadSession(event.id, b.id)).toMatchObject({ roomId: null, slotId: null });
    expect(loadSession(other.event.id, foreign.id)).toMatchObject({ roomId: null, slotId: null });
    expect(cellCount(r.small.id, s.eleven.id)).toBe(0);

    // The grid links the session's notes page.
    const html = await (await org.get(url)).text();
    const noteId = loadSession(event.id, a.id).noteId;
    expect(noteId).toBeTruthy();
    expect(html).toContain(`/notes/${noteId}`);
    expect(html).toContain("times in Europe/Berlin");
  });

  it("slot setup: an end before the start is a 400 with a field message and nothing written", async () => {
    const { event, organiser, attendees } = await makeUnconference();
    const url = `/events/${event.slug}/schedule/setup`;
    const org = await signedIn(organiser.id);
    const before = db().select({ n: count() }).from(slots).where(eq(slots.eventId, event.id)).get()!.n;
    const res = await org.post(url, { intent: "save-slot", startsAt: `${DAY}T15:00`, endsAt: `${DAY}T14:30`, kind: "session" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("The slot must end after it starts.");
    expect(db().select({ n: count() }).from(slots).where(eq(slots.eventId, event.id)).get()!.n).toBe(before);
    const overlap = await org.post(url, {
      intent: "save-slot",
      startsAt: `${DAY}T10:30`,
      endsAt: `${DAY}T11:30`,
      kind: "session",
      _js: "1",
    });
    expect(overlap.status).toBe(200);
    expect(await overlap.text()).toContain("It overlaps 2 other slots");
    const room = await org.post(url, { intent: "save-room", name: "Roof terrace", capacity: "0" });
    expect(room.status).toBe(400);
    expect(db().select().from(rooms).where(eq(rooms.name, "Roof terrace")).all()).toHaveLength(0);
    expect((await (await signedIn(attendees[0].id)).get(url)).status).toBe(403);
    const otherOrganiser = (await makeUnconference()).organiser;
    expect((await (await signedIn(otherOrganiser.id)).post(url, { intent: "save-room", name: "Takeover", capacity: "5" })).status).toBe(
      403,
    );
  });
});

describe("open marketplace under concurrent requests", () => {
  it("never double-books a cell: 40 hosts race for one cell, then for three", async () => {
    const { event, organiser, rooms: r, slots: s } = await makeUnconference({ attendees: 0, openMarketplace: true });
    const hosts: { client: Awaited<ReturnType<typeof signedIn>>; session: { id: number } }[] = [];
    for (let i = 0; i < 40; i++) {
      const user = await makeUser({ name: `Racer ${i}` });
      confirm(event.id, user.id);
      const session = propose(event, user, `Race session ${i}`, [user.id], { organiser });
      hosts.push({ client: await signedIn(user.id), session });
    }
    const url = `/events/${event.slug}/schedule`;
    const race = (cells: { roomId: number; slotId: number }[]) =>
      Promise.all(
        hosts.map(({ client: c, session }, i) => {
          const cell = cells[i % cells.length];
          return c.post(url, { intent: "place", sessionId: String(session.id), roomId: String(cell.roomId), slotId: String(cell.slotId) });
        }),
      );
    const first = await race([{ roomId: r.big.id, slotId: s.ten.id }]);
    const statuses = first.map((res) => res.status);
    // Plain form posts: a placed session is a redirect back to the page (post/redirect/get).
    expect(statuses.filter((x) => x === 303)).toHaveLength(1);
    expect(statuses.filter((x) => x === 409)).toHaveLength(39);
    expect(cellCount(r.big.id, s.ten.id)).toBe(1);
    const firstWinner = hosts[statuses.indexOf(303)].session.id;

    // Second round: everyone who lost tries three more cells at once.
    const cells = [
      { roomId: r.small.id, slotId: s.ten.id },
      { roomId: r.big.id, slotId: s.eleven.id },
      { roomId: r.small.id, slotId: s.eleven.id },
    ];
    const second = await race(cells);
    // The one already placed may move; every cell ends up with exactly one session.
    for (const c of cells) expect(cellCount(c.roomId, c.slotId)).toBe(1);
    expect(second.filter((res) => res.status === 303)).toHaveLength(3);
    expect(second.filter((res) => res.status === 409)).toHaveLength(37);
    // Exactly the three winners are placed, plus the first round's winner where it did not move.
    const secondWinners = hosts.filter((_, i) => second[i].status === 303).map((h) => h.session.id);
    const expectedPlaced = new Set([...secondWinners, firstWinner]);
    const placed = db()
      .select({ id: scheduleSessions.id })
      .from(scheduleSessions)
      .where(and(eq(scheduleSessions.eventId, event.id), isNotNull(scheduleSessions.roomId)))
      .all()
      .map((row) => row.id)
      .sort((a, b) => a - b);
    expect(placed).toEqual([...expectedPlaced].sort((a, b) => a - b));
    expect(placed).toHaveLength(secondWinners.includes(firstWinner) ? 3 : 4);
  });
});

const parseFeed = (text: string) => parseCalendar(text).events;

describe("iCalendar feeds", () => {
  it("the schedule feed has zoned times, stable UIDs, SEQUENCE bumps and cancelled sessions", async () => {
    const { event, organiser, attendees, rooms: r, slots: s } = await makeUnconference();
    const a = propose(event, attendees[0], "Zoned session");
    const b = propose(event, attendees[1], "Will be cancelled");
    propose(event, attendees[2], "Never placed");
    const org = asActor(organiser);
    placeSession(event, org, { sessionId: a.id, roomId: r.big.id, slotId: s.ten.id });
    placeSession(event, org, { sessionId: b.id, roomId: r.small.id, slotId: s.ten.id });
    const url = `/events/${event.slug}/schedule.ics`;
    const res = await client(server.url).get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/calendar/);
    const text = await res.text();
    expect(text).toContain("BEGIN:VTIMEZONE");
    expect(text).toContain(`DTSTART;TZID=Europe/Berlin:${ICS_DAY}T100000`);
    const first = parseFeed(text);
    expect(first.map((e) => e.summary).sort()).toEqual(["Will be cancelled", "Zoned session"]);
    const zoned = first.find((e) => e.summary === "Zoned session")!;
    expect(zoned.zone).toBe("Europe/Berlin");
    expect(zoned.start.toISOString()).toBe(`${DAY}T08:00:00.000Z`);
    expect(zoned.end.toISOString()).toBe(`${DAY}T08:45:00.000Z`);

    placeSession(event, org, { sessionId: a.id, roomId: r.big.id, slotId: s.eleven.id });
    withdrawSession(event, asActor(attendees[1]), b.id);
    const second = parseFeed(await (await client(server.url).get(url)).text());
    const moved = second.find((e) => e.uid === zoned.uid)!;
    expect(moved.start.toISOString()).toBe(`${DAY}T09:00:00.000Z`);
    expect(moved.sequence).toBe(zoned.sequence + 1);
    const cancelled = second.find((e) => e.uid === first.find((x) => x.summary === "Will be cancelled")!.uid)!;
    expect(cancelled.status).toBe("CANCELLED");
    expect(cancelled.sequence).toBeGreaterThan(first.find((x) => x.summary === "Will be cancelled")!.sequence);
  });

  it("the private agenda feed works without a cookie, and a revoked or unknown token is refused", async () => {
    const { event, organiser, attendees, rooms: r, slots: s } = await makeUnconference();
    const a = propose(event, attendees[0], "Starred one");
    const b = propose(event, attendees[0], "Not starred");
    placeSession(event, asActor(organiser), { sessionId: a.id, roomId: r.big.id, slotId: s.ten.id });
    placeSession(event, asActor(organiser), { sessionId: b.id, roomId: r.small.id, slotId: s.eleven.id });
    starSession(event, asActor(attendees[1]), a.id);
    const me = await signedIn(attendees[1].id);
    const agendaUrl = `/events/${event.slug}/agenda`;
    const created = await me.post(agendaUrl, { intent: "create-feed" });
    expect(created.status).toBe(200);
    const feedUrl = /value="(http[^"]+agenda\.ics\?token=[^"]+)"/.exec(await created.text())![1];
    const path = new URL(feedUrl).pathname + new URL(feedUrl).search;
    // Only a hash of the token is stored.
    const token = new URL(feedUrl).searchParams.get("token")!;
    expect(
      db()
        .select()
        .from(agendaFeedTokens)
        .all()
        .some((t) => t.tokenHash.includes(token)),
    ).toBe(false);

    const feed = await client(server.url).get(path);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("cache-control")).toContain("no-store");
    const items = parseFeed(await feed.text());
    expect(items.map((e) => e.summary)).toEqual(["Starred one"]);
    expect(items[0].start.toISOString()).toBe(`${DAY}T08:00:00.000Z`);

    expect((await client(server.url).get(`/events/${event.slug}/agenda.ics?token=not-a-real-token-at-all`)).status).toBe(404);
    expect((await client(server.url).get(`/events/${event.slug}/agenda.ics`)).status).toBe(404);
    const revoked = await me.post(agendaUrl, { intent: "revoke-feed" });
    expect(revoked.status).toBe(303); // post/redirect/get (tests/schedule/session-prg.test.ts)
    const gone = await client(server.url).get(path);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain("revoked");
    // The token of one event does not open another event's feed.
    const other = await makeUnconference();
    expect((await client(server.url).get(`/events/${other.event.slug}/agenda.ics?token=${token}`)).status).toBe(404);
  });
});
