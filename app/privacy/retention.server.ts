// Retention: registration answers (job role, topics, dietary and accessibility needs, and
// the answers to the event's own questions) and the names of the event's guests (ADR 025)
// are erased RETENTION_DAYS after an event ends. The registration itself (who came, its
// state and the consent record) stays, so counts and the archive still add up.
// Runs at start-up and then daily (startup.server.ts), and by hand with `npm run purge`.
import { and, eq, isNull, lte } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import { events, registrations, type Event } from "#db/schema";
import { purgeExpiredSessions } from "~/accounts/session.server";
import { recordAudit } from "~/audit/audit.server";
import { eraseEventGuests } from "~/guests/guests.server";
import { startPeriodicJob } from "~/utils/periodic-job.server";
import { eraseEventAnswers } from "~/registration/questions-answers.server";
import { getEnv } from "~/utils/env.server";

const DAY_MS = 24 * 60 * 60 * 1000;

export function retentionDays() {
  return getEnv().RETENTION_DAYS;
}

/** When the answers of an event are (or were) purged. */
export function answersPurgeDate(event: Pick<Event, "endsAt">, days = retentionDays()) {
  return new Date(event.endsAt.getTime() + days * DAY_MS);
}

export type PurgeResult = { events: { id: number; slug: string; registrations: number }[] };

/** Purges the answers of every event that ended at least `days` ago and is not purged yet. */
export function purgeExpiredAnswers(options: { now?: Date; days?: number; db?: Db } = {}): PurgeResult {
  const now = options.now ?? new Date();
  const days = options.days ?? retentionDays();
  const db = options.db ?? getDb();
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const due = db
    .select({ id: events.id, slug: events.slug })
    .from(events)
    .where(and(isNull(events.answersPurgedAt), lte(events.endsAt, cutoff)))
    .all();
  const done: PurgeResult["events"] = [];
  for (const event of due) {
    // One transaction per event: a purge is all-or-nothing per event and never holds the
    // write lock for long.
    const purged = writeTransaction(db, (tx) => {
      const fresh = tx.select({ purgedAt: events.answersPurgedAt }).from(events).where(eq(events.id, event.id)).get();
      if (!fresh || fresh.purgedAt) return null;
      const changes = tx
        .update(registrations)
        .set({ jobRole: null, topics: null, dietary: null, accessibility: null })
        .where(eq(registrations.eventId, event.id))
        .run().changes;
      const questionAnswers = eraseEventAnswers(tx, event.id);
      const guests = eraseEventGuests(tx, event.id, now);
      tx.update(events).set({ answersPurgedAt: now }).where(eq(events.id, event.id)).run();
      recordAudit(
        {
          actorId: null,
          eventId: event.id,
          action: "retention.purge_answers",
          targetType: "event",
          targetId: event.id,
          details: { registrations: changes, questionAnswers, guests, retentionDays: days },
        },
        tx,
      );
      return changes;
    });
    if (purged !== null) done.push({ ...event, registrations: purged });
  }
  return { events: done };
}

/** The daily job: answers past retention, and login sessions past their expiry. */
export function runRetention(now = new Date()) {
  const result = purgeExpiredAnswers({ now });
  purgeExpiredSessions(now.getTime());
  return result;
}

/** Registered in startup.server.ts: runs once at start-up, then every day. */
export function startRetentionJob(intervalMs = DAY_MS) {
  return startPeriodicJob(
    intervalMs,
    () => {
      const { events: purged } = runRetention();
      if (purged.length) {
        console.log(`retention: purged registration answers of ${purged.length} event(s): ${purged.map((e) => e.slug).join(", ")}`);
      }
    },
    "retention: purge failed",
  );
}

/** What the event page tells attendees about the purge of their answers. */
export function retentionNotice(event: Pick<Event, "endsAt" | "answersPurgedAt">) {
  const days = retentionDays();
  return {
    days,
    purgeOn: answersPurgeDate(event, days).toISOString(),
    purgedAt: event.answersPurgedAt ? event.answersPurgedAt.toISOString() : null,
  };
}
