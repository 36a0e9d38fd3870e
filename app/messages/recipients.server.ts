// Who a message to attendees goes to (ADR 022): registrations of the event in the chosen
// states, optionally of one organisation or with one answer to a choice question. People
// whose account is deleted have no address and are never recipients.
import { and, eq, isNotNull, isNull, notExists, or, sql } from "drizzle-orm";
import type { Db } from "#db/client";
import { messageRecipients, registrations, users } from "#db/schema";
import { answerMatches, parseAnswerFilter } from "~/registration/questions-answers.server";
import type { RecipientState } from "~/messages/message-schema";

export type RecipientFilter = {
  states: RecipientState[];
  /** An organisation id, or "none" for people without one. */
  organisation?: number | "none";
  /** `<question id>:<choice>`, as on the attendee list. */
  answer?: string;
};

export type Recipient = { registrationId: number; userId: number; email: string; name: string | null };

const inState = (state: RecipientState) =>
  state === "checked_in"
    ? and(eq(registrations.status, "confirmed"), isNotNull(registrations.checkedInAt))
    : eq(registrations.status, state);

/**
 * The recipients matching the filter, by name. `exceptMessage`: leave out who already got
 * that message (the reminder job tops up); `limit` -1: all.
 */
export function findRecipients(
  db: Db,
  eventId: number,
  filter: RecipientFilter,
  options: { exceptMessage?: number; limit?: number } = {},
): Recipient[] {
  if (filter.states.length === 0) return [];
  const answer = parseAnswerFilter(filter.answer ?? null);
  const { exceptMessage } = options;
  return db
    .select({
      registrationId: registrations.id,
      userId: users.id,
      // Never null: people without an address are left out below.
      email: sql<string>`${users.email}`,
      name: users.name,
    })
    .from(registrations)
    .innerJoin(users, eq(users.id, registrations.userId))
    .where(
      and(
        eq(registrations.eventId, eventId),
        isNotNull(users.email),
        or(...filter.states.map(inState)),
        filter.organisation === undefined
          ? undefined
          : filter.organisation === "none"
            ? isNull(users.organisationId)
            : eq(users.organisationId, filter.organisation),
        answer ? answerMatches(answer.questionId, answer.value) : undefined,
        exceptMessage === undefined
          ? undefined
          : notExists(
              db
                .select({ one: sql`1` })
                .from(messageRecipients)
                .where(and(eq(messageRecipients.messageId, exceptMessage), eq(messageRecipients.userId, users.id))),
            ),
      ),
    )
    .orderBy(sql`coalesce(${users.name}, '')`, users.id)
    .limit(options.limit ?? -1)
    .all();
}
