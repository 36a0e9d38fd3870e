// Schedule fixtures: an unconference with an organiser, confirmed attendees, rooms and
// slots, made through the real domain functions on the test file's database.
import { getDb } from "#db/client";
import { registrations, type Event } from "#db/schema";
import { makeEvent, makeUser } from "../helpers/factories";
import { proposeSession, decideSession } from "~/schedule/proposals.server";
import { saveRoom, saveSlot } from "~/schedule/rooms-slots.server";

export const asActor = (u: { id: number }) => ({ id: u.id, isAdmin: false });

export function confirm(eventId: number, userId: number) {
  getDb().insert(registrations).values({ eventId, userId, status: "confirmed", consentVersion: "test", consentAt: new Date() }).run();
}

/**
 * The unconference's day: 4 June two years from now, so it is always ahead (never a fixture
 * that expires) and always in Berlin's summer time (CEST, UTC+2), which the tests' UTC
 * figures assume.
 */
export const YEAR = new Date().getUTCFullYear() + 2;
export const DAY = `${YEAR}-06-04`;
/** The day as iCalendar writes it (YYYYMMDD). */
export const ICS_DAY = DAY.replaceAll("-", "");

/** DAY in Berlin (CEST, UTC+2): 09:00 opening, 10:00 and 11:00 sessions, 12:00 lunch. */
export async function makeUnconference(options: { attendees?: number; openMarketplace?: boolean } = {}) {
  const organiser = await makeUser({ name: "Olga Organiser" });
  const event = makeEvent({
    format: "unconference",
    organiserIds: [organiser.id],
    timeZone: "Europe/Berlin",
    startsAt: new Date(`${DAY}T07:00:00Z`),
    endsAt: new Date(`${DAY}T15:00:00Z`),
    openMarketplace: options.openMarketplace ?? false,
  });
  const attendees = [];
  for (let i = 0; i < (options.attendees ?? 3); i++) {
    const user = await makeUser({ name: `Attendee ${String.fromCharCode(65 + i)}` });
    confirm(event.id, user.id);
    attendees.push(user);
  }
  const org = asActor(organiser);
  const small = saveRoom(event, org, { name: "Small room", capacity: 2 });
  const big = saveRoom(event, org, { name: "Big hall", capacity: 50 });
  const opening = saveSlot(event, org, { startsAt: `${DAY}T09:00`, endsAt: `${DAY}T09:45`, kind: "plenary", label: "Opening" }).slot;
  const ten = saveSlot(event, org, { startsAt: `${DAY}T10:00`, endsAt: `${DAY}T10:45`, kind: "session" }).slot;
  const eleven = saveSlot(event, org, { startsAt: `${DAY}T11:00`, endsAt: `${DAY}T11:45`, kind: "session" }).slot;
  const lunch = saveSlot(event, org, { startsAt: `${DAY}T12:00`, endsAt: `${DAY}T13:00`, kind: "break", label: "Lunch" }).slot;
  return { event, organiser, attendees, rooms: { small, big }, slots: { opening, ten, eleven, lunch } };
}

export function propose(
  event: Event,
  proposer: { id: number },
  title: string,
  hostIds = [proposer.id],
  accept?: { organiser: { id: number } },
) {
  const session = proposeSession(event, asActor(proposer), {
    title,
    abstract: `About ${title}`,
    format: "discussion",
    hostIds,
    tags: "testing, ops",
  });
  if (accept) decideSession(event, asActor(accept.organiser), session.id, "accept");
  return session;
}
