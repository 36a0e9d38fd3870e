// Reading sessions with everything pages and feeds show: hosts, tags, star counts,
// room, slot and the notes page. One query per table, not per session.
import { and, asc, count, eq, inArray } from "drizzle-orm";
import { getDb, type Db } from "#db/client";
import {
  notes,
  organisations,
  rooms,
  scheduleSessions,
  sessionHosts,
  sessionTags,
  slots,
  stars,
  users,
  type Room,
  type ScheduleSession,
  type Slot,
} from "#db/schema";
import { notFound } from "~/utils/errors.server";

export type HostInfo = { id: number; name: string; organisationName: string | null };

export type SessionView = ScheduleSession & {
  hosts: HostInfo[];
  tags: string[];
  starCount: number;
  room: Room | null;
  slot: Slot | null;
  noteId: number | null;
};

/** Sessions that take part in the schedule (not withdrawn, declined or merged away). */
export const LIVE_STATUSES = ["proposed", "accepted"] as const;

export function isLive(status: ScheduleSession["status"]) {
  return (LIVE_STATUSES as readonly string[]).includes(status);
}

/** A session occupies its cell unless it was cancelled (then the cell may be reused). */
export function occupiesCell(s: Pick<ScheduleSession, "status" | "roomId" | "slotId">) {
  return s.roomId != null && s.slotId != null && s.status !== "cancelled";
}

export function loadSessions(eventId: number, options: { ids?: number[] } = {}, db: Db = getDb()): SessionView[] {
  const where = options.ids
    ? and(eq(scheduleSessions.eventId, eventId), inArray(scheduleSessions.id, options.ids.length ? options.ids : [-1]))
    : eq(scheduleSessions.eventId, eventId);
  const list = db.select().from(scheduleSessions).where(where).orderBy(asc(scheduleSessions.createdAt), asc(scheduleSessions.id)).all();
  if (list.length === 0) return [];
  const ids = list.map((s) => s.id);
  const hosts = db
    .select({ sessionId: sessionHosts.sessionId, id: users.id, name: users.name, organisationName: organisations.name })
    .from(sessionHosts)
    .innerJoin(users, eq(users.id, sessionHosts.userId))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(inArray(sessionHosts.sessionId, ids))
    .orderBy(asc(users.name))
    .all();
  const tags = db.select().from(sessionTags).where(inArray(sessionTags.sessionId, ids)).orderBy(asc(sessionTags.tag)).all();
  const starCounts = db
    .select({ sessionId: stars.sessionId, n: count() })
    .from(stars)
    .where(inArray(stars.sessionId, ids))
    .groupBy(stars.sessionId)
    .all();
  const noteRows = db
    .select({ id: notes.id, sessionId: notes.sessionId })
    .from(notes)
    .where(inArray(notes.sessionId, ids))
    .orderBy(asc(notes.id))
    .all();
  const roomList = db.select().from(rooms).where(eq(rooms.eventId, eventId)).all();
  const slotList = db.select().from(slots).where(eq(slots.eventId, eventId)).all();
  return list.map((s) => ({
    ...s,
    hosts: hosts
      .filter((h) => h.sessionId === s.id)
      .map((h) => ({ id: h.id, name: h.name ?? "Former attendee", organisationName: h.organisationName })),
    tags: tags.filter((t) => t.sessionId === s.id).map((t) => t.tag),
    starCount: starCounts.find((c) => c.sessionId === s.id)?.n ?? 0,
    room: roomList.find((r) => r.id === s.roomId) ?? null,
    slot: slotList.find((sl) => sl.id === s.slotId) ?? null,
    noteId: noteRows.find((n) => n.sessionId === s.id)?.id ?? null,
  }));
}

export function loadSession(eventId: number, sessionId: number, db: Db = getDb()): SessionView {
  const [session] = loadSessions(eventId, { ids: [sessionId] }, db);
  if (!session) throw notFound("No session with this id in this event.");
  return session;
}

/** The plain row, checked to belong to the event (a session of another event is a 404). */
export function requireSessionRow(eventId: number, sessionId: number, db: Db = getDb()): ScheduleSession {
  const row = db
    .select()
    .from(scheduleSessions)
    .where(and(eq(scheduleSessions.id, sessionId), eq(scheduleSessions.eventId, eventId)))
    .get();
  if (!row) throw notFound("No session with this id in this event.");
  return row;
}

export function hostIdsOf(sessionId: number, db: Db = getDb()) {
  return db
    .select({ userId: sessionHosts.userId })
    .from(sessionHosts)
    .where(eq(sessionHosts.sessionId, sessionId))
    .all()
    .map((h) => h.userId);
}

export function starredSessionIds(eventId: number, userId: number, db: Db = getDb()) {
  return db
    .select({ id: stars.sessionId })
    .from(stars)
    .innerJoin(scheduleSessions, eq(scheduleSessions.id, stars.sessionId))
    .where(and(eq(stars.userId, userId), eq(scheduleSessions.eventId, eventId)))
    .all()
    .map((r) => r.id);
}
