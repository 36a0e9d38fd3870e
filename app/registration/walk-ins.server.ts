// Walk-ins (issue 17.1): an organiser registers someone who turns up at the door, from the
// attendee list. The seat rule holds as for everyone (registrations.server.ts): a full
// event refuses the walk-in and says so, unless the organiser chooses the waiting list or,
// explicitly, a seat over capacity (audited as such). Registration need not be open: the
// organiser is the one deciding. Only a new address is registered this way: an address
// that has an account gets a link to take the seat (walk-in-links.server.ts), and its
// owner registers and consents themselves.
import { and, eq } from "drizzle-orm";
import { getDb, writeTransaction } from "#db/client";
import { registrations, users, type RegistrationStatus } from "#db/schema";
import { createAccountWithoutPassword, normaliseEmail } from "~/accounts/users.server";
import { recordAudit } from "~/audit/audit.server";
import { PRIVACY_NOTICE_VERSION } from "~/privacy/notice";
import { queueRegistrationEmail } from "~/registration/emails.server";
import { countConfirmed } from "~/registration/attendance.server";
import { loadEvent, nextQueuedAt, waitlistPosition, writeRegistration } from "~/registration/registrations.server";
import { STATUS_LABELS } from "~/registration/registration-schema";
import { WALK_IN_HAS_ACCOUNT_MESSAGE, type WalkIn } from "~/registration/walk-in-schema";
import { conflict, invalid } from "~/utils/errors.server";

export function addWalkIn(input: {
  eventId: number;
  walkIn: Omit<WalkIn, "intent" | "consent">;
  actorId: number;
  ip?: string | null;
  now?: Date;
}) {
  const now = input.now ?? new Date();
  const { name, checkInNow = false, whenFull } = input.walkIn;
  const email = normaliseEmail(input.walkIn.email);
  return writeTransaction(getDb(), (tx) => {
    const event = loadEvent(tx, input.eventId);
    if (event.status === "cancelled") throw invalid("This event is cancelled; nobody can be added to it.");
    const account = tx.select().from(users).where(eq(users.email, email)).get();
    if (account) {
      // Already in the list (the organiser sees them there): say so. Otherwise the address is
      // someone's account, not registered on the organiser's word: they get a link instead.
      const existing = tx
        .select()
        .from(registrations)
        .where(and(eq(registrations.eventId, event.id), eq(registrations.userId, account.id)))
        .get();
      if (existing && existing.status !== "cancelled" && existing.status !== "declined") {
        const state = STATUS_LABELS[existing.status];
        throw conflict(`${account.name ?? email} is already registered (${state}).`, {
          email: [`${account.name ?? "This person"} is already registered (${state}): find them in the list instead.`],
        });
      }
      throw conflict("This address already has an account.", { email: [WALK_IN_HAS_ACCOUNT_MESSAGE] });
    }

    const confirmed = countConfirmed(event.id, tx);
    const full = confirmed >= event.capacity;
    if (full && whenFull === "ask") {
      throw conflict("The event is full.", {
        whenFull: [
          `The event is full: ${confirmed} of ${event.capacity} seats are taken. Choose “Put them on the waiting list” or “Seat them anyway (over capacity)”, then add them again.`,
        ],
      });
    }
    const status: RegistrationStatus = full && whenFull === "waitlist" ? "waitlisted" : "confirmed";
    if (checkInNow && status !== "confirmed") {
      throw invalid("Someone on the waiting list cannot be checked in.", {
        checkInNow: ["Someone on the waiting list cannot be checked in: seat them anyway, or leave “Check in now” unticked."],
      });
    }

    const person = createAccountWithoutPassword(tx, { email, name });
    const values = {
      status,
      queuedAt: nextQueuedAt(tx, event.id, now),
      consentVersion: PRIVACY_NOTICE_VERSION,
      consentAt: now,
      checkedInAt: checkInNow ? now : null,
      cancelledAt: null,
      updatedAt: now,
    };
    const registration = writeRegistration(tx, { eventId: event.id, userId: person.id, existing: undefined, values, now });
    const position = status === "waitlisted" ? waitlistPosition(tx, registration) : null;
    queueRegistrationEmail(tx, status === "confirmed" ? "confirmed" : "waitlisted", event, person, {
      position: position ?? undefined,
      now,
    });
    const overCapacity = full && status === "confirmed";
    recordAudit(
      {
        actorId: input.actorId,
        eventId: event.id,
        action: "registration.walk-in",
        targetType: "registration",
        targetId: registration.id,
        ip: input.ip ?? null,
        details: { to: status, checkedIn: checkInNow, overCapacity, newAccount: true },
      },
      tx,
    );
    return { registration, name, status, position, checkedIn: checkInNow, overCapacity };
  });
}
