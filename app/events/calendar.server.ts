// The event itself as a calendar entry (/events/:slug/event.ics, issue 14.3): one VEVENT
// with the event's zone (VTIMEZONE), a UID that never changes, a SEQUENCE that grows
// whenever what a calendar shows changes, and STATUS:CANCELLED once the event is
// cancelled (SEQUENCE: calendar-sequence.server.ts). Built with the schedule feeds' calendar (app/schedule/feeds.server.ts).
import { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import type { Event } from "#db/schema";
import { icalTime, zonedCalendar } from "~/schedule/feeds.server";
import { publicOrigin } from "~/utils/public-origin.server";

export const eventUid = (event: Pick<Event, "id">) => `kx-event-${event.id}@knowledge-exchange`;

export type CalendarEvent = Pick<
  Event,
  "id" | "slug" | "title" | "summary" | "venue" | "timeZone" | "startsAt" | "endsAt" | "status" | "sequence" | "updatedAt"
>;

/**
 * The event's .ics text: served at /events/:slug/event.ics and fit to attach to an e-mail
 * (METHOD:PUBLISH). `origin` is the site's address for the event link (default: publicOrigin()).
 */
export function eventCalendar(event: CalendarEvent, options: { origin?: string } = {}) {
  const origin = options.origin ?? publicOrigin();
  const calendar = zonedCalendar(event, event.title, "Event");
  calendar.method(ICalCalendarMethod.PUBLISH);
  const url = new URL(`/events/${event.slug}`, origin).toString();
  const cancelled = event.status === "cancelled";
  calendar.createEvent({
    id: eventUid(event),
    sequence: event.sequence,
    start: icalTime(event.startsAt),
    end: icalTime(event.endsAt),
    timezone: event.timeZone,
    stamp: icalTime(event.updatedAt),
    lastModified: icalTime(event.updatedAt),
    summary: cancelled ? `Cancelled: ${event.title}` : event.title,
    description: [event.summary, url].filter(Boolean).join("\n\n"),
    location: event.venue || null,
    url,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return calendar.toString();
}
