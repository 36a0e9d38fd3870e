// The event itself as one VEVENT (with its VTIMEZONE), built with the same ical code as the
// schedule feeds: attached to reminders and change notices (ADR 022). The UID is stable
// per event, so a calendar app updates the entry it already has.
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { DateTime } from "luxon";
import type { Event } from "#db/schema";
import { getEnv } from "~/utils/env.server";

export const eventUid = (event: Pick<Event, "id">) => `kx-event-${event.id}@knowledge-exchange`;

type CalendarEvent = Pick<
  Event,
  "id" | "slug" | "title" | "summary" | "venue" | "timeZone" | "startsAt" | "endsAt" | "status" | "updatedAt"
>;

const utc = (date: Date) => DateTime.fromJSDate(date, { zone: "utc" });

/**
 * `sequence`: iCalendar SEQUENCE, to be raised whenever the time or place changes; until
 * events count their own changes, the seconds of the last update serve (they only grow).
 */
export function eventCalendar(event: CalendarEvent, options: { origin?: string; sequence?: number } = {}) {
  const origin = options.origin ?? getEnv().BASE_URL ?? `http://localhost:${getEnv().PORT}`;
  const url = new URL(`/events/${event.slug}`, origin).toString();
  const calendar = ical({
    name: event.title,
    method: ICalCalendarMethod.PUBLISH,
    prodId: { company: "Knowledge Exchange", product: "Event", language: "EN" },
  });
  calendar.timezone({ name: null, generator: getVtimezoneComponent });
  calendar.createEvent({
    id: eventUid(event),
    sequence: options.sequence ?? Math.floor(event.updatedAt.getTime() / 1000),
    start: utc(event.startsAt),
    end: utc(event.endsAt),
    timezone: event.timeZone,
    stamp: utc(event.updatedAt),
    lastModified: utc(event.updatedAt),
    summary: event.title,
    description: [event.summary, url].filter(Boolean).join("\n\n"),
    location: event.venue || undefined,
    url,
    status: event.status === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return calendar.toString();
}
