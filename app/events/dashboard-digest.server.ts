// Organisers hear of new registration requests (issue 17.5) by e-mail through the outbox:
// at most ONE digest per event per hour, naming the requests that arrived since the last
// digest, with the number waiting in all and the link to review them. Not one e-mail per
// request: a popular event would bury its organisers. The job runs every few minutes, so
// the first request of a quiet hour is reported within minutes. The outbox rows themselves
// record when the last digest went out (kind DIGEST_KIND, per event): no extra table.
import { and, asc, count, desc, eq, gt, ne } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import { eventOrganisers, events, outbox, registrations, users, type Event } from "#db/schema";
import { queueEmail } from "~/outbox/outbox.server";
import { startPeriodicJob } from "~/utils/periodic-job.server";
import { publicOrigin } from "~/utils/public-origin.server";

export const DIGEST_KIND = "organiser.new_requests";
export const DIGEST_INTERVAL_MS = 60 * 60_000;
/** Names listed in one digest; the rest are counted. */
const LISTED = 20;

function lastDigestAt(db: Db, eventId: number) {
  return (
    db
      .select({ at: outbox.createdAt })
      .from(outbox)
      .where(and(eq(outbox.kind, DIGEST_KIND), eq(outbox.eventId, eventId)))
      .orderBy(desc(outbox.createdAt))
      .limit(1)
      .get()?.at ?? null
  );
}

/** Pending requests that arrived after `since` (all pending ones without a digest yet), oldest first. */
function newRequests(db: Db, eventId: number, since: Date | null) {
  return db
    .select({ name: users.name })
    .from(registrations)
    .innerJoin(users, eq(users.id, registrations.userId))
    .where(
      and(eq(registrations.eventId, eventId), eq(registrations.status, "pending"), since ? gt(registrations.queuedAt, since) : undefined),
    )
    .orderBy(asc(registrations.queuedAt), asc(registrations.id))
    .all();
}

function digestText(event: Pick<Event, "slug" | "title">, fresh: { name: string | null }[], waiting: number) {
  const listed = fresh.slice(0, LISTED).map((r) => `- ${r.name ?? "Former attendee"}`);
  if (fresh.length > LISTED) listed.push(`- and ${fresh.length - LISTED} more`);
  const review = new URL(`/events/${event.slug}/attendees?status=pending`, publicOrigin()).toString();
  return {
    subject: `${fresh.length === 1 ? "1 new request" : `${fresh.length} new requests`} to review: ${event.title}`,
    textBody: [
      `New registration requests for ${event.title}:`,
      "",
      ...listed,
      "",
      `${waiting} ${waiting === 1 ? "request is" : "requests are"} waiting for review in all: ${review}`,
      "",
      "You get at most one of these e-mails per event and hour.",
      "— Knowledge Exchange",
    ].join("\n"),
  };
}

/** Queues one event's digest to each of its organisers if one is due; returns how many e-mails. */
function queueEventDigest(db: Db, eventId: number, now: Date) {
  return writeTransaction(db, (tx) => {
    const event = tx.select().from(events).where(eq(events.id, eventId)).get();
    if (!event || event.status === "cancelled" || event.endsAt <= now) return 0;
    const last = lastDigestAt(tx, eventId);
    if (last && now.getTime() - last.getTime() < DIGEST_INTERVAL_MS) return 0;
    const fresh = newRequests(tx, eventId, last);
    if (!fresh.length) return 0;
    const waiting =
      tx
        .select({ n: count() })
        .from(registrations)
        .where(and(eq(registrations.eventId, eventId), eq(registrations.status, "pending")))
        .get()?.n ?? 0;
    const text = digestText(event, fresh, waiting);
    const organisers = tx
      .select({ id: users.id, email: users.email, name: users.name })
      .from(eventOrganisers)
      .innerJoin(users, eq(users.id, eventOrganisers.userId))
      .where(eq(eventOrganisers.eventId, eventId))
      .all()
      .filter((o): o is { id: number; email: string; name: string | null } => Boolean(o.email));
    for (const organiser of organisers) {
      queueEmail(tx, { kind: DIGEST_KIND, toEmail: organiser.email, toName: organiser.name, userId: organiser.id, eventId, ...text }, now);
    }
    return organisers.length;
  });
}

/** Every due digest (events with pending requests that have not ended); e-mails queued per event id. */
export function queueRequestDigests(now = new Date(), db: Db = getDb()) {
  const candidates = db
    .selectDistinct({ eventId: registrations.eventId })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .where(and(eq(registrations.status, "pending"), gt(events.endsAt, now), ne(events.status, "cancelled")))
    .all()
    .map((r) => r.eventId);
  const queued: Record<number, number> = {};
  for (const eventId of candidates) {
    const n = queueEventDigest(db, eventId, now);
    if (n) queued[eventId] = n;
  }
  return queued;
}

/** Registered in startup.server.ts: at start-up, then every `intervalMs`. */
export function startRequestDigestJob(intervalMs = 5 * 60_000) {
  return startPeriodicJob(intervalMs, () => queueRequestDigests(), "request digests: queueing failed");
}
