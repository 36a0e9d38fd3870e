// Per-event authority. Admins may act on every event; organisers only on theirs.
import { and, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { eventOrganisers, events, type Event } from "#db/schema";
import { requireUser, type SessionUser } from "~/accounts/session.server";

export function isOrganiserOf(user: Pick<SessionUser, "id" | "isAdmin"> | null, eventId: number) {
  if (!user) return false;
  if (user.isAdmin) return true;
  return Boolean(
    getDb()
      .select({ userId: eventOrganisers.userId })
      .from(eventOrganisers)
      .where(and(eq(eventOrganisers.eventId, eventId), eq(eventOrganisers.userId, user.id)))
      .get(),
  );
}

/** Someone who may create events: an admin, or anyone already organising one. */
export function canCreateEvents(user: Pick<SessionUser, "id" | "isAdmin"> | null) {
  if (!user) return false;
  if (user.isAdmin) return true;
  return Boolean(
    getDb()
      .select({ userId: eventOrganisers.userId })
      .from(eventOrganisers)
      .where(eq(eventOrganisers.userId, user.id))
      .get(),
  );
}

/** Throws 404 for an unknown slug, a redirect to /login when signed out, 403 otherwise. */
export async function requireOrganiser(
  request: Request,
  eventOrSlug: Event | string,
): Promise<{ user: SessionUser; event: Event }> {
  const event = typeof eventOrSlug === "string" ? requireEventBySlug(eventOrSlug) : eventOrSlug;
  const user = await requireUser(request);
  if (!isOrganiserOf(user, event.id)) {
    throw new Response("Only the organisers of this event may do that.", { status: 403 });
  }
  return { user, event };
}

export function requireEventBySlug(slug: string | undefined): Event {
  const event = slug
    ? getDb().select().from(events).where(eq(events.slug, slug)).get()
    : undefined;
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
