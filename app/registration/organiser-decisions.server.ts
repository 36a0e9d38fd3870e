// The organiser's decisions on one registration of their event: approve, decline (with an
// optional reason mailed to the person), move to the waiting list, check in and undo it.
// Like every registration rule, one BEGIN IMMEDIATE transaction (registrations.server.ts).
import { and, eq } from "drizzle-orm";
import { getDb, writeTransaction } from "#db/client";
import { registrations, type RegistrationStatus } from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import { countConfirmed } from "~/registration/attendance.server";
import { queueRegistrationEmail } from "~/registration/emails.server";
import type { OrganiserAction } from "~/registration/registration-schema";
import { conflict, notFound } from "~/utils/errors.server";

import {
  ACTIVE_STATUSES,
  loadEvent,
  loadPerson,
  nextQueuedAt,
  promoteFromWaitlist,
  waitlistPosition,
} from "~/registration/registrations.server";

const CANNOT: Partial<Record<OrganiserAction, string>> = {
  approve: "Only pending, declined or waitlisted registrations can be approved.",
  decline: "Only pending, waitlisted or confirmed registrations can be declined.",
  waitlist: "Only pending, confirmed or declined registrations can be moved to the waiting list.",
  "check-in": "Only confirmed attendees can be checked in.",
  "undo-check-in": "This person is not checked in.",
};

/**
 * An organiser acts on one registration of *their* event. The registration is looked
 * up by id and event together, so an id from another event is simply not found.
 */
export function decideRegistration(input: {
  eventId: number;
  registrationId: number;
  action: OrganiserAction;
  /** Declining: the organiser's reason, mailed to the person (not kept elsewhere). */
  reason?: string;
  actorId: number;
  ip?: string | null;
  now?: Date;
}) {
  const now = input.now ?? new Date();
  return writeTransaction(getDb(), (tx) => {
    const event = loadEvent(tx, input.eventId);
    const registration = tx
      .select()
      .from(registrations)
      .where(and(eq(registrations.id, input.registrationId), eq(registrations.eventId, event.id)))
      .get();
    if (!registration) throw notFound("No such registration for this event.");
    const person = loadPerson(tx, registration.userId);
    const from = registration.status;
    const set = (values: Partial<typeof registrations.$inferInsert>) =>
      tx
        .update(registrations)
        .set({ ...values, updatedAt: now })
        .where(eq(registrations.id, registration.id))
        .run();
    const refuse = () => conflict(CANNOT[input.action] ?? "Not possible in this state.");
    const email = (kind: Parameters<typeof queueRegistrationEmail>[1], position?: number) => {
      const reason = kind === "declined" ? input.reason?.trim() || undefined : undefined;
      if (person) queueRegistrationEmail(tx, kind, event, person, { now, position, reason });
    };
    let to: RegistrationStatus = from;
    let promoted: number[] = [];

    switch (input.action) {
      case "approve": {
        if (from === "waitlisted") {
          if (countConfirmed(event.id, tx) >= event.capacity) {
            throw conflict("No seat is free. Raise the capacity first, or wait for a cancellation.");
          }
          to = "confirmed";
          set({ status: to });
          email("promoted");
        } else if (from === "pending" || from === "declined") {
          if (countConfirmed(event.id, tx) < event.capacity) {
            to = "confirmed";
            set({ status: to });
            email("approved");
          } else {
            to = "waitlisted";
            const queuedAt = nextQueuedAt(tx, event.id, now);
            set({ status: to, queuedAt });
            email("waitlisted", waitlistPosition(tx, { ...registration, queuedAt }));
          }
        } else throw refuse();
        break;
      }
      case "decline": {
        if (!ACTIVE_STATUSES.includes(from)) throw refuse();
        to = "declined";
        set({ status: to, checkedInAt: null });
        email("declined");
        if (from === "confirmed") promoted = promoteFromWaitlist(tx, event, { now });
        break;
      }
      case "waitlist": {
        if (!(from === "pending" || from === "confirmed" || from === "declined")) throw refuse();
        to = "waitlisted";
        const queuedAt = nextQueuedAt(tx, event.id, now);
        set({ status: to, queuedAt, checkedInAt: null });
        if (from === "confirmed") {
          promoted = promoteFromWaitlist(tx, event, { now, exceptRegistrationId: registration.id });
        }
        email("moved_to_waitlist", waitlistPosition(tx, { ...registration, queuedAt }));
        break;
      }
      case "check-in": {
        if (from !== "confirmed") throw refuse();
        if (!registration.checkedInAt) set({ checkedInAt: now });
        break;
      }
      case "undo-check-in": {
        if (!registration.checkedInAt) throw refuse();
        set({ checkedInAt: null });
        break;
      }
    }
    recordAudit(
      {
        actorId: input.actorId,
        eventId: event.id,
        action: `registration.${input.action}`,
        targetType: "registration",
        targetId: registration.id,
        ip: input.ip ?? null,
        details: { from, to, promoted, ...(input.action === "decline" ? { withReason: Boolean(input.reason?.trim()) } : {}) },
      },
      tx,
    );
    return { from, to, promoted, personName: person?.name ?? null };
  });
}
