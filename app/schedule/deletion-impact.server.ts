// What deleting a room or a time slot, or withdrawing, declining or cancelling a session,
// would do, for the confirmation step before it (issue 17.5): the sessions it takes out of
// the grid and, for each, how many personal agendas (stars) lose it from their timetable
// and calendar feed. Read-only.
import type { Event } from "#db/schema";
import { conflict, forbidden } from "~/utils/errors.server";
import type { Actor } from "~/accounts/actor";
import { requireScheduleOrganiser } from "./access.server";
import { canEditSession } from "./proposals.server";
import { requireRoom, requireSlot } from "./rooms-slots.server";
import { isLive, loadSession, loadSessions, requireSessionRow } from "./sessions.server";

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

export type SessionRemoval = "withdraw" | "decline" | "cancel";

/**
 * Withdrawing (hosts), declining or cancelling (organisers) a session: checked as the action
 * itself checks it (who may, and only a live session), then what it would affect: the agendas
 * that star it and the cell it frees. The confirmation step shows this; nothing is written.
 */
export function sessionRemovalImpact(event: Event, actor: Actor, sessionId: number, how: SessionRemoval) {
  if (how === "withdraw") {
    if (!canEditSession(actor, requireSessionRow(event.id, sessionId))) {
      throw forbidden("Only the hosts of this session (or the organisers) may withdraw it.");
    }
  } else {
    requireScheduleOrganiser(actor, event);
  }
  const session = loadSession(event.id, sessionId);
  if (!isLive(session.status)) throw conflict(`This session was already ${session.status}.`);
  return {
    id: session.id,
    title: session.title,
    agendas: session.starCount,
    place: session.room && session.slot ? { room: session.room.name, startsAt: session.slot.startsAt, endsAt: session.slot.endsAt } : null,
  };
}
