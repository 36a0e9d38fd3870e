// Per-event authority. Admins may act on every event; organisers only on theirs.
import { and, eq, sql } from "drizzle-orm";
import { getDb, prepared, type Db } from "#db/client";
import { eventOrganisers, events, type Event } from "#db/schema";
import type { Actor } from "~/accounts/actor";
import { requireUser, type SessionUser } from "~/accounts/session.server";

// Asked on nearly every page, so built once per connection (see `prepared`).
const organiserOfEvent = (db: Db) =>
  prepared(db, "events.organiserOf", () =>
    db
      .select({ userId: eventOrganisers.userId })
      .from(eventOrganisers)
      .where(and(eq(eventOrganisers.eventId, sql.placeholder("eventId")), eq(eventOrganisers.userId, sql.placeholder("userId"))))
      .prepare(),
  );
const organiserOfAny = (db: Db) =>
  prepared(db, "events.organiserOfAny", () =>
    db
      .select({ userId: eventOrganisers.userId })
      .from(eventOrganisers)
      .where(eq(eventOrganisers.userId, sql.placeholder("userId")))
      .limit(1)
      .prepare(),
  );
const eventBySlug = (db: Db) =>
  prepared(db, "events.bySlug", () =>
    db
      .select()
      .from(events)
      .where(eq(events.slug, sql.placeholder("slug")))
      .prepare(),
  );

export function isOrganiserOf(user: Actor | null, eventId: number) {
  if (!user) return false;
  if (user.isAdmin) return true;
  return Boolean(organiserOfEvent(getDb()).get({ eventId, userId: user.id }));
}

/** Someone who may create events: an admin, someone an admin allowed to, or anyone already organising one. */
export function canCreateEvents(user: Pick<SessionUser, "id" | "isAdmin" | "mayCreateEvents"> | null) {
  if (!user) return false;
  if (user.isAdmin || user.mayCreateEvents) return true;
  return Boolean(organiserOfAny(getDb()).get({ userId: user.id }));
}

/** Throws 404 for an unknown slug, a redirect to /login when signed out, 403 otherwise. */
export async function requireOrganiser(request: Request, eventOrSlug: Event | string): Promise<{ user: SessionUser; event: Event }> {
  const event = typeof eventOrSlug === "string" ? requireEventBySlug(eventOrSlug) : eventOrSlug;
  const user = await requireUser(request);
  if (!isOrganiserOf(user, event.id)) {
    throw new Response("Only the organisers of this event may do that.", { status: 403 });
  }
  return { user, event };
}

export function requireEventBySlug(slug: string | undefined): Event {
  const event = slug ? eventBySlug(getDb()).get({ slug }) : undefined;
  if (!event) throw new Response("No event has this address.", { status: 404 });
  return event;
}

/** An event as the viewer may see it: drafts exist only for their organisers. */
export function requireVisibleEvent(slug: string | undefined, viewer: SessionUser | null): Event {
  const event = requireEventBySlug(slug);
  if (event.status === "draft" && !isOrganiserOf(viewer, event.id)) {
    throw new Response("No event has this address.", { status: 404 });
  }
  return event;
}
