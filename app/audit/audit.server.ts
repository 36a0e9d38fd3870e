// Append-only audit log of organiser and admin actions (who, what, which record,
// when, from which IP). Written in the same transaction as the action when possible.
import { getDb, type Db } from "#db/client";
import { auditLog } from "#db/schema";

export type AuditEntry = {
  actorId: number | null;
  eventId?: number | null;
  action: string;
  targetType?: string;
  targetId?: string | number;
  ip?: string | null;
  details?: Record<string, unknown>;
};

export function recordAudit(entry: AuditEntry, db: Db = getDb()) {
  db.insert(auditLog)
    .values({
      actorId: entry.actorId,
      eventId: entry.eventId ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId === undefined ? null : String(entry.targetId),
      ip: entry.ip ?? null,
      details: entry.details ?? null,
    })
    .run();
}
