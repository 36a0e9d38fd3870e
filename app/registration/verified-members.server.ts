// Registrations that wait for an address to be verified (ADR 018). A person whose address
// is on a partner's domain but not yet verified takes their place in the queue at once, as
// `pending`; verifying the address admits them: confirmed while seats are left, else
// waitlisted at their original arrival time. Never verified: they stay a pending request
// that organisers may decide like any other.
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { Db } from "#db/client";
import { eventPartners, events, organisationDomains, registrations, users } from "#db/schema";
import { memberOrganisationId } from "~/accounts/membership.server";
import { emailDomain } from "~/accounts/organisations.server";
import { queueRegistrationEmail } from "~/registration/emails.server";
import { countConfirmed } from "~/registration/attendance.server";
import { waitlistPosition } from "~/registration/registrations.server";

/**
 * True when the person's address is on one of the event's partner domains but not yet
 * verified: the only thing between them and direct confirmation is following the link.
 * Used for wording only; no right depends on it.
 */
export function awaitsVerificationFor(db: Db, eventId: number, userId: number) {
  const user = db.select({ email: users.email, verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, userId)).get();
  if (!user?.email || user.verifiedAt) return false;
  return Boolean(
    db
      .select({ id: eventPartners.organisationId })
      .from(eventPartners)
      .innerJoin(organisationDomains, eq(organisationDomains.organisationId, eventPartners.organisationId))
      .where(and(eq(eventPartners.eventId, eventId), eq(organisationDomains.domain, emailDomain(user.email))))
      .get(),
  );
}

/**
 * After `userId` verified their address (inside the verification's BEGIN IMMEDIATE
 * transaction, so the seat count cannot be exceeded): each of their pending registrations
 * for a partner event of their now-proven organisation, oldest first, becomes confirmed
 * while seats are left, else waitlisted at its original arrival time. Events that have
 * ended are left alone. Returns the registrations admitted.
 */
export function admitVerifiedPartnerMember(db: Db, userId: number, now = new Date()) {
  const organisationId = memberOrganisationId(userId, db);
  if (organisationId === null) return [];
  const partnerEvents = db
    .select({ id: eventPartners.eventId })
    .from(eventPartners)
    .where(eq(eventPartners.organisationId, organisationId));
  const waiting = db
    .select({ registration: registrations, event: events })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .where(
      and(
        eq(registrations.userId, userId),
        eq(registrations.status, "pending"),
        inArray(registrations.eventId, partnerEvents),
        gt(events.endsAt, now),
      ),
    )
    .orderBy(asc(registrations.queuedAt))
    .all();
  const person = db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, userId)).get();
  const admitted: { registrationId: number; eventId: number; status: "confirmed" | "waitlisted" }[] = [];
  for (const { registration, event } of waiting) {
    const status = countConfirmed(event.id, db) < event.capacity ? "confirmed" : "waitlisted";
    db.update(registrations).set({ status, updatedAt: now }).where(eq(registrations.id, registration.id)).run();
    const position = status === "waitlisted" ? waitlistPosition(db, registration) : undefined;
    if (person) queueRegistrationEmail(db, status, event, person, { position, now });
    admitted.push({ registrationId: registration.id, eventId: event.id, status });
  }
  return admitted;
}
