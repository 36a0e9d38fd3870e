// Rooms and time slots of an event. Times arrive as wall-clock text in the event's
// zone and are stored UTC. Overlapping slots are allowed (parallel tracks happen) but
// always flagged, so an organiser never overlooks a typo; the very same times twice are refused.
import { and, asc, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import { getDb, prepared, writeTransaction, type Db } from "#db/client";
import { events, rooms, scheduleSessions, slots, type Event, type Room, type Slot } from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import { missingLocalTime, zonedLocalToUtc } from "~/utils/dates";
import { conflict, invalid, notFound } from "~/utils/errors.server";
import type { Actor } from "~/accounts/actor";
import { requireScheduleOrganiser } from "./access.server";

export type AuditContext = { ip?: string | null };

// Read on every schedule page and feed: built once per connection (see `prepared`).
const gridQueries = (db: Db) =>
  prepared(db, "schedule.rooms-slots", () => ({
    rooms: db
      .select()
      .from(rooms)
      .where(eq(rooms.eventId, sql.placeholder("eventId")))
      .orderBy(asc(rooms.position), asc(rooms.id))
      .prepare(),
    slots: db
      .select()
      .from(slots)
      .where(eq(slots.eventId, sql.placeholder("eventId")))
      .orderBy(asc(slots.startsAt), asc(slots.id))
      .prepare(),
  }));

export function listRooms(eventId: number, db: Db = getDb()): Room[] {
  return gridQueries(db).rooms.all({ eventId });
}

export function listSlots(eventId: number, db: Db = getDb()): Slot[] {
  return gridQueries(db).slots.all({ eventId });
}

export const overlaps = (a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }) =>
  a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();

/** Slot id → the ids of the other slots it overlaps in time. */
export function findOverlappingSlots(list: Pick<Slot, "id" | "startsAt" | "endsAt">[]) {
  const result = new Map<number, number[]>();
  for (const a of list) {
    for (const b of list) {
      if (a.id !== b.id && overlaps(a, b)) result.set(a.id, [...(result.get(a.id) ?? []), b.id]);
    }
  }
  return result;
}

export type RoomInput = { roomId?: number; name: string; capacity: number };

export function saveRoom(event: Event, actor: Actor, input: RoomInput, ctx: AuditContext = {}): Room {
  requireScheduleOrganiser(actor, event);
  const db = getDb();
  return writeTransaction(db, () => {
    // Two rooms of the same name would make the grid and the place form ambiguous.
    const sameName = listRooms(event.id, db).find(
      (r) => r.id !== input.roomId && r.name.trim().toLowerCase() === input.name.trim().toLowerCase(),
    );
    if (sameName) throw invalid("Rename the room.", { name: ["This event already has a room with this name."] });
    let room: Room;
    if (input.roomId) {
      const existing = requireRoom(event.id, input.roomId, db);
      room = db.update(rooms).set({ name: input.name, capacity: input.capacity }).where(eq(rooms.id, existing.id)).returning().get();
    } else {
      const position = listRooms(event.id, db).length;
      room = db.insert(rooms).values({ eventId: event.id, name: input.name, capacity: input.capacity, position }).returning().get();
    }
    recordAudit(
      {
        actorId: actor.id,
        eventId: event.id,
        action: input.roomId ? "schedule.room.update" : "schedule.room.create",
        targetType: "room",
        targetId: room.id,
        ip: ctx.ip,
        details: { name: room.name, capacity: room.capacity },
      },
      db,
    );
    return room;
  });
}

export function deleteRoom(event: Event, actor: Actor, roomId: number, ctx: AuditContext = {}) {
  requireScheduleOrganiser(actor, event);
  const db = getDb();
  writeTransaction(db, () => {
    const room = requireRoom(event.id, roomId, db);
    const unplaced = unplaceWhere(db, eq(scheduleSessions.roomId, room.id));
    db.delete(rooms).where(eq(rooms.id, room.id)).run();
    recordAudit(
      {
        actorId: actor.id,
        eventId: event.id,
        action: "schedule.room.delete",
        targetType: "room",
        targetId: room.id,
        ip: ctx.ip,
        details: { name: room.name, unplacedSessionIds: unplaced },
      },
      db,
    );
  });
}

export type SlotInput = { slotId?: number; startsAt: string; endsAt: string; kind: Slot["kind"]; label?: string };

export function saveSlot(
  event: Event,
  actor: Actor,
  input: SlotInput,
  ctx: AuditContext = {},
): { slot: Slot; overlapsWith: Slot[]; outsideEvent: boolean } {
  requireScheduleOrganiser(actor, event);
  const startsAt = zonedLocalToUtc(input.startsAt, event.timeZone);
  const endsAt = zonedLocalToUtc(input.endsAt, event.timeZone);
  if (!startsAt) throw invalid("Check the times.", { startsAt: ["Enter a date and time."] });
  if (!endsAt) throw invalid("Check the times.", { endsAt: ["Enter a date and time."] });
  for (const field of ["startsAt", "endsAt"] as const) {
    const problem = missingLocalTime(input[field], event.timeZone);
    if (problem) throw invalid("Check the times.", { [field]: [problem] });
  }
  if (endsAt.getTime() <= startsAt.getTime()) {
    throw invalid("The slot must end after it starts.", { endsAt: ["The slot must end after it starts."] });
  }
  const db = getDb();
  return writeTransaction(db, () => {
    // Overlaps are allowed, but the very same times twice is a slip (a double click, a form sent again).
    const twin = listSlots(event.id, db).find(
      (other) =>
        other.id !== input.slotId && other.startsAt.getTime() === startsAt.getTime() && other.endsAt.getTime() === endsAt.getTime(),
    );
    if (twin) throw invalid("There is already a slot at these times.", { startsAt: ["There is already a slot at these times."] });
    let slot: Slot;
    if (input.slotId) {
      const existing = requireSlot(event.id, input.slotId, db);
      if (input.kind === "break" && existing.kind !== "break") {
        const placed = db
          .select({ id: scheduleSessions.id })
          .from(scheduleSessions)
          .where(and(eq(scheduleSessions.slotId, existing.id), ne(scheduleSessions.status, "cancelled")))
          .all();
        if (placed.length) {
          throw conflict("Sessions are placed in this slot. Move them out before making it a break.", {
            kind: ["Sessions are placed in this slot. Move them out before making it a break."],
          });
        }
      }
      slot = db
        .update(slots)
        .set({ startsAt, endsAt, kind: input.kind, label: input.label || null })
        .where(eq(slots.id, existing.id))
        .returning()
        .get();
      if (existing.startsAt.getTime() !== startsAt.getTime() || existing.endsAt.getTime() !== endsAt.getTime()) {
        // Calendar apps only take a changed time when SEQUENCE grows.
        bumpSequence(db, eq(scheduleSessions.slotId, existing.id));
      }
    } else {
      slot = db
        .insert(slots)
        .values({ eventId: event.id, startsAt, endsAt, kind: input.kind, label: input.label || null })
        .returning()
        .get();
    }
    const overlapsWith = listSlots(event.id, db).filter((other) => other.id !== slot.id && overlaps(slot, other));
    recordAudit(
      {
        actorId: actor.id,
        eventId: event.id,
        action: input.slotId ? "schedule.slot.update" : "schedule.slot.create",
        targetType: "slot",
        targetId: slot.id,
        ip: ctx.ip,
        details: {
          startsAt: startsAt.toISOString(),
          endsAt: endsAt.toISOString(),
          kind: input.kind,
          overlapsWith: overlapsWith.map((s) => s.id),
        },
      },
      db,
    );
    // Allowed (an evening social, a set-up slot), but never silent: the route warns.
    const outsideEvent = slot.startsAt.getTime() < event.startsAt.getTime() || slot.endsAt.getTime() > event.endsAt.getTime();
    return { slot, overlapsWith, outsideEvent };
  });
}

export function deleteSlot(event: Event, actor: Actor, slotId: number, ctx: AuditContext = {}) {
  requireScheduleOrganiser(actor, event);
  const db = getDb();
  writeTransaction(db, () => {
    const slot = requireSlot(event.id, slotId, db);
    const unplaced = unplaceWhere(db, eq(scheduleSessions.slotId, slot.id));
    db.delete(slots).where(eq(slots.id, slot.id)).run();
    recordAudit(
      {
        actorId: actor.id,
        eventId: event.id,
        action: "schedule.slot.delete",
        targetType: "slot",
        targetId: slot.id,
        ip: ctx.ip,
        details: { unplacedSessionIds: unplaced },
      },
      db,
    );
  });
}

export function setMarketplace(event: Event, actor: Actor, open: boolean, ctx: AuditContext = {}) {
  requireScheduleOrganiser(actor, event);
  const db = getDb();
  writeTransaction(db, () => {
    db.update(events).set({ openMarketplace: open }).where(eq(events.id, event.id)).run();
    recordAudit(
      {
        actorId: actor.id,
        eventId: event.id,
        action: open ? "schedule.marketplace.open" : "schedule.marketplace.close",
        targetType: "event",
        targetId: event.id,
        ip: ctx.ip,
      },
      db,
    );
  });
}

export function requireRoom(eventId: number, roomId: number, db: Db = getDb()): Room {
  const room = db
    .select()
    .from(rooms)
    .where(and(eq(rooms.id, roomId), eq(rooms.eventId, eventId)))
    .get();
  if (!room) throw notFound("No room with this id in this event.");
  return room;
}

export function requireSlot(eventId: number, slotId: number, db: Db = getDb()): Slot {
  const slot = db
    .select()
    .from(slots)
    .where(and(eq(slots.id, slotId), eq(slots.eventId, eventId)))
    .get();
  if (!slot) throw notFound("No time slot with this id in this event.");
  return slot;
}

function bumpSequence(db: Db, where: SQL) {
  const ids = db
    .select({ id: scheduleSessions.id })
    .from(scheduleSessions)
    .where(where)
    .all()
    .map((r) => r.id);
  if (ids.length) {
    db.update(scheduleSessions)
      .set({ sequence: sql`${scheduleSessions.sequence} + 1` })
      .where(inArray(scheduleSessions.id, ids))
      .run();
  }
  return ids;
}

/** Takes sessions out of the grid (their room or slot is going away); returns their ids. */
function unplaceWhere(db: Db, where: SQL) {
  const ids = bumpSequence(db, where);
  if (ids.length) {
    db.update(scheduleSessions).set({ roomId: null, slotId: null }).where(inArray(scheduleSessions.id, ids)).run();
  }
  return ids;
}
