// Sending a message to attendees through the outbox (ADR 022): one e-mail per person,
// never two. A message is one `event_messages` row per dedupe key; each recipient is one
// `message_recipients` row whose primary key (message, person) is the rule "never
// twice": the row and its outbox e-mail are written together in a BEGIN IMMEDIATE
// transaction, and a person who already has a row is skipped. Two runs at once, a
// double-clicked form or a restart mid-batch therefore cannot mail anyone twice.
import { and, asc, eq } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import {
  eventMessages,
  eventOrganisers,
  messageRecipients,
  organisations,
  users,
  type Event,
  type EventMessage,
  type MessageKind,
} from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import { findRecipients, type Recipient, type RecipientFilter } from "~/messages/recipients.server";
import { NOBODY_MATCHES, RECIPIENT_STATE_LABELS, type MessageFormValue } from "~/messages/message-schema";
import { queueEmail } from "~/outbox/outbox.server";
import { parseAnswerFilter } from "~/registration/questions-answers.server";
import { registrationQuestions } from "#db/schema";
import { answerText } from "~/registration/questions-schema";
import { getEnv } from "~/utils/env.server";
import { invalid } from "~/utils/errors.server";

type EventInfo = Pick<Event, "id" | "slug" | "title">;

export function eventUrl(slug: string) {
  const base = getEnv().BASE_URL ?? `http://localhost:${getEnv().PORT}`;
  return new URL(`/events/${slug}`, base).toString();
}

/** The e-mail one person gets: the organiser's text between a greeting and why they get it. */
function personalBody(message: Pick<EventMessage, "body" | "replyTo">, event: EventInfo, name: string | null) {
  return [
    `Hello ${name ?? ""},`.trim(),
    "",
    message.body,
    "",
    "—",
    `${event.title}: ${eventUrl(event.slug)}`,
    `You get this e-mail because you registered for this event.${message.replyTo ? " Reply to reach the organisers." : ""}`,
  ].join("\n");
}

/**
 * Queues the message for each recipient who does not have it yet; returns how many were
 * queued now. Call inside a write transaction.
 */
export function queueMessageTo(
  tx: Db,
  message: EventMessage,
  event: EventInfo,
  recipients: Recipient[],
  options: { icsAttachment?: string | null; now?: Date } = {},
) {
  let queued = 0;
  for (const person of recipients) {
    const claimed = tx
      .insert(messageRecipients)
      .values({ messageId: message.id, userId: person.userId, createdAt: options.now ?? new Date() })
      .onConflictDoNothing()
      .returning({ userId: messageRecipients.userId })
      .get();
    if (!claimed) continue;
    const outboxId = queueEmail(
      tx,
      {
        kind: `message.${message.kind}`,
        toEmail: person.email,
        toName: person.name,
        subject: message.subject,
        textBody: personalBody(message, event, person.name),
        eventId: event.id,
        userId: person.userId,
        replyTo: message.replyTo,
        icsAttachment: options.icsAttachment ?? null,
      },
      options.now,
    );
    tx.update(messageRecipients)
      .set({ outboxId })
      .where(and(eq(messageRecipients.messageId, message.id), eq(messageRecipients.userId, person.userId)))
      .run();
    queued += 1;
  }
  return queued;
}

/** The message with this key, created when it does not exist yet. */
export function ensureMessage(
  tx: Db,
  values: {
    eventId: number;
    kind: MessageKind;
    dedupeKey: string;
    subject: string;
    body: string;
    audience: string;
    sentById?: number | null;
    replyTo?: string | null;
    now?: Date;
  },
): { message: EventMessage; created: boolean } {
  const { now, ...rest } = values;
  const inserted = tx
    .insert(eventMessages)
    .values({ ...rest, createdAt: now ?? new Date() })
    .onConflictDoNothing()
    .returning()
    .get();
  if (inserted) return { message: inserted, created: true };
  return { message: tx.select().from(eventMessages).where(eq(eventMessages.dedupeKey, values.dedupeKey)).get()!, created: false };
}

/** The event owner's address: where answers to automatic mails go. */
export function ownerReplyTo(db: Db, eventId: number) {
  return (
    db
      .select({ email: users.email })
      .from(eventOrganisers)
      .innerJoin(users, eq(users.id, eventOrganisers.userId))
      .where(and(eq(eventOrganisers.eventId, eventId), eq(eventOrganisers.role, "owner")))
      .orderBy(asc(users.id))
      .limit(1)
      .get()?.email ?? null
  );
}

export function recipientFilterOf(value: Pick<MessageFormValue, "states" | "organisation" | "answer">): RecipientFilter {
  return {
    states: value.states,
    organisation: value.organisation === undefined ? undefined : value.organisation === "none" ? "none" : Number(value.organisation),
    answer: value.answer,
  };
}

/** The filter in words, for the record ("Waiting list · Beacon Media · Dietary: Vegetarian"). */
export function describeFilter(db: Db, eventId: number, filter: RecipientFilter) {
  const parts = [filter.states.map((s) => RECIPIENT_STATE_LABELS[s]).join(", ")];
  if (filter.organisation === "none") parts.push("no organisation");
  else if (filter.organisation !== undefined) {
    parts.push(
      db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, filter.organisation)).get()?.name ??
        "an organisation",
    );
  }
  const answer = parseAnswerFilter(filter.answer ?? null);
  if (answer) {
    const question = db
      .select({ label: registrationQuestions.label, kind: registrationQuestions.kind })
      .from(registrationQuestions)
      .where(and(eq(registrationQuestions.id, answer.questionId), eq(registrationQuestions.eventId, eventId)))
      .get();
    parts.push(question ? `${question.label}: ${answerText(question.kind, answer.value)}` : "an answer");
  }
  return parts.join(" · ");
}

/** Who would get the message now: the count and the first names, for the preview. */
export function previewRecipients(eventId: number, filter: RecipientFilter) {
  const recipients = findRecipients(getDb(), eventId, filter);
  return { count: recipients.length, names: recipients.slice(0, 50).map((r) => r.name ?? r.email) };
}

/**
 * An organiser's message to the attendees matching the filter. The form's `sendKey`
 * makes a second post of the same form a no-op. Nobody matching is refused (400).
 */
export function sendEventMessage(input: {
  event: EventInfo;
  sender: { id: number; email: string };
  value: MessageFormValue;
  ip?: string | null;
  now?: Date;
}) {
  const { event, sender, value } = input;
  const filter = recipientFilterOf(value);
  return writeTransaction(getDb(), (tx) => {
    const dedupeKey = `organiser:${event.id}:${value.sendKey}`;
    const existing = tx.select().from(eventMessages).where(eq(eventMessages.dedupeKey, dedupeKey)).get();
    if (existing) return { message: existing, queued: 0, alreadySent: true };
    const recipients = findRecipients(tx, event.id, filter);
    if (!recipients.length) throw invalid(NOBODY_MATCHES, { states: [NOBODY_MATCHES] });
    const { message } = ensureMessage(tx, {
      eventId: event.id,
      kind: "organiser",
      dedupeKey,
      subject: value.subject,
      body: value.body,
      audience: describeFilter(tx, event.id, filter),
      sentById: sender.id,
      replyTo: sender.email,
      now: input.now,
    });
    const queued = queueMessageTo(tx, message, event, recipients, { now: input.now });
    recordAudit(
      {
        actorId: sender.id,
        eventId: event.id,
        action: "message.send",
        targetType: "message",
        targetId: message.id,
        ip: input.ip ?? null,
        details: { recipients: queued, audience: message.audience },
      },
      tx,
    );
    return { message, queued, alreadySent: false };
  });
}
