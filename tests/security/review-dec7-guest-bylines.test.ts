// Security review, 7 Dec 2026: a guest's name outside the board. A guest types any name at
// the door, also the organiser's; the board marks it "(guest)", and so must every place
// their work travels to: takeaways become a note in the archive (its page, the search), a
// promoted topic makes them a session's host (the session page, the schedule, agendas and
// calendar feeds).
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { scheduleSessions } from "#db/schema";
import { setStar } from "~/schedule/agenda.server";
import { createAgendaToken } from "~/schedule/feeds.server";
import { placeSession } from "~/schedule/placement.server";
import { decideSession } from "~/schedule/proposals.server";
import { saveRoom, saveSlot } from "~/schedule/rooms-slots.server";
import { makeEvent, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { asActor, confirm, DAY } from "../schedule/helpers";
import { facilitate, guestEvent, guestTakeaways, joinedGuest } from "../guests/helpers";

const server = await startTestServer();
const db = getDb();
const MARKED = "Fay Facilitator (guest)";
/** The organiser's name as an element's whole text or a list's first or last item: what an unmarked host would read as. */
const UNMARKED = /[>,] ?Fay Facilitator(?:<|,)/;

const text = async (path: string, cookie?: string) => {
  const answer = await client(server.url, cookie).get(path);
  expect(answer.status).toBe(200);
  // React's text separators and iCalendar's folded lines out of the way.
  return (await answer.text()).replace(/<!-- -->/g, "").replace(/\r\n[ \t]/g, "");
};

/**
 * A guest who joined as "Fay Facilitator" (the organiser's name) proposed a topic and recorded
 * its takeaways; the organiser promoted it to their unconference, accepted and placed it.
 */
async function impostorsWork() {
  const room = await guestEvent(server.url);
  const { organiser, asOrganiser } = room;
  const impostor = await joinedGuest(server.url, room.event, "Fay Facilitator", room.board.id);
  const topic = await guestTakeaways(room, impostor, "Rotate the door codes", "Quokkas guard the codes.");
  const noteId = topic.officialNoteId!;
  expect(noteId).toBeGreaterThan(0);
  const guestUserId = topic.authorId;

  const unconference = makeEvent({
    format: "unconference",
    organiserIds: [organiser.id],
    timeZone: "Europe/Berlin",
    startsAt: new Date(`${DAY}T07:00:00Z`),
    endsAt: new Date(`${DAY}T15:00:00Z`),
  });
  await facilitate(asOrganiser, room.event, room.board.id, {
    intent: "promote",
    topicId: String(topic.id),
    targetEventId: String(unconference.id),
  });
  const session = db.select().from(scheduleSessions).where(eq(scheduleSessions.eventId, unconference.id)).get()!;
  expect(session.title).toBe("Rotate the door codes");
  const org = asActor(organiser);
  decideSession(unconference, org, session.id, "accept");
  const hall = saveRoom(unconference, org, { name: "Big hall", capacity: 50 });
  const slot = saveSlot(unconference, org, { startsAt: `${DAY}T10:00`, endsAt: `${DAY}T10:45`, kind: "session" }).slot;
  placeSession(unconference, org, { sessionId: session.id, roomId: hall.id, slotId: slot.id });

  const attendee = await makeUser({ name: "Ada Attendee" });
  confirm(unconference.id, attendee.id);
  setStar(unconference, asActor(attendee), session.id, true);
  return { noteId, guestUserId, unconference, session, attendee };
}

describe("a guest who took the organiser's name", () => {
  it("is marked as a guest on the archive's note page, its history, the notes search and its author filter", async () => {
    const { noteId, guestUserId } = await impostorsWork();
    const page = await text(`/notes/${noteId}`);
    expect(page).toContain("Quokkas guard the codes.");
    expect(page).toContain(MARKED);
    expect(page).not.toMatch(UNMARKED);

    const history = await text(`/notes/${noteId}/history`);
    expect(history).toContain(`${MARKED} ·`);
    expect(history).not.toMatch(UNMARKED);

    for (const search of [`/notes?q=quokkas`, `/notes?author=${guestUserId}`]) {
      const found = await text(search);
      expect(found, search).toContain("Rotate the door codes");
      expect(found, search).toContain(MARKED);
      expect(found, search).not.toMatch(UNMARKED);
    }
    expect(await text(`/notes?author=${guestUserId}`)).toContain(`Author: ${MARKED}`);
  });

  it("is marked as a guest where they host the promoted session: its page, the schedule, the agenda and the calendar feeds", async () => {
    const { unconference, session, attendee } = await impostorsWork();
    const base = `/events/${unconference.slug}`;
    const attendeeCookie = await sessionCookieFor(attendee.id);
    for (const [where, html] of [
      ["session page", await text(`${base}/sessions/${session.id}`)],
      ["schedule", await text(`${base}/schedule`)],
      ["schedule, signed in", await text(`${base}/schedule`, attendeeCookie)],
      ["agenda", await text(`${base}/agenda`, attendeeCookie)],
    ]) {
      expect(html, where).toContain("Rotate the door codes");
      expect(html, where).toContain(MARKED);
      expect(html, where).not.toMatch(UNMARKED);
    }

    const schedule = await text(`${base}/schedule.ics`);
    const agenda = await text(`${base}/agenda.ics?token=${createAgendaToken(unconference, asActor(attendee))}`);
    for (const [where, ics] of [
      ["schedule.ics", schedule],
      ["agenda.ics", agenda],
    ]) {
      expect(ics, where).toContain("SUMMARY:Rotate the door codes");
      expect(ics, where).toContain(`Hosts: ${MARKED}`);
      expect(ics, where).not.toMatch(/Hosts: Fay Facilitator(?:\\n|\\,|$)/m);
    }
  });
});
