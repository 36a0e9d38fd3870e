// When an event's calendar entry changes (issue 14.3): calendar apps take an update only
// when its SEQUENCE grows, so the `events.sequence` column is raised whenever something a
// calendar shows changes: the time, the place, the title or the status (a cancellation).
import { sql } from "drizzle-orm";
import { events, type Event } from "#db/schema";

/** What a calendar entry shows: a change to any of these must raise SEQUENCE. */
const CALENDAR_FIELDS = ["title", "startsAt", "endsAt", "timeZone", "venue", "status"] as const;
type CalendarFields = Pick<Event, (typeof CALENDAR_FIELDS)[number]>;

const same = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);

export function calendarFieldsChanged(before: CalendarFields, after: CalendarFields) {
  return CALENDAR_FIELDS.some((field) => !same(before[field], after[field]));
}

/**
 * The `sequence` column's new value for an update from `before` to `after`: raised by one
 * in SQL (two edits at once both count) when the calendar entry changes, else unchanged.
 */
export function nextCalendarSequence(before: CalendarFields, after: CalendarFields) {
  return calendarFieldsChanged(before, after) ? sql`${events.sequence} + 1` : undefined;
}
