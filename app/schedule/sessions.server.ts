// Reading sessions with everything pages and feeds show: hosts, tags, star counts,
// room, slot and the notes page. One query per table, not per session.
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { getDb, prepared, type Db } from "#db/client";
import {
  organisations,
  scheduleSessions,
  sessionHosts,
  sessionTags,
  stars,
  users,
  type Room,
  type ScheduleSession,
  type Slot,
} from "#db/schema";
import { isGuestUser, markGuest } from "~/utils/author-byline";
import { notFound } from "~/utils/errors.server";
import { listRooms, listSlots } from "./rooms-slots.server";

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

// The queries of every schedule page and feed, built once per connection (see `prepared`).
// Two filters over the same shape: the whole event, or some sessions of it by id
// (a JSON array bound as one parameter, so the statement can be prepared once).
const EVENT_SESSIONS = sql`(select ${scheduleSessions.id} from ${scheduleSessions} where ${scheduleSessions.eventId} = ${sql.placeholder("eventId")})`;
const SOME_SESSIONS = sql`(select ${scheduleSessions.id} from ${scheduleSessions} where ${scheduleSessions.eventId} = ${sql.placeholder("eventId")} and ${scheduleSessions.id} in (select value from json_each(${sql.placeholder("ids")})))`;

const sessionQueries = (db: Db, which: "event" | "some") =>
  prepared(db, `schedule.sessions.${which}`, () => {
    const ofSessions = which === "event" ? EVENT_SESSIONS : SOME_SESSIONS;
    return {
      sessions: db
        .select()
        .from(scheduleSessions)
        .where(inArray(scheduleSessions.id, ofSessions))
        .orderBy(asc(scheduleSessions.createdAt), asc(scheduleSessions.id))
        .prepare(),
      hosts: db
        .select({
          sessionId: sessionHosts.sessionId,
          id: users.id,
          name: users.name,
          isGuest: isGuestUser(users.id),
          organisationName: organisations.name,
        })
        .from(sessionHosts)
        .innerJoin(users, eq(users.id, sessionHosts.userId))
        .leftJoin(organisations, eq(organisations.id, users.organisationId))
        .where(inArray(sessionHosts.sessionId, ofSessions))
        .orderBy(asc(users.name))
        .prepare(),
      tags: db.select().from(sessionTags).where(inArray(sessionTags.sessionId, ofSessions)).orderBy(asc(sessionTags.tag)).prepare(),
      starCounts: db
        .select({ sessionId: stars.sessionId, n: count() })
        .from(stars)
        .where(inArray(stars.sessionId, ofSessions))
        .groupBy(stars.sessionId)
        .prepare(),
    };
  });

const starQueries = (db: Db) =>
  prepared(db, "schedule.stars", () => ({
    starredIds: db
      .select({ id: stars.sessionId })
      .from(stars)
      .innerJoin(scheduleSessions, eq(scheduleSessions.id, stars.sessionId))
      .where(and(eq(stars.userId, sql.placeholder("userId")), eq(scheduleSessions.eventId, sql.placeholder("eventId"))))
      .prepare(),
  }));

function groupBy<T, V>(rows: T[], key: (row: T) => number, value: (row: T) => V) {
  const map = new Map<number, V[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(value(row));
    else map.set(k, [value(row)]);
  }
  return map;
}

export function loadSessions(eventId: number, options: { ids?: number[] } = {}, db: Db = getDb()): SessionView[] {
  if (options.ids && options.ids.length === 0) return [];
  const q = sessionQueries(db, options.ids ? "some" : "event");
  const params = options.ids ? { eventId, ids: JSON.stringify(options.ids) } : { eventId };
  const list = q.sessions.all(params);
  if (list.length === 0) return [];
  const hosts = groupBy(
    q.hosts.all(params),
    (h) => h.sessionId,
    (h): HostInfo => ({ id: h.id, name: markGuest(h.name, h.isGuest) ?? "Former attendee", organisationName: h.organisationName }),
  );
  const tags = groupBy(
    q.tags.all(params),
    (t) => t.sessionId,
    (t) => t.tag,
  );
  const starCounts = new Map(q.starCounts.all(params).map((c) => [c.sessionId, c.n]));
  const roomById = new Map(listRooms(eventId, db).map((r) => [r.id, r]));
  const slotById = new Map(listSlots(eventId, db).map((s) => [s.id, s]));
  return list.map((s) => ({
    ...s,
    hosts: hosts.get(s.id) ?? [],
    tags: tags.get(s.id) ?? [],
    starCount: starCounts.get(s.id) ?? 0,
    room: s.roomId != null ? (roomById.get(s.roomId) ?? null) : null,
    slot: s.slotId != null ? (slotById.get(s.slotId) ?? null) : null,
    // The official notes page (ADR 016); other notes about the session are related notes.
    noteId: s.officialNoteId,
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
  return starQueries(db)
    .starredIds.all({ eventId, userId })
    .map((r) => r.id);
}
