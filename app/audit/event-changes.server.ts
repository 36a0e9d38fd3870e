// What an event edit changed, for its audit entry: the event's own fields, and who may
// organise it and which organisations are its partners (the form's other halves). Those
// decide who reaches the attendee list and the partner rules, so adding or removing one is
// named in the log (security review, 7 Dec 2026), not "saved the event without changes".
import type { Event } from "#db/schema";
import { changedFields } from "~/audit/changes";
import { eventFormValues } from "~/events/event-form-values.server";
import { getPartners } from "~/events/events.server";

export type EventRoster = { organisers: string; partners: string };

/** The event's co-organisers (e-mails, as the form lists them) and partners (names). Read before the edit. */
export function eventRoster(event: Event): EventRoster {
  return {
    organisers: eventFormValues(event).organiserEmails,
    partners: getPartners(event.id)
      .map((p) => p.name)
      .join(", "),
  };
}

/** field → { from, to } for an edit from `before` (with its roster read before saving) to `after`. */
export function eventChanges(before: Event, rosterBefore: EventRoster, after: Event) {
  // The join key (ADR 028) is no setting of the form and never goes into the log.
  return changedFields<Record<string, unknown>>({ ...before, ...rosterBefore }, { ...after, ...eventRoster(after) }, [
    "updatedAt",
    "createdAt",
    "joinKey",
  ]);
}
