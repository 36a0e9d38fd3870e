// Who may organise an event's schedule: its organisers (and admins). Who may take part
// (propose, star, place) is app/events/participation.server.ts.
import type { Event } from "#db/schema";
import type { Actor } from "~/accounts/actor";
import { isOrganiserOf } from "~/events/permissions.server";
import { forbidden } from "~/utils/errors.server";

export function requireScheduleOrganiser(user: Actor, event: Pick<Event, "id">) {
  if (!isOrganiserOf(user, event.id)) throw forbidden("Only the organisers of this event may do that.");
}
