// Stars and the personal agenda. A star is both an interest count for the organisers
// and an entry in the person's agenda; the sessions someone hosts are in it too.
import { and, count, eq, sql } from "drizzle-orm";
import { getDb, prepared, type Db } from "#db/client";
import { sessionHosts, scheduleSessions, stars, type Event } from "#db/schema";
import { conflict } from "~/utils/errors.server";
import type { Actor } from "~/accounts/actor";
import { requireParticipant } from "~/events/participation.server";
import { overlaps } from "./rooms-slots.server";
import { isLive, loadSessions, requireSessionRow, starredSessionIds, type SessionView } from "./sessions.server";

export function starSession(event: Event, actor: Actor, sessionId: number) {
  requireParticipant(actor, event);
  const db = getDb();
  const session = requireSessionRow(event.id, sessionId, db);
  if (!isLive(session.status)) throw conflict(`This session was ${session.status}; it cannot be starred.`);
  db.insert(stars).values({ sessionId: session.id, userId: actor.id }).onConflictDoNothing().run();
  return starCount(session.id, db);
}

export function unstarSession(event: Event, actor: Actor, sessionId: number) {
  const db = getDb();
  const session = requireSessionRow(event.id, sessionId, db);
  db.delete(stars)
    .where(and(eq(stars.sessionId, session.id), eq(stars.userId, actor.id)))
    .run();
  return starCount(session.id, db);
}

function starCount(sessionId: number, db: Db) {
  return db.select({ n: count() }).from(stars).where(eq(stars.sessionId, sessionId)).get()?.n ?? 0;
}

export type AgendaItem = SessionView & { starred: boolean; hosting: boolean; clashesWith: number[] };

/** Placed sessions whose times overlap, pairwise (cancelled sessions take no time). */
export function findClashes<T extends Pick<SessionView, "id" | "slot" | "status">>(items: T[]) {
  const result = new Map<number, number[]>();
  const timed = items.filter((i) => i.slot && i.status !== "cancelled");
  for (const a of timed) {
    for (const b of timed) {
      if (a.id !== b.id && overlaps(a.slot!, b.slot!)) result.set(a.id, [...(result.get(a.id) ?? []), b.id]);
    }
  }
  return result;
}

const hostedSessions = (db: Db) =>
  prepared(db, "schedule.agenda.hosting", () =>
    db
      .select({ id: sessionHosts.sessionId })
      .from(sessionHosts)
      .innerJoin(scheduleSessions, eq(scheduleSessions.id, sessionHosts.sessionId))
      .where(and(eq(sessionHosts.userId, sql.placeholder("userId")), eq(scheduleSessions.eventId, sql.placeholder("eventId"))))
      .prepare(),
  );

export function getAgenda(event: Pick<Event, "id">, userId: number, db: Db = getDb()) {
  const starred = new Set(starredSessionIds(event.id, userId, db));
  const hosting = new Set(
    hostedSessions(db)
      .all({ userId, eventId: event.id })
      .map((r) => r.id),
  );
  const sessions = loadSessions(event.id, { ids: [...new Set([...starred, ...hosting])] }, db).filter(
    (s) => isLive(s.status) || s.status === "cancelled",
  );
  const clashes = findClashes(sessions);
  const items: AgendaItem[] = sessions
    .map((s) => ({ ...s, starred: starred.has(s.id), hosting: hosting.has(s.id), clashesWith: clashes.get(s.id) ?? [] }))
    .sort((a, b) => (a.slot?.startsAt.getTime() ?? Infinity) - (b.slot?.startsAt.getTime() ?? Infinity) || a.title.localeCompare(b.title));
  return {
    scheduled: items.filter((i) => i.slot && i.room),
    unscheduled: items.filter((i) => !(i.slot && i.room)),
    clashCount: [...clashes.values()].reduce((n, list) => n + list.length, 0) / 2,
  };
}

/** One call for the star toggles every schedule page offers. */
export function setStar(event: Event, actor: Actor, sessionId: number, on: boolean) {
  return on ? starSession(event, actor, sessionId) : unstarSession(event, actor, sessionId);
}
