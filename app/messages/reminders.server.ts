// The automatic reminder before an event (ADR 022): `reminderDaysBefore` days before the
// start (per event, default 2, 0: none), to every confirmed attendee, with the event as an
// .ics attachment. The job tops up: whoever is confirmed later, before the start, gets the
// same reminder; nobody gets it twice (send.server.ts). Batches of BATCH each in their own
// BEGIN IMMEDIATE transaction, so a large event never holds the write lock for long and a
// restart continues where the last batch ended.
import { and, eq, gt, sql } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import { events, type Event } from "#db/schema";
import { eventCalendar } from "~/events/calendar.server";
import { findRecipients } from "~/messages/recipients.server";
import { ensureMessage, eventUrl, ownerReplyTo, queueMessageTo } from "~/messages/send.server";
import { formatRange } from "~/utils/dates";
import { invalid } from "~/utils/errors.server";
import { recordAudit } from "~/audit/audit.server";
import { startPeriodicJob } from "~/utils/periodic-job.server";

const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 200;

export const reminderKey = (eventId: number) => `reminder:${eventId}`;

function reminderText(event: Event) {
  const when = formatRange(event.startsAt, event.endsAt, event.timeZone);
  return {
    subject: `Reminder: ${event.title}, ${when}`,
    body: [
      `${event.title} is coming up.`,
      "",
      `When: ${when} (${event.timeZone})`,
      event.venue ? `Where: ${event.venue}` : null,
      "",
      "The attached event.ics puts it in your calendar.",
      `If you cannot come, please cancel so someone on the waiting list gets your seat: ${eventUrl(event.slug)}/register`,
    ]
      .filter((line) => line !== null)
      .join("\n"),
  };
}

/** Published events whose reminder time has come and that have not started. */
function dueEvents(db: Db, now: Date) {
  return db
    .select()
    .from(events)
    .where(
      and(
        eq(events.status, "published"),
        gt(events.reminderDaysBefore, 0),
        gt(events.startsAt, now),
        sql`${events.startsAt} - ${events.reminderDaysBefore} * ${DAY_MS} <= ${now.getTime()}`,
      ),
    )
    .all();
}

/** Queues one batch of the event's reminder; returns how many people were queued. */
function queueReminderBatch(db: Db, eventId: number, now: Date) {
  return writeTransaction(db, (tx) => {
    // Read again inside the lock: the event may have moved, been cancelled or started.
    const event = tx.select().from(events).where(eq(events.id, eventId)).get();
    if (!event || event.status !== "published" || event.startsAt <= now) return 0;
    const text = reminderText(event);
    const { message } = ensureMessage(tx, {
      eventId,
      kind: "reminder",
      dedupeKey: reminderKey(eventId),
      ...text,
      audience: "Confirmed",
      replyTo: ownerReplyTo(tx, eventId),
      now,
    });
    const recipients = findRecipients(tx, eventId, { states: ["confirmed"] }, { exceptMessage: message.id, limit: BATCH });
    if (!recipients.length) return 0;
    return queueMessageTo(tx, message, event, recipients, { icsAttachment: eventCalendar(event), now });
  });
}

/** Queues every due reminder (all batches); returns the number of e-mails queued per event id. */
export function queueDueReminders(now = new Date(), db: Db = getDb()) {
  const queued: Record<number, number> = {};
  for (const event of dueEvents(db, now)) {
    let total = 0;
    for (let n = queueReminderBatch(db, event.id, now); n > 0; n = queueReminderBatch(db, event.id, now)) total += n;
    if (total) queued[event.id] = total;
  }
  return queued;
}

/** Registered in startup.server.ts: at start-up, then every `intervalMs`. */
export function startReminderJob(intervalMs = 10 * 60_000) {
  return startPeriodicJob(intervalMs, () => queueDueReminders(), "reminders: queueing failed");
}

/** The organiser's setting: days before the start (0: no reminder). */
export function setReminderDays(event: Pick<Event, "id">, days: number, actor: { actorId: number; ip?: string | null }) {
  if (!Number.isInteger(days) || days < 0 || days > 60)
    throw invalid("Between 0 and 60 days.", { reminderDaysBefore: ["Between 0 and 60 days."] });
  writeTransaction(getDb(), (tx) => {
    tx.update(events).set({ reminderDaysBefore: days }).where(eq(events.id, event.id)).run();
    recordAudit(
      {
        ...actor,
        eventId: event.id,
        action: "event.reminder",
        targetType: "event",
        targetId: event.id,
        details: { reminderDaysBefore: days },
      },
      tx,
    );
  });
}
