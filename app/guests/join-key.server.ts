// The key in an event's join link and QR code (ADR 028): joining as a guest needs it, so
// the public address of the event (listed on the home page) is not enough. Made the first
// time an organiser or facilitator is shown the link, replaced by "New join link". Stored
// as is, not hashed: the projector shows it again, a room capability like a meeting link.
import crypto from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Actor } from "~/accounts/actor";
import { recordAudit } from "~/audit/audit.server";
import { getDb, writeTransaction } from "#db/client";
import { events, type Event } from "#db/schema";

const newKey = () => crypto.randomBytes(18).toString("base64url");

/** The event's join key, made now when it has none yet (only organisers' and facilitators' pages ask). */
export function joinKeyOf(event: Pick<Event, "id" | "joinKey">): string {
  if (event.joinKey) return event.joinKey;
  const db = getDb();
  db.update(events)
    .set({ joinKey: newKey() })
    .where(and(eq(events.id, event.id), isNull(events.joinKey)))
    .run();
  // Two first views at once: both read the one key that was written.
  return db.select({ joinKey: events.joinKey }).from(events).where(eq(events.id, event.id)).get()!.joinKey!;
}

/** Whether `key` (from the join link) is the event's key now; compared in constant time. */
export function joinKeyMatches(event: Pick<Event, "joinKey">, key: string | null): boolean {
  if (!event.joinKey || !key) return false;
  const digest = (value: string) => crypto.createHash("sha256").update(value).digest();
  return crypto.timingSafeEqual(digest(event.joinKey), digest(key));
}

/**
 * "New join link": a fresh key, so the QR code on the screen and every link shared so far
 * stop letting people join; guests already in stay. The caller checked the organiser;
 * audited without the key (the audit log is no place for it).
 */
export function rotateJoinKey(event: Pick<Event, "id">, actor: Actor): string {
  const key = newKey();
  writeTransaction(getDb(), (tx) => {
    tx.update(events).set({ joinKey: key }).where(eq(events.id, event.id)).run();
    recordAudit(
      { actorId: actor.id, eventId: event.id, action: "guests.new_join_link", targetType: "event", targetId: event.id, ip: actor.ip },
      tx,
    );
  });
  return key;
}
