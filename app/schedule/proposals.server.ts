// Session proposals: proposing, editing and withdrawing (hosts and proposers), and the
// organisers' decisions (accept, decline, cancel, merge).
import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import {
  eventOrganisers,
  organisations,
  registrations,
  scheduleSessions,
  sessionHosts,
  sessionTags,
  stars,
  users,
  type Event,
  type ScheduleSession,
} from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import { isOrganiserOf } from "~/events/permissions.server";
import { normaliseTags } from "~/notes/create-note.server";
import { conflict, forbidden, invalid } from "~/utils/errors.server";
import type { Actor } from "~/accounts/actor";
import { requireParticipant } from "~/events/participation.server";
import { requireScheduleOrganiser } from "./access.server";
import type { AuditContext } from "./rooms-slots.server";
import { splitTags, type ProposalInput } from "./schedule-schema";
import { hostIdsOf, isLive, occupiesCell, requireSessionRow } from "./sessions.server";

/** People who may host: the event's confirmed attendees and its organisers. */
export function hostCandidates(eventId: number, db: Db = getDb()) {
  const attendees = db
    .select({ id: users.id, name: users.name, organisationName: organisations.name })
    .from(registrations)
    .innerJoin(users, eq(users.id, registrations.userId))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, "confirmed")))
    .all();
  const organisers = db
    .select({ id: users.id, name: users.name, organisationName: organisations.name })
    .from(eventOrganisers)
    .innerJoin(users, eq(users.id, eventOrganisers.userId))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(eventOrganisers.eventId, eventId))
    .all();
  const byId = new Map<number, { id: number; name: string; organisationName: string | null }>();
  for (const p of [...attendees, ...organisers]) {
    if (p.name) byId.set(p.id, { id: p.id, name: p.name, organisationName: p.organisationName });
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function checkHosts(eventId: number, hostIds: number[], db: Db) {
  const allowed = new Set(hostCandidates(eventId, db).map((c) => c.id));
  const unique = [...new Set(hostIds)];
  if (unique.length === 0) throw invalid("Choose at least one host.", { hostIds: ["Choose at least one host."] });
  if (unique.some((id) => !allowed.has(id))) {
    throw invalid("Hosts must be confirmed attendees of this event.", {
      hostIds: ["Hosts must be confirmed attendees of this event."],
    });
  }
  return unique;
}

function writeHostsAndTags(db: Db, sessionId: number, hostIds: number[], tags: string[]) {
  db.delete(sessionHosts).where(eq(sessionHosts.sessionId, sessionId)).run();
  for (const userId of hostIds) db.insert(sessionHosts).values({ sessionId, userId }).run();
  db.delete(sessionTags).where(eq(sessionTags.sessionId, sessionId)).run();
  for (const tag of normaliseTags(tags).slice(0, 10)) db.insert(sessionTags).values({ sessionId, tag }).run();
}

export function proposeSession(event: Event, actor: Actor, input: ProposalInput): ScheduleSession {
  requireParticipant(actor, event);
  if (event.status !== "published" && !isOrganiserOf(actor, event.id)) throw forbidden("This event does not take proposals.");
  const db = getDb();
  return writeTransaction(db, () => {
    const hostIds = checkHosts(event.id, input.hostIds, db);
    const session = db
      .insert(scheduleSessions)
      .values({
        eventId: event.id,
        title: input.title,
        abstract: input.abstract ?? "",
        format: input.format,
        status: "proposed",
        proposedById: actor.id,
      })
      .returning()
      .get();
    writeHostsAndTags(db, session.id, hostIds, splitTags(input.tags));
    return session;
  });
}

/** Hosts and the proposer may change their own proposal; organisers any proposal. */
export function canEditSession(actor: Actor | null, session: Pick<ScheduleSession, "id" | "eventId" | "proposedById">, db: Db = getDb()) {
  if (!actor) return false;
  if (isOrganiserOf(actor, session.eventId)) return true;
  return session.proposedById === actor.id || hostIdsOf(session.id, db).includes(actor.id);
}

export function updateProposal(event: Event, actor: Actor, sessionId: number, input: ProposalInput, ctx: AuditContext = {}) {
  const db = getDb();
  return writeTransaction(db, () => {
    const session = requireSessionRow(event.id, sessionId, db);
    if (!canEditSession(actor, session, db)) throw forbidden("Only the hosts of this session (or the organisers) may edit it.");
    if (!isLive(session.status)) throw conflict(`This session was ${session.status}; it can no longer be edited.`);
    const hostIds = checkHosts(event.id, input.hostIds, db);
    const updated = db
      .update(scheduleSessions)
      .set({ title: input.title, abstract: input.abstract ?? "", format: input.format })
      .where(eq(scheduleSessions.id, session.id))
      .returning()
      .get();
    writeHostsAndTags(db, session.id, hostIds, splitTags(input.tags));
    if (isOrganiserOf(actor, event.id) && !hostIdsOf(session.id, db).includes(actor.id) && session.proposedById !== actor.id) {
      recordAudit(
        {
          actorId: actor.id,
          eventId: event.id,
          action: "schedule.session.update",
          targetType: "session",
          targetId: session.id,
          ip: ctx.ip,
        },
        db,
      );
    }
    return updated;
  });
}

/**
 * Ends a session's life. A session that is in the grid is marked cancelled and keeps
 * its cell, so calendar feeds can announce STATUS:CANCELLED; the cell counts as free.
 */
function endSession(db: Db, session: ScheduleSession, status: "withdrawn" | "declined") {
  const placed = occupiesCell(session);
  return db
    .update(scheduleSessions)
    .set(placed ? { status: "cancelled", sequence: session.sequence + 1 } : { status })
    .where(eq(scheduleSessions.id, session.id))
    .returning()
    .get();
}

export function withdrawSession(event: Event, actor: Actor, sessionId: number, ctx: AuditContext = {}) {
  const db = getDb();
  return writeTransaction(db, () => {
    const session = requireSessionRow(event.id, sessionId, db);
    if (!canEditSession(actor, session, db)) throw forbidden("Only the hosts of this session (or the organisers) may withdraw it.");
    if (!isLive(session.status)) throw conflict(`This session was already ${session.status}.`);
    const updated = endSession(db, session, "withdrawn");
    if (isOrganiserOf(actor, event.id)) {
      recordAudit(
        {
          actorId: actor.id,
          eventId: event.id,
          action: "schedule.session.withdraw",
          targetType: "session",
          targetId: session.id,
          ip: ctx.ip,
        },
        db,
      );
    }
    return updated;
  });
}

export type Decision = "accept" | "decline" | "cancel";

export function decideSession(event: Event, actor: Actor, sessionId: number, decision: Decision, ctx: AuditContext = {}) {
  requireScheduleOrganiser(actor, event);
  const db = getDb();
  return writeTransaction(db, () => {
    const session = requireSessionRow(event.id, sessionId, db);
    if (!isLive(session.status)) throw conflict(`This session was already ${session.status}.`);
    let updated: ScheduleSession;
    if (decision === "accept") {
      if (session.status === "accepted") throw conflict("This session is already accepted.");
      updated = db.update(scheduleSessions).set({ status: "accepted" }).where(eq(scheduleSessions.id, session.id)).returning().get();
    } else {
      updated = endSession(db, session, "declined");
    }
    recordAudit(
      {
        actorId: actor.id,
        eventId: event.id,
        action: `schedule.session.${decision}`,
        targetType: "session",
        targetId: session.id,
        ip: ctx.ip,
        details: { title: session.title, status: updated.status },
      },
      db,
    );
    return updated;
  });
}

/** Folds one proposal into another: hosts, tags and stars move over; the first is unplaced. */
export function mergeSession(event: Event, actor: Actor, sessionId: number, intoId: number, ctx: AuditContext = {}) {
  requireScheduleOrganiser(actor, event);
  if (sessionId === intoId) throw invalid("A session cannot be merged into itself.", { intoId: ["Choose a different session."] });
  const db = getDb();
  return writeTransaction(db, () => {
    const from = requireSessionRow(event.id, sessionId, db);
    const into = requireSessionRow(event.id, intoId, db);
    if (!isLive(from.status)) throw conflict(`“${from.title}” was already ${from.status}.`);
    if (!isLive(into.status))
      throw conflict(`“${into.title}” was ${into.status}; choose a live session.`, { intoId: ["Choose a live session."] });
    for (const userId of hostIdsOf(from.id, db)) {
      db.insert(sessionHosts).values({ sessionId: into.id, userId }).onConflictDoNothing().run();
    }
    const fromTags = db.select().from(sessionTags).where(eq(sessionTags.sessionId, from.id)).all();
    for (const t of fromTags) db.insert(sessionTags).values({ sessionId: into.id, tag: t.tag }).onConflictDoNothing().run();
    const fromStars = db.select().from(stars).where(eq(stars.sessionId, from.id)).all();
    for (const s of fromStars)
      db.insert(stars).values({ sessionId: into.id, userId: s.userId, createdAt: s.createdAt }).onConflictDoNothing().run();
    const wasPlaced = from.roomId != null || from.slotId != null;
    db.update(scheduleSessions)
      .set({ status: "merged", mergedIntoId: into.id, roomId: null, slotId: null, sequence: wasPlaced ? from.sequence + 1 : from.sequence })
      .where(eq(scheduleSessions.id, from.id))
      .run();
    recordAudit(
      {
        actorId: actor.id,
        eventId: event.id,
        action: "schedule.session.merge",
        targetType: "session",
        targetId: from.id,
        ip: ctx.ip,
        details: { into: into.id, title: from.title },
      },
      db,
    );
    return into;
  });
}

/** Other live sessions of the event, for the organisers' "merge into" choice. */
export function mergeTargets(eventId: number, exceptId: number, db: Db = getDb()) {
  return db
    .select({ id: scheduleSessions.id, title: scheduleSessions.title })
    .from(scheduleSessions)
    .where(and(eq(scheduleSessions.eventId, eventId), inArray(scheduleSessions.status, ["proposed", "accepted"])))
    .orderBy(asc(scheduleSessions.title))
    .all()
    .filter((s) => s.id !== exceptId);
}
