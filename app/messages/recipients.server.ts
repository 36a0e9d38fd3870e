// Who a message to attendees goes to (ADR 022): registrations of the event in the chosen
// states, optionally of one organisation or with one answer to a choice question. People
// whose account is deleted have no address and are never recipients.
import type { Db } from "#db/client";
import { answerFilterSql, parseAnswerFilter } from "~/registration/questions-answers.server";
import type { RecipientState } from "~/messages/message-schema";

export type RecipientFilter = {
  states: RecipientState[];
  /** An organisation id, or "none" for people without one. */
  organisation?: number | "none";
  /** `<question id>:<choice>`, as on the attendee list. */
  answer?: string;
};

export type Recipient = { registrationId: number; userId: number; email: string; name: string | null };

const RECIPIENTS_SQL = `
SELECT r.id AS registrationId, u.id AS userId, u.email AS email, u.name AS name
FROM registrations r
JOIN users u ON u.id = r.user_id
WHERE r.event_id = @eventId
  AND u.email IS NOT NULL
  AND ((@confirmed AND r.status = 'confirmed')
    OR (@waitlisted AND r.status = 'waitlisted')
    OR (@pending AND r.status = 'pending')
    OR (@checkedIn AND r.status = 'confirmed' AND r.checked_in_at IS NOT NULL))
  AND (@org IS NULL OR (@org = 0 AND u.organisation_id IS NULL) OR u.organisation_id = @org)
  AND ${answerFilterSql}
  AND (@exceptMessage IS NULL OR NOT EXISTS (
    SELECT 1 FROM message_recipients m WHERE m.message_id = @exceptMessage AND m.user_id = u.id))
ORDER BY coalesce(u.name, ''), u.id
LIMIT @limit`;

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
  const answer = parseAnswerFilter(filter.answer ?? null);
  const has = (state: RecipientState) => (filter.states.includes(state) ? 1 : 0);
  return db.$client.prepare(RECIPIENTS_SQL).all({
    eventId,
    confirmed: has("confirmed"),
    waitlisted: has("waitlisted"),
    pending: has("pending"),
    checkedIn: has("checked_in"),
    org: filter.organisation === undefined ? null : filter.organisation === "none" ? 0 : filter.organisation,
    answerQuestion: answer?.questionId ?? null,
    answerValue: answer?.value ?? null,
    exceptMessage: options.exceptMessage ?? null,
    limit: options.limit ?? -1,
  }) as Recipient[];
}
