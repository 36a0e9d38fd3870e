// The record of what was sent to whom, for the event's organisers (ADR 022): each message,
// its audience in words, and each recipient with the e-mail's delivery state.
import { count, desc, eq, inArray } from "drizzle-orm";
import { getDb } from "#db/client";
import { eventMessages, messageRecipients, outbox, users } from "#db/schema";

export function listEventMessages(eventId: number, options: { limit?: number } = {}) {
  const db = getDb();
  const messages = db
    .select({
      id: eventMessages.id,
      kind: eventMessages.kind,
      subject: eventMessages.subject,
      body: eventMessages.body,
      audience: eventMessages.audience,
      replyTo: eventMessages.replyTo,
      createdAt: eventMessages.createdAt,
      sentBy: users.name,
    })
    .from(eventMessages)
    .leftJoin(users, eq(users.id, eventMessages.sentById))
    .where(eq(eventMessages.eventId, eventId))
    .orderBy(desc(eventMessages.createdAt), desc(eventMessages.id))
    .limit(options.limit ?? 50)
    .all();
  const ids = messages.map((m) => m.id);
  const recipients = ids.length
    ? db
        .select({
          messageId: messageRecipients.messageId,
          name: users.name,
          email: users.email,
          status: outbox.status,
          sentAt: outbox.sentAt,
        })
        .from(messageRecipients)
        .innerJoin(users, eq(users.id, messageRecipients.userId))
        .leftJoin(outbox, eq(outbox.id, messageRecipients.outboxId))
        .where(inArray(messageRecipients.messageId, ids))
        .orderBy(users.name)
        .all()
    : [];
  return messages.map((m) => ({ ...m, recipients: recipients.filter((r) => r.messageId === m.id) }));
}

/** How many messages the event has (for the event page's link). */
export function countEventMessages(eventId: number) {
  return getDb().select({ n: count() }).from(eventMessages).where(eq(eventMessages.eventId, eventId)).get()?.n ?? 0;
}

/** The last few messages for the event page's organiser box: subject, kind, how many people. */
export function recentMessages(eventId: number) {
  return listEventMessages(eventId, { limit: 3 }).map((m) => ({
    id: m.id,
    kind: m.kind,
    subject: m.subject,
    recipients: m.recipients.length,
    createdAt: m.createdAt.toISOString(),
  }));
}
