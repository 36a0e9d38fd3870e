// What deleting a room or a time slot would do, for the confirmation step before it
// (issue 17.5): the sessions it takes out of the grid and, for each, how many personal
// agendas (stars) lose it from their timetable and calendar feed. Read-only.
import type { Event } from "#db/schema";
import { requireRoom, requireSlot } from "./rooms-slots.server";
import { loadSessions } from "./sessions.server";

export type SessionImpact = { id: number; title: string; agendas: number };
export type DeletionImpact = { sessions: SessionImpact[]; agendas: number };

function impactOf(sessions: { id: number; title: string; starCount: number }[]): DeletionImpact {
  const list = sessions.map((s) => ({ id: s.id, title: s.title, agendas: s.starCount }));
  return { sessions: list, agendas: list.reduce((sum, s) => sum + s.agendas, 0) };
}

/** Deleting a room unplaces every session placed in it (see deleteRoom). */
export function roomDeletionImpact(event: Pick<Event, "id">, roomId: number) {
  const room = requireRoom(event.id, roomId);
  return { room: { id: room.id, name: room.name }, ...impactOf(loadSessions(event.id).filter((s) => s.roomId === room.id)) };
}

/** Deleting a slot unplaces every session placed in it (see deleteSlot). */
export function slotDeletionImpact(event: Pick<Event, "id">, slotId: number) {
  const slot = requireSlot(event.id, slotId);
  return {
    slot: { id: slot.id, startsAt: slot.startsAt, endsAt: slot.endsAt, label: slot.label },
    ...impactOf(loadSessions(event.id).filter((s) => s.slotId === slot.id)),
  };
}
