// Who may do what in an event's schedule. Registered = a confirmed attendee; the
// event's organisers (and admins) may always take part.
import type { Event } from "#db/schema";
import type { SessionUser } from "~/accounts/session.server";
import { isOrganiserOf } from "~/events/permissions.server";
import { isConfirmedAttendee } from "~/registration/attendance.server";
import { forbidden } from "~/utils/errors.server";

export type Actor = Pick<SessionUser, "id" | "isAdmin">;

export function canParticipate(user: Actor | null, event: Pick<Event, "id">) {
  if (!user) return false;
  return isOrganiserOf(user, event.id) || isConfirmedAttendee(user.id, event.id);
}

export function requireParticipant(user: Actor, event: Pick<Event, "id">) {
  if (!canParticipate(user, event)) {
    throw forbidden("Only confirmed attendees of this event can do that. Register first.");
  }
}

export function requireScheduleOrganiser(user: Actor, event: Pick<Event, "id">) {
  if (!isOrganiserOf(user, event.id)) throw forbidden("Only the organisers of this event may do that.");
}
