// Registration rules: who is confirmed, waitlisted or pending; cancelling; promotion
// from the waiting list (the organiser's decisions: organiser-decisions.server.ts). Every rule runs inside one
// BEGIN IMMEDIATE transaction (writeTransaction), so concurrent requests serialise on
// SQLite's write lock and the seat count can never be exceeded.
import { and, asc, count, eq, lt, max, ne, or, sql } from "drizzle-orm";
import { getDb, prepared, writeTransaction, type Db } from "#db/client";
import { eventPartners, events, registrations, users, type Event, type Registration, type RegistrationStatus } from "#db/schema";
import { memberOrganisationId } from "~/accounts/membership.server";
import { countInvitationUse, findUsableInvitation, isWalkInLink } from "~/invitations/links.server";
import { PRIVACY_NOTICE_VERSION } from "~/privacy/notice";
import { countConfirmed } from "~/registration/attendance.server";
import { queueRegistrationEmail } from "~/registration/emails.server";
import { awaitsVerificationFor } from "~/registration/verified-members.server";
import { saveRegistrationAnswers } from "~/registration/questions-answers.server";
import type { AnswerValue } from "~/registration/questions-schema";
import type { RegistrationAnswers } from "~/registration/registration-schema";
import { conflict, forbidden, invalid, notFound } from "~/utils/errors.server";
import { formatDateTime } from "~/utils/dates";

/** States that hold a place in the event (a seat, a queue position or a request). */
export const ACTIVE_STATUSES: RegistrationStatus[] = ["confirmed", "waitlisted", "pending"];

// ---------------------------------------------------------------- the window

export type RegistrationWindow =
  { open: true; closesAt: Date } | { open: false; reason: "draft" | "cancelled" | "not-yet" | "closed"; message: string };

/**
 * Registration is open for a published event from `registrationOpensAt` (or at once)
 * until `registrationClosesAt` (or the start of the event). Through a walk-in's link
 * (`walkIn`, links.server.ts) it is open until the event ends: the organiser decided.
 */
export function registrationWindow(
  event: Pick<Event, "status" | "startsAt" | "endsAt" | "timeZone" | "registrationOpensAt" | "registrationClosesAt">,
  now = new Date(),
  via: { walkIn: boolean } | null = null,
): RegistrationWindow {
  const window = scheduledWindow(event, now);
  if (!window.open && via?.walkIn && (window.reason === "closed" || window.reason === "not-yet") && now < event.endsAt) {
    return { open: true, closesAt: event.endsAt };
  }
  return window;
}

function scheduledWindow(
  event: Pick<Event, "status" | "startsAt" | "timeZone" | "registrationOpensAt" | "registrationClosesAt">,
  now: Date,
): RegistrationWindow {
  if (event.status === "draft") {
    return { open: false, reason: "draft", message: "This event is not published yet, so registration is not open." };
  }
  if (event.status === "cancelled") {
    return { open: false, reason: "cancelled", message: "This event was cancelled." };
  }
  if (event.registrationOpensAt && now < event.registrationOpensAt) {
    return {
      open: false,
      reason: "not-yet",
      message: `Registration opens on ${formatDateTime(event.registrationOpensAt, event.timeZone)}.`,
    };
  }
  const closesAt = event.registrationClosesAt && event.registrationClosesAt < event.startsAt ? event.registrationClosesAt : event.startsAt;
  if (now >= closesAt) {
    return { open: false, reason: "closed", message: "Registration for this event is closed." };
  }
  return { open: true, closesAt };
}

export function assertRegistrationOpen(event: Event, now = new Date(), via: { walkIn: boolean } | null = null) {
  const window = registrationWindow(event, now, via);
  if (!window.open) throw invalid(window.message);
}

// ---------------------------------------------------------------- reading

export function loadEvent(db: Db, eventId: number) {
  const event = db.select().from(events).where(eq(events.id, eventId)).get();
  if (!event) throw notFound("No such event.");
  return event;
}

export function loadPerson(db: Db, userId: number) {
  return db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, userId)).get();
}

/**
 * Partner membership is proven membership (a *verified* address on one of a partner's
 * domains, app/accounts/membership.server.ts), never a typed organisation name.
 */
export function isPartnerMember(db: Db, eventId: number, userId: number) {
  const organisationId = memberOrganisationId(userId, db);
  if (organisationId === null) return false;
  return Boolean(
    db
      .select({ id: eventPartners.organisationId })
      .from(eventPartners)
      .where(and(eq(eventPartners.eventId, eventId), eq(eventPartners.organisationId, organisationId)))
      .get(),
  );
}

/** 1-based place on the waiting list, by arrival (queuedAt, then id). */
export function waitlistPosition(db: Db, registration: Pick<Registration, "id" | "eventId" | "queuedAt">) {
  const ahead =
    db
      .select({ n: count() })
      .from(registrations)
      .where(
        and(
          eq(registrations.eventId, registration.eventId),
          eq(registrations.status, "waitlisted"),
          or(
            lt(registrations.queuedAt, registration.queuedAt),
            and(eq(registrations.queuedAt, registration.queuedAt), lt(registrations.id, registration.id)),
          ),
        ),
      )
      .get()?.n ?? 0;
  return ahead + 1;
}

/**
 * The next arrival time for the event's queue: now, but always after every earlier
 * arrival, so the waiting list has one strict order even for submissions in the same
 * millisecond.
 */
/**
 * Writes a person's registration for an event: a new row, or the earlier one reopened (a
 * cancelled or declined registration comes back with the new values; its id and created
 * time stay, so the history and the audit keep pointing at it).
 */
export function writeRegistration(
  tx: Db,
  input: {
    eventId: number;
    userId: number;
    existing: Registration | undefined;
    values: Omit<typeof registrations.$inferInsert, "eventId" | "userId" | "createdAt">;
    now: Date;
  },
): Registration {
  const { eventId, userId, existing, values, now } = input;
  return existing
    ? tx.update(registrations).set(values).where(eq(registrations.id, existing.id)).returning().get()
    : tx
        .insert(registrations)
        .values({ ...values, eventId, userId, createdAt: now })
        .returning()
        .get();
}

export function nextQueuedAt(db: Db, eventId: number, now: Date) {
  const last = db
    .select({ at: max(registrations.queuedAt) })
    .from(registrations)
    .where(eq(registrations.eventId, eventId))
    .get()?.at;
  const lastMs = last ? new Date(last).getTime() : 0;
  return new Date(Math.max(now.getTime(), lastMs + 1));
}

export type ViewerRegistration = {
  id: number;
  status: RegistrationStatus;
  position: number | null;
  jobRole: string | null;
  topics: string | null;
  dietary: string | null;
  accessibility: string | null;
  consentVersion: string;
  consentAt: Date;
  checkedInAt: Date | null;
  queuedAt: Date;
};

const registrationOf = (db: Db) =>
  prepared(db, "registration.ofUser", () =>
    db
      .select()
      .from(registrations)
      .where(and(eq(registrations.eventId, sql.placeholder("eventId")), eq(registrations.userId, sql.placeholder("userId"))))
      .prepare(),
  );

export function getRegistration(eventId: number, userId: number): ViewerRegistration | null {
  const db = getDb();
  const row = registrationOf(db).get({ eventId, userId });
  if (!row) return null;
  return {
    id: row.id,
    status: row.status,
    position: row.status === "waitlisted" ? waitlistPosition(db, row) : null,
    jobRole: row.jobRole,
    topics: row.topics,
    dietary: row.dietary,
    accessibility: row.accessibility,
    consentVersion: row.consentVersion,
    consentAt: row.consentAt,
    checkedInAt: row.checkedInAt,
    queuedAt: row.queuedAt,
  };
}

// ---------------------------------------------------------------- promotion

/**
 * Fills free seats (up to `capacity`) from the waiting list, oldest first, and queues
 * a "promoted" e-mail for each. Call it inside the transaction that freed the seats.
 */
export function promoteFromWaitlist(db: Db, event: Event, options: { capacity?: number; now?: Date; exceptRegistrationId?: number } = {}) {
  const capacity = options.capacity ?? event.capacity;
  const now = options.now ?? new Date();
  let free = capacity - countConfirmed(event.id, db);
  const promoted: number[] = [];
  while (free > 0) {
    const next = db
      .select({ id: registrations.id, userId: registrations.userId })
      .from(registrations)
      .where(
        and(
          eq(registrations.eventId, event.id),
          eq(registrations.status, "waitlisted"),
          options.exceptRegistrationId ? ne(registrations.id, options.exceptRegistrationId) : undefined,
        ),
      )
      .orderBy(asc(registrations.queuedAt), asc(registrations.id))
      .limit(1)
      .get();
    if (!next) break;
    db.update(registrations).set({ status: "confirmed", updatedAt: now }).where(eq(registrations.id, next.id)).run();
    const person = loadPerson(db, next.userId);
    if (person) queueRegistrationEmail(db, "promoted", event, person, { now });
    promoted.push(next.id);
    free -= 1;
  }
  return promoted;
}

// ---------------------------------------------------------------- registering

const ALREADY: Record<RegistrationStatus, string> = {
  confirmed: "You are already registered for this event.",
  waitlisted: "You are already on the waiting list for this event.",
  pending: "Your request for this event is already waiting for review.",
  declined: "Your request for this event was declined; please contact the organisers.",
  cancelled: "",
};

function cleanAnswers(answers: RegistrationAnswers) {
  const clean = (v?: string) => (v?.trim() ? v.trim() : null);
  return {
    jobRole: clean(answers.jobRole),
    topics: clean(answers.topics),
    dietary: clean(answers.dietary),
    accessibility: clean(answers.accessibility),
  };
}

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE";

/**
 * Registers `userId` for the event. Partner members (by e-mail domain) are confirmed
 * while seats are left, else waitlisted; everyone else becomes `pending` until an
 * organiser decides. A cancelled registration may register again, at the back of the queue.
 */
export function registerForEvent(input: {
  eventId: number;
  userId: number;
  answers: RegistrationAnswers;
  /** Answers to the event's custom questions, by question id (questions-answers.server.ts). */
  questionAnswers?: Record<number, AnswerValue>;
  consent: true;
  /** The organiser's invitation link it comes through (app/invitations): counted as one use. */
  invitationToken?: string;
  ip?: string | null;
  now?: Date;
}) {
  const now = input.now ?? new Date();
  const db = getDb();
  try {
    return writeTransaction(db, (tx) => {
      const event = loadEvent(tx, input.eventId);
      const link = input.invitationToken ? findUsableInvitation(input.invitationToken, event.id, now, tx) : null;
      assertRegistrationOpen(event, now, link && { walkIn: isWalkInLink(link) });
      const person = loadPerson(tx, input.userId);
      if (!person?.email) throw notFound("No such account.");
      const existing = tx
        .select()
        .from(registrations)
        .where(and(eq(registrations.eventId, event.id), eq(registrations.userId, person.id)))
        .get();
      if (existing && existing.status !== "cancelled") throw conflict(ALREADY[existing.status]);

      const invitation = input.invitationToken
        ? countInvitationUse(tx, { token: input.invitationToken, eventId: event.id, userId: person.id, ip: input.ip }, now)
        : null;
      // An invitation that skips approval treats the person as a partner member of this event only.
      const partner = isPartnerMember(tx, event.id, person.id) || Boolean(invitation?.skipApproval);
      // An address on a partner's domain that is not verified yet keeps its place (ADR 018),
      // also on a partners-only event: verifying it admits them (verified-members.server.ts).
      const awaitsVerification = !partner && awaitsVerificationFor(tx, event.id, person.id);
      if (!partner && !awaitsVerification && event.partnersOnly) {
        throw forbidden("This exchange is for members of its partner organisations only.");
      }
      const status: RegistrationStatus = !partner ? "pending" : countConfirmed(event.id, tx) < event.capacity ? "confirmed" : "waitlisted";
      const values = {
        status,
        queuedAt: nextQueuedAt(tx, event.id, now),
        ...cleanAnswers(input.answers),
        consentVersion: PRIVACY_NOTICE_VERSION,
        consentAt: now,
        invitationId: invitation?.id ?? null,
        checkedInAt: null,
        cancelledAt: null,
        updatedAt: now,
      };
      const registration = writeRegistration(tx, { eventId: event.id, userId: person.id, existing, values, now });
      saveRegistrationAnswers(tx, { eventId: event.id, registrationId: registration.id, status, answers: input.questionAnswers ?? {} });
      const position = status === "waitlisted" ? waitlistPosition(tx, registration) : null;
      queueRegistrationEmail(
        tx,
        status === "confirmed"
          ? "confirmed"
          : status === "waitlisted"
            ? "waitlisted"
            : awaitsVerification
              ? "awaiting_verification"
              : "received",
        event,
        person,
        { position: position ?? undefined, now },
      );
      return { registration, position };
    });
  } catch (error) {
    // The unique index is the last line of defence against a duplicate.
    if (isUniqueViolation(error)) throw conflict(ALREADY.confirmed);
    throw error;
  }
}

/** The person cancels. A freed seat goes to the oldest waitlisted person at once. */
export function cancelRegistration(input: { eventId: number; userId: number; now?: Date }) {
  const now = input.now ?? new Date();
  return writeTransaction(getDb(), (tx) => {
    const event = loadEvent(tx, input.eventId);
    const registration = tx
      .select()
      .from(registrations)
      .where(and(eq(registrations.eventId, event.id), eq(registrations.userId, input.userId)))
      .get();
    if (!registration || !ACTIVE_STATUSES.includes(registration.status)) {
      throw conflict("You have no registration to cancel for this event.");
    }
    if (event.endsAt <= now) throw invalid("This event is over; there is nothing to cancel.");
    tx.update(registrations)
      .set({ status: "cancelled", cancelledAt: now, checkedInAt: null, updatedAt: now })
      .where(eq(registrations.id, registration.id))
      .run();
    const person = loadPerson(tx, input.userId);
    if (person) queueRegistrationEmail(tx, "cancelled", event, person, { now });
    const promoted = registration.status === "confirmed" ? promoteFromWaitlist(tx, event, { now }) : [];
    return { previousStatus: registration.status, promoted };
  });
}

// ---------------------------------------------------------------- organiser decisions
