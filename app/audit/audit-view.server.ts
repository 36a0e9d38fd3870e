// Reading the audit log: newest first, in pages (keyset on id), for an event's
// organisers (their event only) and for admins (everything). Read-only by design:
// there is no route or function that edits or deletes an entry. Each entry also reads as a
// sentence (sentences.ts), with the names its records have now (audit-names.server.ts).
import { and, desc, eq, like, lt, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { getDb } from "#db/client";
import { auditLog, events, users } from "#db/schema";
import { auditNames } from "./audit-names.server";
import { auditSentence } from "./sentences";

export const AUDIT_PAGE_SIZE = 50;

const actors = alias(users, "actors");

export type AuditRow = {
  id: number;
  at: string;
  action: string;
  actor: string;
  actorDeleted: boolean;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: string | null;
  /** The entry as a sentence ("Olu placed “Data contracts” in Library, 10:00."). */
  sentence: string;
  event: { slug: string; title: string } | null;
};

export function listAuditEntries(options: { eventId?: number; before?: number; action?: string; limit?: number } = {}) {
  const limit = options.limit ?? AUDIT_PAGE_SIZE;
  const conditions: SQL[] = [];
  if (options.eventId !== undefined) conditions.push(eq(auditLog.eventId, options.eventId));
  if (options.before) conditions.push(lt(auditLog.id, options.before));
  if (options.action) conditions.push(like(auditLog.action, `${options.action.replace(/[%_\\]/g, "")}%`));
  const rows = getDb()
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      actorId: auditLog.actorId,
      actorName: actors.name,
      actorEmail: actors.email,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      ip: auditLog.ip,
      details: auditLog.details,
      eventSlug: events.slug,
      eventTitle: events.title,
      eventTimeZone: events.timeZone,
    })
    .from(auditLog)
    .leftJoin(actors, eq(actors.id, auditLog.actorId))
    .leftJoin(events, eq(events.id, auditLog.eventId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(limit + 1)
    .all();
  const page = rows.slice(0, limit);
  const names = auditNames(page);
  const entries: AuditRow[] = page.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    action: r.action,
    actor: r.actorId === null ? "system" : r.actorName ? `${r.actorName} <${r.actorEmail}>` : "former attendee",
    actorDeleted: r.actorId !== null && !r.actorName,
    targetType: r.targetType,
    targetId: r.targetId,
    ip: r.ip,
    details: r.details === null || r.details === undefined ? null : JSON.stringify(r.details),
    sentence: auditSentence(
      { ...r, actor: r.actorId === null ? "The system" : (r.actorName ?? "A former attendee") },
      names,
      r.eventTimeZone ?? "UTC",
    ),
    event: r.eventSlug ? { slug: r.eventSlug, title: r.eventTitle ?? r.eventSlug } : null,
  }));
  return { entries, nextBefore: rows.length > limit ? page[page.length - 1].id : null };
}
