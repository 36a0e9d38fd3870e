// The e-mail outbox: every message is written here first, in the same transaction as
// the state change it reports, so a message is never lost when SMTP is down (or not
// configured). The delivery worker (delivery.server.ts) sends what is due.
import { and, count, desc, eq, inArray, type SQL } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import { eventOrganisers, events, outbox, type OUTBOX_STATUSES } from "#db/schema";
import type { SessionUser } from "~/accounts/session.server";
import { notFound } from "~/utils/errors.server";
import { recordAudit } from "~/audit/audit.server";

export type OutboxMessage = {
  kind: string;
  toEmail: string;
  toName?: string | null;
  subject: string;
  textBody: string;
  eventId?: number | null;
  userId?: number | null;
  /** The organiser who wrote it: answers go to them, not to the no-reply sender. */
  replyTo?: string | null;
  /** iCalendar text attached as `event.ics`. */
  icsAttachment?: string | null;
};

/** Queues one message. Pass the transaction the state change runs in. */
export function queueEmail(db: Db, message: OutboxMessage, now = new Date()) {
  return db
    .insert(outbox)
    .values({
      kind: message.kind,
      toEmail: message.toEmail,
      toName: message.toName ?? null,
      subject: message.subject,
      textBody: message.textBody,
      eventId: message.eventId ?? null,
      userId: message.userId ?? null,
      replyTo: message.replyTo ?? null,
      icsAttachment: message.icsAttachment ?? null,
      status: "queued",
      nextAttemptAt: now,
      createdAt: now,
    })
    .returning({ id: outbox.id })
    .get().id;
}

export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** Messages the viewer may see: admins all, organisers those of their events. */
function visibleTo(viewer: Pick<SessionUser, "id" | "isAdmin">): SQL | undefined {
  if (viewer.isAdmin) return undefined;
  return inArray(
    outbox.eventId,
    getDb().select({ id: eventOrganisers.eventId }).from(eventOrganisers).where(eq(eventOrganisers.userId, viewer.id)),
  );
}

export function listOutbox(
  viewer: Pick<SessionUser, "id" | "isAdmin">,
  filter: { status?: OutboxStatus; eventId?: number; limit?: number } = {},
) {
  const db = getDb();
  const rows = db
    .select({
      id: outbox.id,
      kind: outbox.kind,
      toEmail: outbox.toEmail,
      toName: outbox.toName,
      subject: outbox.subject,
      textBody: outbox.textBody,
      status: outbox.status,
      attempts: outbox.attempts,
      nextAttemptAt: outbox.nextAttemptAt,
      lastError: outbox.lastError,
      sentAt: outbox.sentAt,
      createdAt: outbox.createdAt,
      eventTitle: events.title,
      eventSlug: events.slug,
      eventTimeZone: events.timeZone,
    })
    .from(outbox)
    .leftJoin(events, eq(events.id, outbox.eventId))
    .where(
      and(
        visibleTo(viewer),
        filter.status ? eq(outbox.status, filter.status) : undefined,
        filter.eventId === undefined ? undefined : eq(outbox.eventId, filter.eventId),
      ),
    )
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(filter.limit ?? 200)
    .all();
  return { rows, counts: outboxCounts(viewer, { eventId: filter.eventId }) };
}

/** Messages per state that the viewer may see, optionally of one event (the outbox page, the organiser's dashboard). */
export function outboxCounts(viewer: Pick<SessionUser, "id" | "isAdmin">, filter: { eventId?: number } = {}) {
  const counts = { queued: 0, sent: 0, failed: 0 } as Record<OutboxStatus, number>;
  for (const row of getDb()
    .select({ status: outbox.status, n: count() })
    .from(outbox)
    .where(and(visibleTo(viewer), filter.eventId === undefined ? undefined : eq(outbox.eventId, filter.eventId)))
    .groupBy(outbox.status)
    .all()) {
    counts[row.status] = row.n;
  }
  return counts;
}

/** Whether the viewer organises at least one event (or is an admin): who may open /outbox. */
export function canSeeOutbox(viewer: Pick<SessionUser, "id" | "isAdmin">) {
  if (viewer.isAdmin) return true;
  return Boolean(getDb().select({ id: eventOrganisers.eventId }).from(eventOrganisers).where(eq(eventOrganisers.userId, viewer.id)).get());
}

/** Puts a failed (or stuck) message back in the queue, due now. */
export function retryMessage(viewer: Pick<SessionUser, "id" | "isAdmin">, messageId: number, ip: string | null = null, now = new Date()) {
  const db = getDb();
  const row = db
    .select({ id: outbox.id, eventId: outbox.eventId, status: outbox.status })
    .from(outbox)
    .where(and(eq(outbox.id, messageId), visibleTo(viewer)))
    .get();
  if (!row) throw notFound("No such message.");
  if (row.status === "sent") return false;
  writeTransaction(db, (tx) => {
    tx.update(outbox).set({ status: "queued", nextAttemptAt: now }).where(eq(outbox.id, messageId)).run();
    recordAudit({ actorId: viewer.id, eventId: row.eventId, action: "outbox.retry", targetType: "outbox", targetId: messageId, ip }, tx);
  });
  return true;
}
