// Who takes part in an event: people with a confirmed registration. Boards, proposals,
// stars and note visibility ask this (on every board view and vote), so the query is
// built once per connection.
import { and, count, eq, sql } from "drizzle-orm";
import { getDb, prepared, type Db } from "#db/client";
import { registrations } from "#db/schema";

const confirmedRegistration = (db: Db) =>
  prepared(db, "registration.confirmedAttendee", () =>
    db
      .select({ id: registrations.id })
      .from(registrations)
      .where(
        and(
          eq(registrations.eventId, sql.placeholder("eventId")),
          eq(registrations.userId, sql.placeholder("userId")),
          eq(registrations.status, "confirmed"),
        ),
      )
      .prepare(),
  );

export function isConfirmedAttendee(userId: number, eventId: number) {
  return Boolean(confirmedRegistration(getDb()).get({ eventId, userId }));
}

const confirmedRegistrations = (db: Db) =>
  prepared(db, "registration.confirmedCount", () =>
    db
      .select({ n: count() })
      .from(registrations)
      .where(and(eq(registrations.eventId, sql.placeholder("eventId")), eq(registrations.status, "confirmed")))
      .prepare(),
  );

/**
 * The seats taken: how many people hold a confirmed registration. Read on every event,
 * board and registration page; inside a write transaction pass its `db`.
 */
export function countConfirmed(eventId: number, db: Db = getDb()) {
  return confirmedRegistrations(db).get({ eventId })?.n ?? 0;
}
