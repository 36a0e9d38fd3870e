// Deleting a room or a slot asks first (issue 17.5): the confirmation step names every
// session it unplaces and how many personal agendas lose it; a delete posted without
// `confirm=yes` changes nothing. The audit log then tells it in sentences.
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, rooms, scheduleSessions, slots } from "#db/schema";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { starSession } from "~/schedule/agenda.server";
import { roomDeletionImpact, slotDeletionImpact } from "~/schedule/deletion-impact.server";
import { placeSession } from "~/schedule/placement.server";
import { asActor, makeUnconference, propose } from "./helpers";

const server = await startTestServer();
const signedIn = async (userId: number) => client(server.url, await sessionCookieFor(userId));
const textOf = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "");
const roomCount = (eventId: number) => getDb().select({ n: count() }).from(rooms).where(eq(rooms.eventId, eventId)).get()!.n;

async function starredGrid() {
  const world = await makeUnconference({ attendees: 6 });
  const { event, organiser, attendees } = world;
  const session = propose(event, attendees[0], "Data contracts", [attendees[0].id], { organiser });
  const quiet = propose(event, attendees[1], "Quiet corner", [attendees[1].id], { organiser });
  placeSession(event, asActor(organiser), { sessionId: session.id, roomId: world.rooms.big.id, slotId: world.slots.ten.id });
  placeSession(event, asActor(organiser), { sessionId: quiet.id, roomId: world.rooms.big.id, slotId: world.slots.eleven.id });
  for (const person of attendees) starSession(event, asActor(person), session.id);
  return { ...world, session, quiet };
}

describe("what a deletion would affect", () => {
  it("counts each placed session's stars: the agendas that lose it", async () => {
    const { event, rooms: r, slots: s, session, quiet } = await starredGrid();
    expect(roomDeletionImpact(event, r.big.id)).toEqual({
      room: { id: r.big.id, name: "Big hall" },
      sessions: [
        { id: session.id, title: "Data contracts", agendas: 6 },
        { id: quiet.id, title: "Quiet corner", agendas: 0 },
      ],
      agendas: 6,
    });
    expect(roomDeletionImpact(event, r.small.id)).toMatchObject({ sessions: [], agendas: 0 });
    expect(slotDeletionImpact(event, s.ten.id)).toMatchObject({ sessions: [{ title: "Data contracts", agendas: 6 }], agendas: 6 });
  });
});

describe("deleting a room over HTTP", () => {
  it("without confirm=yes nothing changes and the step names the impact; confirmed, it deletes and the log says so in a sentence", async () => {
    const { event, organiser, rooms: r, session } = await starredGrid();
    const org = await signedIn(organiser.id);
    const setup = `/events/${event.slug}/schedule/setup`;
    const before = roomCount(event.id);

    const plain = await org.post(setup, { intent: "delete-room", roomId: String(r.big.id) });
    expect(plain.status).toBe(303);
    expect(plain.headers.get("location")).toBe(`${setup}?delete-room=${r.big.id}`);
    expect(roomCount(event.id)).toBe(before);
    expect(getDb().select().from(scheduleSessions).where(eq(scheduleSessions.id, session.id)).get()!.roomId).toBe(r.big.id);
    expect(getDb().select().from(auditLog).where(eq(auditLog.action, "schedule.room.delete")).all()).toHaveLength(0);

    const step = await textOf(await org.get(plain.headers.get("location")!));
    expect(step).toContain("Delete room “Big hall”?");
    expect(step).toContain("Removes “Data contracts” from the timetable of 6 personal agendas (and their calendar feeds).");
    expect(step).toContain("“Quiet corner” leaves the grid; nobody has starred it.");
    expect(step).toMatch(/<input type="hidden" name="confirm" value="yes"\/>/);

    // Another event's room: 404, nothing deleted, confirmed or not.
    const other = await makeUnconference();
    expect((await org.post(setup, { intent: "delete-room", roomId: String(other.rooms.big.id) })).status).toBe(404);
    expect((await org.post(setup, { intent: "delete-room", roomId: String(other.rooms.big.id), confirm: "yes" })).status).toBe(404);
    expect(roomCount(other.event.id)).toBe(2);
    // A confirm value other than "yes" is bad input.
    expect((await org.post(setup, { intent: "delete-room", roomId: String(r.big.id), confirm: "sure" })).status).toBe(400);
    expect(roomCount(event.id)).toBe(before);

    const confirmed = await org.post(setup, { intent: "delete-room", roomId: String(r.big.id), confirm: "yes" });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get("location")).toBe(setup);
    expect(roomCount(event.id)).toBe(before - 1);
    expect(getDb().select().from(scheduleSessions).where(eq(scheduleSessions.id, session.id)).get()!.roomId).toBeNull();
    // Back to the step after the room is gone: no step, no error.
    const stale = await org.get(`${setup}?delete-room=${r.big.id}`);
    expect(stale.status).toBe(200);
    expect(await textOf(stale)).not.toContain("Delete room “Big hall”?");

    const log = await textOf(await org.get(`/events/${event.slug}/audit`));
    expect(log).toContain("Olga Organiser placed “Data contracts” in Big hall, 10:00.");
    expect(log).toContain(
      "Olga Organiser deleted the room “Big hall”; “Data contracts”, “Quiet corner” went back to the unplaced sessions.",
    );
    expect(log).toContain("Olga Organiser accepted the session “Data contracts”.");
    expect(log).toContain("schedule.room.delete"); // the stored action, folded under the sentence
  });

  it("deleting a slot asks first as well", async () => {
    const { event, organiser, slots: s } = await starredGrid();
    const org = await signedIn(organiser.id);
    const setup = `/events/${event.slug}/schedule/setup`;
    const slotCount = () => getDb().select({ n: count() }).from(slots).where(eq(slots.eventId, event.id)).get()!.n;
    const before = slotCount();
    const plain = await org.post(setup, { intent: "delete-slot", slotId: String(s.ten.id) });
    expect(plain.status).toBe(303);
    expect(plain.headers.get("location")).toBe(`${setup}?delete-slot=${s.ten.id}`);
    expect(slotCount()).toBe(before);
    const step = await textOf(await org.get(plain.headers.get("location")!));
    expect(step).toMatch(/Delete the slot [^<]*10:00–10:45\?/);
    expect(step).toContain("Removes “Data contracts” from the timetable of 6 personal agendas");
    expect((await org.post(setup, { intent: "delete-slot", slotId: String(s.ten.id), confirm: "yes" })).status).toBe(303);
    expect(slotCount()).toBe(before - 1);
  });
});

describe("withdrawing, declining or cancelling a session over HTTP", () => {
  it("asks first with the agendas it affects; unconfirmed nothing changes; strangers still get 403", async () => {
    const { event, organiser, attendees, session } = await starredGrid();
    const page = `/events/${event.slug}/sessions/${session.id}`;
    const host = await signedIn(attendees[0].id);
    const status = () => getDb().select().from(scheduleSessions).where(eq(scheduleSessions.id, session.id)).get()!.status;

    const plain = await host.post(page, { intent: "withdraw" });
    expect(plain.status).toBe(303);
    expect(plain.headers.get("location")).toBe(`${page}?confirm=withdraw`);
    expect(status()).toBe("accepted");
    const step = await textOf(await host.get(`${page}?confirm=withdraw`));
    // Placed, so withdrawing cancels it: agendas keep it, marked cancelled.
    expect(step).toContain("Cancel “Data contracts”?");
    expect(step).toContain("“Data contracts” shows as cancelled in 6 personal agendas and their calendar feeds.");
    expect(step).toMatch(/It frees Big hall, [^<]*10:00/);

    // Someone who may not withdraw it: 403 confirmed or not, and no step on the page.
    const other = await signedIn(attendees[1].id);
    expect((await other.post(page, { intent: "withdraw" })).status).toBe(403);
    expect((await other.post(page, { intent: "withdraw", confirm: "yes" })).status).toBe(403);
    expect(await textOf(await other.get(`${page}?confirm=withdraw`))).not.toContain("Cancel “Data contracts”?");
    expect((await other.post(page, { intent: "cancel" })).status).toBe(403);
    expect(status()).toBe("accepted");

    // An organiser declining an unplaced, starred proposal.
    const proposal = propose(event, attendees[2], "Unplaced idea");
    for (const person of attendees.slice(0, 4)) starSession(event, asActor(person), proposal.id);
    const org = await signedIn(organiser.id);
    const proposalPage = `/events/${event.slug}/sessions/${proposal.id}`;
    expect((await org.post(proposalPage, { intent: "decline" })).headers.get("location")).toBe(`${proposalPage}?confirm=decline`);
    expect(await textOf(await org.get(`${proposalPage}?confirm=decline`))).toContain("Removes “Unplaced idea” from 4 personal agendas.");
    expect((await org.post(proposalPage, { intent: "decline", confirm: "yes" })).status).toBe(303);
    expect(getDb().select().from(scheduleSessions).where(eq(scheduleSessions.id, proposal.id)).get()!.status).toBe("declined");

    const done = await host.post(page, { intent: "withdraw", confirm: "yes" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(page);
    expect(status()).toBe("cancelled");
  });
});
