// Who takes part in an event: its organisers (and admins) and its confirmed attendees;
// everyone else may at most look. Boards, session proposals, stars, agendas and feeds ask
// here (boards name the roles facilitator and participant: app/board/access.server.ts).
import type { Event } from "#db/schema";
import type { Actor } from "~/accounts/actor";
import { isOrganiserOf } from "~/events/permissions.server";
import { isConfirmedAttendee } from "~/registration/attendance.server";
import { forbidden } from "~/utils/errors.server";

export type EventRole = "organiser" | "attendee" | "viewer";

export function eventRole(actor: Actor | null, eventId: number): EventRole {
  if (!actor) return "viewer";
  if (isOrganiserOf(actor, eventId)) return "organiser";
  if (isConfirmedAttendee(actor.id, eventId)) return "attendee";
  return "viewer";
}

export function canParticipate(actor: Actor | null, event: Pick<Event, "id">) {
  return eventRole(actor, event.id) !== "viewer";
}

/** The actor's part in the event, or 403 for someone who does not take part. */
export function requireParticipant(actor: Actor, event: Pick<Event, "id">): Exclude<EventRole, "viewer"> {
  const role = eventRole(actor, event.id);
  if (role === "viewer") throw forbidden("Only confirmed attendees of this event can do that. Register first.");
  return role;
}
