// Events: creating, editing, publishing, and reading them for pages.
import { and, asc, desc, eq, gte, inArray, lt, or, sql } from "drizzle-orm";
import { getDb, prepared, writeTransaction, type Db } from "#db/client";
import { eventOrganisers, eventPartners, events, organisations, users, type Event } from "#db/schema";
import type { SessionUser } from "~/accounts/session.server";
import { splitEmails, type EventFormInput } from "~/events/event-schema";
import { nextCalendarSequence } from "~/events/calendar-sequence.server";
import { conflict, invalid } from "~/utils/errors.server";
import { recordAudit } from "~/audit/audit.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { missingLocalTime, zonedLocalToUtc } from "~/utils/dates";
import { slugify } from "~/utils/slug";
import { queueEventChangeNotice } from "~/messages/change-notice.server";
import { boundedCache } from "~/utils/cache.server";

const TIME_FIELDS = ["startsAt", "endsAt", "registrationOpensAt", "registrationClosesAt"] as const;

function toTimes(input: EventFormInput) {
  const tz = input.timeZone;
  const gaps: Record<string, string[]> = {};
  for (const field of TIME_FIELDS) {
    const problem = input[field] ? missingLocalTime(input[field]!, tz) : null;
    if (problem) gaps[field] = [problem];
  }
  if (Object.keys(gaps).length) throw invalid("Check the dates.", gaps);
  const at = (v: string | undefined) => (v ? zonedLocalToUtc(v, tz) : null);
  const startsAt = at(input.startsAt);
  const endsAt = at(input.endsAt);
  if (!startsAt || !endsAt) throw invalid("Check the dates.", { startsAt: ["Enter a date and time."] });
  return {
    startsAt,
    endsAt,
    registrationOpensAt: at(input.registrationOpensAt),
    registrationClosesAt: at(input.registrationClosesAt),
  };
}

/** The event columns the form sets, times converted from the event's zone to UTC. */
function formColumns(input: EventFormInput) {
  return {
    title: input.title,
    summary: input.summary ?? "",
    description: input.description ?? "",
    format: input.format,
    series: input.series || null,
    venue: input.venue ?? "",
    timeZone: input.timeZone,
    capacity: input.capacity,
    status: input.status,
    openMarketplace: input.openMarketplace,
    partnersOnly: input.partnersOnly ?? false,
    guestsMayJoin: input.guestsMayJoin ?? false,
    ...toTimes(input),
  };
}

/**
 * The accounts the form names as co-organisers. The right goes only to an account whose
 * address is proven (as on the invitations page, SECURITY.md "Roles by e-mail"); people who
 * organise the event already (`current`) keep it (security review, 7 Dec 2026).
 */
function findOrganiserIds(emails: string[], current: number[] = []) {
  if (emails.length === 0) return [];
  const rows = getDb()
    .select({ id: users.id, email: users.email, verified: users.emailVerifiedAt })
    .from(users)
    .where(inArray(users.email, emails))
    .all();
  const missing = emails.filter((e) => !rows.some((r) => r.email === e));
  if (missing.length) {
    throw invalid("Unknown organiser.", {
      // DESIGN §5: people without an account are invited by e-mail, on the event's Invitations page.
      organiserEmails: [
        `No account for ${missing.join(", ")} yet. Leave them out here and invite them from the event’s “Invitations” page: they become co-organiser once they sign up and confirm the address.`,
      ],
    });
  }
  const unproven = rows.filter((r) => !r.verified && !current.includes(r.id)).map((r) => r.email);
  if (unproven.length) {
    throw invalid("Unconfirmed organiser.", {
      organiserEmails: [`${unproven.join(", ")} has not confirmed the address yet. Invite them from Invitations instead.`],
    });
  }
  return rows.map((r) => r.id);
}

function uniqueSlug(title: string, startsAt: Date) {
  const db = getDb();
  const base = `${slugify(title) || "event"}-${startsAt.getUTCFullYear()}`.replace(/^-/, "");
  let slug = base;
  for (let n = 2; db.select({ id: events.id }).from(events).where(eq(events.slug, slug)).get(); n++) {
    slug = `${base}-${n}`;
  }
  return slug;
}

/** `organisersBefore`: people who organise the event this one is copied from (they keep the right). */
export function createEvent(input: EventFormInput, creator: { id: number }, organisersBefore: number[] = []): Event {
  const db = getDb();
  const columns = formColumns(input);
  const organiserIds = findOrganiserIds(splitEmails(input.organiserEmails), organisersBefore);
  return db.transaction((tx) => {
    const event = tx
      .insert(events)
      .values({
        slug: uniqueSlug(input.title, columns.startsAt),
        ...columns,
        createdById: creator.id,
      })
      .returning()
      .get();
    tx.insert(eventOrganisers).values({ eventId: event.id, userId: creator.id, role: "owner" }).run();
    for (const userId of organiserIds.filter((id) => id !== creator.id)) {
      tx.insert(eventOrganisers).values({ eventId: event.id, userId, role: "organiser" }).run();
    }
    for (const organisationId of new Set(input.partnerOrganisationIds)) {
      tx.insert(eventPartners).values({ eventId: event.id, organisationId }).run();
    }
    return event;
  });
}

/**
 * Saves the event form. Capacity changes go through `onCapacityChange` (registration
 * rules: refuse below the confirmed count, promote from the waiting list when raised),
 * inside the same transaction.
 */
export function updateEvent(
  event: Event,
  input: EventFormInput,
  onCapacityChange?: (eventId: number, from: number, to: number) => void,
): Event {
  const db = getDb();
  const columns = formColumns(input);
  const current = getDb().select({ id: eventOrganisers.userId }).from(eventOrganisers).where(eq(eventOrganisers.eventId, event.id)).all();
  const organiserIds = findOrganiserIds(
    splitEmails(input.organiserEmails),
    current.map((o) => o.id),
  );
  return writeTransaction(db, () => {
    if (input.capacity !== event.capacity) onCapacityChange?.(event.id, event.capacity, input.capacity);
    const updated = db
      .update(events)
      .set({ ...columns, sequence: nextCalendarSequence(event, columns) })
      .where(eq(events.id, event.id))
      .returning()
      .get();
    // Cancelled, or a new time or place: everyone registered hears it (ADR 022).
    queueEventChangeNotice(db, event, updated);
    db.delete(eventPartners).where(eq(eventPartners.eventId, event.id)).run();
    for (const organisationId of new Set(input.partnerOrganisationIds)) {
      db.insert(eventPartners).values({ eventId: event.id, organisationId }).run();
    }
    // Owners stay; the listed organisers replace the others.
    db.delete(eventOrganisers)
      .where(and(eq(eventOrganisers.eventId, event.id), eq(eventOrganisers.role, "organiser")))
      .run();
    for (const userId of organiserIds) {
      db.insert(eventOrganisers).values({ eventId: event.id, userId, role: "organiser" }).onConflictDoNothing().run();
    }
    return updated;
  });
}

/**
 * The one step from draft to published (the event page's Publish button): only a draft can
 * be published; the calendar entry's SEQUENCE grows with the status, as for every edit.
 */
export function publishEvent(event: Event, actor: { id: number; ip?: string | null }): Event {
  const db = getDb();
  return writeTransaction(db, () => {
    const current = db.select().from(events).where(eq(events.id, event.id)).get();
    if (!current || current.status !== "draft") throw conflict("Only a draft can be published; this event is not a draft.");
    const updated = db
      .update(events)
      .set({ status: "published", sequence: nextCalendarSequence(current, { ...current, status: "published" }) })
      .where(eq(events.id, event.id))
      .returning()
      .get();
    recordAudit(
      {
        actorId: actor.id,
        eventId: event.id,
        action: "event.publish",
        targetType: "event",
        targetId: event.id,
        ip: actor.ip ?? null,
        details: { title: event.title },
      },
      db,
    );
    return updated;
  });
}

// Read on every event and registration page: built once per connection.
const partnersQuery = (db: Db) =>
  prepared(db, "events.partners", () =>
    db
      .select({ id: organisations.id, name: organisations.name })
      .from(eventPartners)
      .innerJoin(organisations, eq(organisations.id, eventPartners.organisationId))
      .where(eq(eventPartners.eventId, sql.placeholder("eventId")))
      .orderBy(organisations.name)
      .prepare(),
  );

/** Rendered descriptions by event id, valid while the event's updatedAt is unchanged. */
const descriptionHtmlCache = boundedCache<number, { updatedAt: number; html: string }>(1000);

/**
 * The event description as safe HTML. It changes only when the event is edited, but the
 * event page is the most visited page, so it is rendered once per edit, not per view.
 */
export function eventDescriptionHtml(event: Pick<Event, "id" | "description" | "updatedAt">) {
  const updatedAt = event.updatedAt.getTime();
  const cached = descriptionHtmlCache.get(event.id);
  if (cached && cached.updatedAt === updatedAt) return cached.html;
  const html = renderMarkdown(event.description);
  descriptionHtmlCache.set(event.id, { updatedAt, html });
  return html;
}

export function getPartners(eventId: number) {
  return partnersQuery(getDb()).all({ eventId });
}

export function getOrganisers(eventId: number) {
  return getDb()
    .select({ id: users.id, name: users.name, email: users.email, role: eventOrganisers.role })
    .from(eventOrganisers)
    .innerJoin(users, eq(users.id, eventOrganisers.userId))
    .where(eq(eventOrganisers.eventId, eventId))
    .all();
}

export type EventListItem = Pick<
  Event,
  "id" | "slug" | "title" | "summary" | "format" | "venue" | "timeZone" | "startsAt" | "endsAt" | "capacity" | "status"
>;

/** Upcoming (soonest first) and past (latest first) events the viewer may see. */
export function listEventsForHome(viewer: SessionUser | null, now = new Date()) {
  const db = getDb();
  const columns = {
    id: events.id,
    slug: events.slug,
    title: events.title,
    summary: events.summary,
    format: events.format,
    venue: events.venue,
    timeZone: events.timeZone,
    startsAt: events.startsAt,
    endsAt: events.endsAt,
    capacity: events.capacity,
    status: events.status,
  };
  const visible = viewer?.isAdmin
    ? undefined
    : viewer
      ? or(
          eq(events.status, "published"),
          inArray(events.id, db.select({ id: eventOrganisers.eventId }).from(eventOrganisers).where(eq(eventOrganisers.userId, viewer.id))),
        )
      : eq(events.status, "published");
  const upcoming = db
    .select(columns)
    .from(events)
    .where(and(visible, gte(events.endsAt, now)))
    .orderBy(asc(events.startsAt))
    .all();
  const past = db
    .select(columns)
    .from(events)
    .where(and(visible, lt(events.endsAt, now)))
    .orderBy(desc(events.startsAt))
    .limit(50)
    .all();
  return { upcoming, past };
}
