// The guests of an event as its organisers see them (ADR 028): who joined, when, how many
// topics they proposed; and removing one, which ends their guest session at once.
import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import type { Actor } from "~/accounts/actor";
import { recordAudit } from "~/audit/audit.server";
import { getDb, writeTransaction } from "#db/client";
import { guests, topics, users, type Event } from "#db/schema";
import { notFound } from "~/utils/errors.server";

export type EventGuest = { userId: number; name: string; joinedAt: Date; topics: number };

/** The event's guests, first joined first, with the topics they proposed (withdrawn ones not counted). */
export function listEventGuests(eventId: number): EventGuest[] {
  const proposed = getDb()
    .select({ authorId: topics.authorId, n: count().as("n") })
    .from(topics)
    .where(ne(topics.status, "withdrawn"))
    .groupBy(topics.authorId)
    .as("proposed");
  return getDb()
    .select({ userId: guests.userId, name: users.name, joinedAt: guests.createdAt, topics: sql<number>`coalesce(${proposed.n}, 0)` })
    .from(guests)
    .innerJoin(users, eq(users.id, guests.userId))
    .leftJoin(proposed, eq(proposed.authorId, guests.userId))
    .where(eq(guests.eventId, eventId))
    .orderBy(asc(guests.createdAt), asc(guests.id))
    .all()
    .map((g) => ({ ...g, name: g.name ?? "former attendee" }));
}

/**
 * Removes a guest of `event` (the caller checked the organiser): their token goes, so their
 * cookie no longer works anywhere, and their name with it, as when guests are erased after
 * the event: their topics and dots stay, shown as by a "former attendee" (a tally does not
 * change under the room's feet; facilitators withdraw or merge topics as for anyone).
 */
export function removeGuest(event: Pick<Event, "id">, userId: number, actor: Actor, now = new Date()) {
  writeTransaction(getDb(), (tx) => {
    const guest = tx
      .select({ joinedAt: guests.createdAt })
      .from(guests)
      .where(and(eq(guests.eventId, event.id), eq(guests.userId, userId)))
      .get();
    if (!guest) throw notFound("This exchange has no such guest.");
    tx.delete(guests).where(eq(guests.userId, userId)).run();
    tx.update(users).set({ name: null, deletedAt: now, updatedAt: now }).where(eq(users.id, userId)).run();
    // The audit log keeps when they joined, not their name: the name is erased.
    recordAudit(
      {
        actorId: actor.id,
        eventId: event.id,
        action: "guests.remove",
        targetType: "user",
        targetId: userId,
        ip: actor.ip,
        details: { joinedAt: guest.joinedAt.toISOString() },
      },
      tx,
    );
  });
}
