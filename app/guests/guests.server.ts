// Guests (issue 17.1, ADR 025): people who take part in one event's Lean Coffee boards on
// the day with a name only. A guest is a `users` row with a name and nothing else (no
// e-mail, no password: it can never sign in, and every page outside that event's boards
// sees a signed-out visitor) plus a `guests` row that binds it to the event and holds the
// SHA-256 of the random token in the guest's cookie, as login sessions do.
import crypto from "node:crypto";
import { createCookie } from "@remix-run/node";
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb, prepared, writeTransaction, type Db } from "#db/client";
import { guests, users, type Event } from "#db/schema";
import { requireEventBySlug } from "~/events/permissions.server";
import { getEnv } from "~/utils/env.server";
import { DomainError, forbidden } from "~/utils/errors.server";

/** A guest identity works until this long after its event ends (then the cookie is useless). */
export const GUEST_GRACE_MS = 24 * 60 * 60 * 1000;

export type Guest = { userId: number; name: string; eventId: number };

const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

let guestCookie: ReturnType<typeof createCookie> | undefined;
function cookie() {
  const env = getEnv();
  guestCookie ??= createCookie("kx_guest", {
    httpOnly: true,
    sameSite: "lax",
    secure: env.BASE_URL?.startsWith("https:") ?? false,
    secrets: [env.SESSION_SECRET],
  });
  return guestCookie;
}

/**
 * Only the event's own pages receive the cookie (its boards, their live stream and dot
 * endpoint all live under /events/<slug>/): the server binds the token to the event
 * anyway, so this only keeps it out of requests that have no use for it.
 */
const cookiePath = (event: Pick<Event, "slug">) => `/events/${encodeURIComponent(event.slug)}`;

type GuestSettings = Pick<Event, "guestsMayJoin" | "partnersOnly" | "status" | "endsAt">;

/** Whether the event takes guests at all: published, the organisers' setting on, not partners only. */
export const takesGuests = (event: GuestSettings) => guestsClosedBecause(event) === null;

/** Why the event takes no guests now (for the organiser's join card), or null when it does. */
export function guestsClosedBecause(event: GuestSettings): "setting-off" | "partners-only" | "cancelled" | "not-published" | null {
  if (!event.guestsMayJoin) return "setting-off";
  if (event.partnersOnly) return "partners-only";
  if (event.status === "cancelled") return "cancelled";
  if (event.status !== "published") return "not-published";
  return null;
}

/** Why nobody can join `event` as a guest now, or null when they can. */
export function joinRefusal(event: GuestSettings, now = new Date()): DomainError | null {
  if (!takesGuests(event)) return forbidden("This exchange does not take guests. Log in to take part.");
  if (event.endsAt.getTime() <= now.getTime()) return new DomainError("This exchange is over.", 410);
  return null;
}

/**
 * Makes a guest of `event` named `name` (already validated by guestJoinSchema) and
 * returns the Set-Cookie header that carries their token.
 */
export async function joinAsGuest(event: Event, name: string, now = new Date()): Promise<{ guest: Guest; setCookie: string }> {
  const refusal = joinRefusal(event, now);
  if (refusal) throw refusal;
  const token = crypto.randomBytes(32).toString("base64url");
  const db = getDb();
  const guest = writeTransaction(db, (tx) => {
    const user = tx.insert(users).values({ name, createdAt: now, updatedAt: now }).returning({ id: users.id }).get();
    tx.insert(guests)
      .values({ eventId: event.id, userId: user.id, tokenHash: hashToken(token), createdAt: now })
      .run();
    return { userId: user.id, name, eventId: event.id };
  });
  const setCookie = await cookie().serialize(token, {
    path: cookiePath(event),
    expires: new Date(event.endsAt.getTime() + GUEST_GRACE_MS),
  });
  return { guest, setCookie };
}

// Read on every board request that carries a guest cookie: built once per connection.
const guestByToken = (db: Db) =>
  prepared(db, "guests.byToken", () =>
    db
      .select({ userId: guests.userId, name: users.name, eventId: guests.eventId })
      .from(guests)
      .innerJoin(users, eq(users.id, guests.userId))
      .where(and(eq(guests.tokenHash, sql.placeholder("tokenHash")), eq(guests.eventId, sql.placeholder("eventId"))))
      .prepare(),
  );

/**
 * The guest of `event` this Cookie header names, or null: no guest cookie, a forged or
 * unknown one, a guest of another event, or an event that no longer takes guests.
 */
export async function guestOf(cookieHeader: string | null, event: Event, now = new Date()): Promise<Guest | null> {
  if (!cookieHeader || !cookieHeader.includes("kx_guest=")) return null;
  if (!takesGuests(event) || event.endsAt.getTime() + GUEST_GRACE_MS <= now.getTime()) return null;
  const token: unknown = await cookie().parse(cookieHeader);
  if (typeof token !== "string" || token.length < 20) return null;
  const row = guestByToken(getDb()).get({ tokenHash: hashToken(token), eventId: event.id });
  if (!row?.name) return null;
  return { userId: row.userId, name: row.name, eventId: row.eventId };
}

/**
 * The guest of the event at `slug` this Cookie header names, or null (for the board's
 * routes, which take a guest as a participant when nobody is signed in).
 */
export async function guestOfEventSlug(cookieHeader: string | null, slug: string | undefined): Promise<Guest | null> {
  if (!slug || !cookieHeader?.includes("kx_guest=")) return null;
  let event: Event;
  try {
    event = requireEventBySlug(slug);
  } catch {
    return null; // an unknown address: the route answers 404 itself
  }
  return guestOf(cookieHeader, event);
}

/**
 * What a request hears whose guest cookie names a guest that is gone (removed by the
 * organisers, ADR 028, or erased after the event) and nobody signed in: a 403, not a login
 * page. A cookie of a guest that still exists (another event's, guests turned off) gets null.
 */
export async function formerGuestRefusal(cookieHeader: string | null): Promise<DomainError | null> {
  if (!cookieHeader?.includes("kx_guest=")) return null;
  const token: unknown = await cookie().parse(cookieHeader);
  if (typeof token !== "string" || token.length < 20) return null;
  const exists = getDb()
    .select({ id: guests.id })
    .from(guests)
    .where(eq(guests.tokenHash, hashToken(token)))
    .get();
  return exists ? null : forbidden("You no longer take part in this exchange as a guest. Log in to take part.");
}

/** A guest as the board's rules receive a person (ADR 025): never an admin. */
export const guestActor = (guest: Guest, ip: string | null = null) => ({ id: guest.userId, isAdmin: false, ip });

const guestOfEvent = (db: Db) =>
  prepared(db, "guests.isGuestOf", () =>
    db
      .select({ id: guests.id })
      .from(guests)
      .where(and(eq(guests.userId, sql.placeholder("userId")), eq(guests.eventId, sql.placeholder("eventId"))))
      .prepare(),
  );

/** Whether `userId` is a guest of `eventId` (the board's access rule asks this). */
export function isGuestOf(userId: number, eventId: number) {
  return Boolean(guestOfEvent(getDb()).get({ userId, eventId }));
}

/**
 * Erases the guests of an event (the retention purge, with the event's registration
 * answers): their names go and their tokens with them; their topics, dots and takeaways
 * stay, shown as by a "former attendee", as after an account deletion. Returns how many.
 */
export function eraseEventGuests(tx: Db, eventId: number, now = new Date()): number {
  const ids = tx
    .select({ userId: guests.userId })
    .from(guests)
    .where(eq(guests.eventId, eventId))
    .all()
    .map((g) => g.userId);
  if (ids.length === 0) return 0;
  tx.delete(guests).where(eq(guests.eventId, eventId)).run();
  tx.update(users)
    .set({ name: null, deletedAt: now, updatedAt: now })
    .where(and(inArray(users.id, ids), sql`${users.email} IS NULL`))
    .run();
  return ids.length;
}

/** The Set-Cookie header that forgets the guest cookie of `event`. */
export function clearGuestCookie(event: Pick<Event, "slug">) {
  return cookie().serialize("", { path: cookiePath(event), maxAge: 0 });
}
