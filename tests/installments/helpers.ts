// Fixtures for issue 14 parts 3–5 (calendar entry, next installment, series pages): events
// with rooms, slots and placed sessions made through the real schedule functions, dates
// relative to today, the edit form as a browser posts it, and calendars read back with
// an independent parser (ical.js, tests/helpers/calendar.ts).
import { getDb } from "#db/client";
import { registrations, type Event } from "#db/schema";
import { eventFormValues } from "~/events/event-form-values.server";
import { placeSession } from "~/schedule/placement.server";
import { decideSession, proposeSession } from "~/schedule/proposals.server";
import { saveRoom, saveSlot } from "~/schedule/rooms-slots.server";
import { utcToLocalInput, zonedLocalToUtc, zoneOffsetMinutes } from "~/utils/dates";
import { makeEvent, makeUser } from "../helpers/factories";

export const DAY = 24 * 60 * 60 * 1000;
export const asActor = (u: { id: number }) => ({ id: u.id, isAdmin: false });

/** YYYY-MM-DD `days` from today (UTC calendar). */
export const dayFromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
export const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/**
 * The next day (at least `fromDays` ahead) on which `timeZone` springs forward: the offset
 * at noon is larger than the day before. Found by looking, so no year is written down.
 */
export function nextSpringForward(timeZone: string, fromDays = 12) {
  for (let d = fromDays; d < fromDays + 400; d++) {
    const day = dayFromNow(d);
    const before = zoneOffsetMinutes(new Date(`${addDays(day, -1)}T12:00:00Z`), timeZone);
    const after = zoneOffsetMinutes(new Date(`${day}T12:00:00Z`), timeZone);
    if (after > before) return day;
  }
  throw new Error(`No clock change found in ${timeZone}`);
}

export function confirm(eventId: number, userId: number, extra: { checkedInAt?: Date } = {}) {
  return getDb()
    .insert(registrations)
    .values({ eventId, userId, status: "confirmed", consentVersion: "test", consentAt: new Date(), ...extra })
    .returning()
    .get();
}

/** An event on `day` (09:00–17:00 local) in `timeZone` with an organiser (owner). */
export async function makeDayEvent(options: {
  day: string;
  timeZone?: string;
  organiser?: { id: number };
  overrides?: Parameters<typeof makeEvent>[0];
}) {
  const timeZone = options.timeZone ?? "Europe/Berlin";
  const organiser = options.organiser ?? (await makeUser({ name: "Olga Organiser" }));
  const event = makeEvent({
    format: "unconference",
    timeZone,
    startsAt: zonedLocalToUtc(`${options.day}T09:00`, timeZone)!,
    endsAt: zonedLocalToUtc(`${options.day}T17:00`, timeZone)!,
    organiserIds: [organiser.id],
    ...options.overrides,
  });
  return { event, organiser };
}

/** Two rooms and three slots (09:30 plenary, 10:00 session, 12:30 lunch) on the event's day. */
export function addRoomsAndSlots(event: Event, organiser: { id: number }) {
  const day = utcToLocalInput(event.startsAt, event.timeZone).slice(0, 10);
  const org = asActor(organiser);
  const hall = saveRoom(event, org, { name: "Main hall", capacity: 60 });
  const garden = saveRoom(event, org, { name: "Garden room", capacity: 12 });
  const opening = saveSlot(event, org, { startsAt: `${day}T09:30`, endsAt: `${day}T09:55`, kind: "plenary", label: "Opening" }).slot;
  const ten = saveSlot(event, org, { startsAt: `${day}T10:00`, endsAt: `${day}T10:45`, kind: "session" }).slot;
  const lunch = saveSlot(event, org, { startsAt: `${day}T12:30`, endsAt: `${day}T13:30`, kind: "break", label: "Lunch" }).slot;
  return { rooms: { hall, garden }, slots: { opening, ten, lunch } };
}

/** An accepted session placed in a room and slot, proposed by a confirmed attendee. */
export async function placedSession(event: Event, organiser: { id: number }, roomId: number, slotId: number, title = "Paved roads") {
  const host = await makeUser({ name: "Hana Host" });
  confirm(event.id, host.id);
  const session = proposeSession(event, asActor(host), {
    title,
    abstract: `About ${title}`,
    format: "discussion",
    hostIds: [host.id],
    tags: "",
  });
  decideSession(event, asActor(organiser), session.id, "accept");
  placeSession(event, asActor(organiser), { sessionId: session.id, roomId, slotId });
  return session;
}

/** The event's edit form filled with its current values, as the edit page shows it. */
export function editForm(event: Event, overrides: Record<string, string | string[]> = {}) {
  const { openMarketplace, ...values } = eventFormValues(event);
  // A browser sends an unticked checkbox not at all.
  return { ...values, ...(openMarketplace ? { openMarketplace } : {}), ...overrides } as Record<string, string | string[]>;
}
