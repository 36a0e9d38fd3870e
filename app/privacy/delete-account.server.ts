// Deleting an account: personal data is erased in ONE write transaction, content stays.
// - users.name / email / job role → NULL and deletedAt set (the row stays, so topics,
//   notes, sessions and votes keep their author, shown as "former attendee");
// - the password, every login session and private calendar-feed token are deleted;
// - registration answers are erased; active registrations are cancelled, and a freed
//   seat goes to the oldest person on the waiting list at once (with their e-mail queued);
// - e-mails addressed to the person are removed from the outbox.
// The e-mail address is free again afterwards, so the person can sign up anew.
import { and, eq, inArray, or } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import {
  agendaFeedTokens,
  emailTokens,
  authSessions,
  events,
  outbox,
  passwords,
  registrations,
  users,
  type RegistrationStatus,
} from "#db/schema";
import { assertCurrentPassword } from "~/accounts/change-password.server";
import { normaliseEmail } from "~/accounts/users.server";
import { recordAudit } from "~/audit/audit.server";
import { promoteFromWaitlist } from "~/registration/registrations.server";
import { erasePersonAnswers } from "~/registration/questions-answers.server";
import { invalid, notFound } from "~/utils/errors.server";

export const FORMER_ATTENDEE = "former attendee";

/** The display name for an author: theirs, or "former attendee" once the account is deleted. */
export const displayName = (name: string | null | undefined) => name ?? FORMER_ATTENDEE;

const ACTIVE: RegistrationStatus[] = ["confirmed", "waitlisted", "pending"];

export type DeletionSummary = { registrationsCancelled: number; promotedRegistrationIds: number[] };

/**
 * Checks the typed e-mail and the password, then erases the account. The password is
 * checked before the transaction (scrypt is slow; the write lock is never held across it).
 */
export async function deleteAccount(
  userId: number,
  input: { confirmEmail: string; currentPassword: string },
  meta: { ip?: string | null } = {},
): Promise<DeletionSummary> {
  const user = getDb().select().from(users).where(eq(users.id, userId)).get();
  if (!user?.email) throw notFound("This account no longer exists.");
  if (normaliseEmail(input.confirmEmail) !== user.email) {
    throw invalid("Type your own e-mail address to confirm.", {
      confirmEmail: [`Type the e-mail address of this account (${user.email}) to confirm.`],
    });
  }
  await assertCurrentPassword(userId, input.currentPassword);
  return eraseAccount(userId, meta);
}

/** The erasure itself, without the confirmation checks (used by deleteAccount and tests). */
export function eraseAccount(userId: number, meta: { ip?: string | null } = {}): DeletionSummary {
  const db = getDb();
  return writeTransaction(db, (tx) => {
    const user = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!user?.email) throw notFound("This account no longer exists.");
    const now = new Date();

    const active = tx
      .select({ id: registrations.id, eventId: registrations.eventId, status: registrations.status })
      .from(registrations)
      .where(and(eq(registrations.userId, userId), inArray(registrations.status, ACTIVE)))
      .all();
    const promotedRegistrationIds: number[] = [];
    for (const registration of active) {
      promotedRegistrationIds.push(...cancelAndPromote(tx, registration, now));
    }
    tx.update(registrations)
      .set({ jobRole: null, topics: null, dietary: null, accessibility: null })
      .where(eq(registrations.userId, userId))
      .run();
    erasePersonAnswers(tx, userId);

    tx.delete(outbox)
      .where(or(eq(outbox.userId, userId), eq(outbox.toEmail, user.email)))
      .run();
    tx.delete(passwords).where(eq(passwords.userId, userId)).run();
    tx.delete(authSessions).where(eq(authSessions.userId, userId)).run();
    tx.delete(agendaFeedTokens).where(eq(agendaFeedTokens.userId, userId)).run();
    // Verification and reset links hold the address they were sent to (ADR 018).
    tx.delete(emailTokens).where(eq(emailTokens.userId, userId)).run();
    tx.update(users)
      .set({ email: null, name: null, jobRole: null, emailVerifiedAt: null, deletedAt: now })
      .where(eq(users.id, userId))
      .run();

    recordAudit(
      {
        actorId: userId,
        action: "account.delete",
        targetType: "user",
        targetId: userId,
        ip: meta.ip ?? null,
        details: { registrationsCancelled: active.length, promoted: promotedRegistrationIds.length },
      },
      tx,
    );
    return { registrationsCancelled: active.length, promotedRegistrationIds };
  });
}

/**
 * Cancels one registration and, when it held a seat of an event that has not ended,
 * hands the seat on with the registration module's promoteFromWaitlist (oldest first,
 * "promoted" e-mail queued), inside this same BEGIN IMMEDIATE transaction.
 * cancelRegistration itself is not used: it opens its own transaction, refuses past
 * events and mails the canceller, and an erasure must do none of these.
 * Returns the promoted registration ids.
 */
function cancelAndPromote(tx: Db, registration: { id: number; eventId: number; status: RegistrationStatus }, now: Date): number[] {
  tx.update(registrations)
    .set({ status: "cancelled", cancelledAt: now, updatedAt: now })
    .where(eq(registrations.id, registration.id))
    .run();
  if (registration.status !== "confirmed") return [];
  const event = tx.select().from(events).where(eq(events.id, registration.eventId)).get();
  if (!event || event.endsAt <= now) return [];
  return promoteFromWaitlist(tx, event, { now });
}
