// The names an audit page's sentences need ("Data contracts", "Library", "10:00"): the
// records its entries point at, looked up once per kind for the whole page (one query per
// table, never per entry). A record deleted since is simply missing; sentences say so.
import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb } from "#db/client";
import {
  auditLog,
  boards,
  events,
  invitations,
  notes,
  organisations,
  registrationQuestions,
  registrations,
  rooms,
  scheduleSessions,
  slots,
  topics,
  users,
} from "#db/schema";
import type { AuditNames, NameKind } from "./sentences";

export type RawAuditEntry = { action: string; targetType: string | null; targetId: string | null; details: unknown };

const asId = (value: unknown) =>
  typeof value === "number" && Number.isInteger(value)
    ? value
    : typeof value === "string" && /^\d{1,15}$/.test(value)
      ? Number(value)
      : null;

/** The ids each entry refers to, by kind: its target, and the ids its details name. */
function referencedIds(entries: RawAuditEntry[]) {
  const ids: Record<NameKind, Set<number>> = {
    session: new Set(),
    room: new Set(),
    slot: new Set(),
    registration: new Set(),
    topic: new Set(),
    board: new Set(),
    question: new Set(),
    note: new Set(),
    user: new Set(),
    organisation: new Set(),
    invitation: new Set(),
    event: new Set(),
  };
  const add = (kind: NameKind, value: unknown) => {
    const id = asId(value);
    if (id !== null) ids[kind].add(id);
  };
  for (const entry of entries) {
    if (entry.targetType && entry.targetType in ids) add(entry.targetType as NameKind, entry.targetId);
    const d = (entry.details && typeof entry.details === "object" ? entry.details : {}) as Record<string, unknown>;
    for (const place of [d.from, d.to]) {
      if (place && typeof place === "object") {
        add("room", (place as Record<string, unknown>).roomId);
        add("slot", (place as Record<string, unknown>).slotId);
      }
    }
    if (entry.action === "board.topic.promote") {
      add("session", d.sessionId);
      add("event", d.eventId);
    }
    if (entry.action === "board.topic.merge") add("topic", d.into);
    if (entry.action === "board.carry-over") add("board", d.to);
    if (entry.action === "schedule.session.merge") add("session", d.into);
    if (entry.action === "event.copy") add("event", d.from);
    if (Array.isArray(d.unplacedSessionIds)) for (const id of d.unplacedSessionIds) add("session", id);
  }
  return ids;
}

function lookup<T extends { id: number }>(wanted: Set<number>, read: (ids: number[]) => T[], name: (row: T) => string) {
  const found = new Map<number, string>();
  if (wanted.size) for (const row of read([...wanted])) found.set(row.id, name(row));
  return found;
}

export function auditNames(entries: RawAuditEntry[]): AuditNames {
  const db = getDb();
  const ids = referencedIds(entries);
  const maps: Record<NameKind, Map<number, string>> = {
    session: lookup(
      ids.session,
      (i) =>
        db
          .select({ id: scheduleSessions.id, title: scheduleSessions.title })
          .from(scheduleSessions)
          .where(inArray(scheduleSessions.id, i))
          .all(),
      (r) => r.title,
    ),
    room: lookup(
      ids.room,
      (i) => db.select({ id: rooms.id, name: rooms.name }).from(rooms).where(inArray(rooms.id, i)).all(),
      (r) => r.name,
    ),
    // A slot is named by its start; the sentence formats it in the event's zone.
    slot: lookup(
      ids.slot,
      (i) => db.select({ id: slots.id, startsAt: slots.startsAt }).from(slots).where(inArray(slots.id, i)).all(),
      (r) => r.startsAt.toISOString(),
    ),
    registration: lookup(
      ids.registration,
      (i) =>
        db
          .select({ id: registrations.id, name: users.name })
          .from(registrations)
          .leftJoin(users, eq(users.id, registrations.userId))
          .where(inArray(registrations.id, i))
          .all(),
      (r) => r.name ?? "a former attendee",
    ),
    topic: lookup(
      ids.topic,
      (i) => db.select({ id: topics.id, title: topics.title }).from(topics).where(inArray(topics.id, i)).all(),
      (r) => r.title,
    ),
    board: lookup(
      ids.board,
      (i) => db.select({ id: boards.id, title: boards.title }).from(boards).where(inArray(boards.id, i)).all(),
      (r) => r.title,
    ),
    question: lookup(
      ids.question,
      (i) =>
        db
          .select({ id: registrationQuestions.id, label: registrationQuestions.label })
          .from(registrationQuestions)
          .where(inArray(registrationQuestions.id, i))
          .all(),
      (r) => r.label,
    ),
    note: lookup(
      ids.note,
      (i) => db.select({ id: notes.id, title: notes.title }).from(notes).where(inArray(notes.id, i)).all(),
      (r) => r.title,
    ),
    user: lookup(
      ids.user,
      (i) => db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, i)).all(),
      (r) => r.name ?? "a former attendee",
    ),
    organisation: lookup(
      ids.organisation,
      (i) => db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, i)).all(),
      (r) => r.name,
    ),
    invitation: lookup(
      ids.invitation,
      (i) => db.select({ id: invitations.id, label: invitations.label }).from(invitations).where(inArray(invitations.id, i)).all(),
      (r) => r.label,
    ),
    event: lookup(
      ids.event,
      (i) => db.select({ id: events.id, title: events.title }).from(events).where(inArray(events.id, i)).all(),
      (r) => r.title,
    ),
  };
  // A deleted room keeps the name the log last gave it ("placed … in Library" stays true).
  const goneRooms = [...ids.room].filter((id) => !maps.room.has(id));
  if (goneRooms.length) {
    const named = db
      .select({ targetId: auditLog.targetId, details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.targetType, "room"), inArray(auditLog.targetId, goneRooms.map(String))))
      .orderBy(asc(auditLog.id))
      .all();
    for (const row of named) {
      const name = (row.details as { name?: unknown } | null)?.name;
      if (typeof name === "string") maps.room.set(Number(row.targetId), name);
    }
  }
  return (kind, id) => {
    const key = asId(id);
    return key === null ? null : (maps[kind].get(key) ?? null);
  };
}
