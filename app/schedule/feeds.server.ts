// iCalendar feeds: the whole schedule, and a person's agenda behind a private,
// revocable token (no cookie: calendar apps subscribe with the URL alone).
// Times carry TZID=<event zone> with a VTIMEZONE block; UIDs are stable per session;
// SEQUENCE is the session's own counter (bumped on every move); cancelled sessions
// stay in the feed as STATUS:CANCELLED until their cell is reused.
import crypto from "node:crypto";
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import { and, eq, isNull, sql } from "drizzle-orm";
import ical, { ICalEventStatus } from "ical-generator";
import { DateTime } from "luxon";
import { getDb, prepared, writeTransaction } from "#db/client";
import { agendaFeedTokens, events, type Event } from "#db/schema";
import { DomainError, notFound } from "~/utils/errors.server";
import type { Actor } from "~/accounts/actor";
import { requireParticipant } from "~/events/participation.server";
import { getAgenda } from "./agenda.server";
import { cachedUntilWrite } from "~/utils/cache.server";
import { loadSessions, type SessionView } from "./sessions.server";

export const sessionUid = (s: { id: number; eventId: number }) => `kx-event-${s.eventId}-session-${s.id}@knowledge-exchange`;

/** An empty calendar in the event's zone: the one way this app starts an iCalendar file. */
export function zonedCalendar(event: Pick<Event, "timeZone">, name: string, product: string) {
  const calendar = ical({ name, prodId: { company: "Knowledge Exchange", product, language: "EN" } });
  // name: null keeps DTSTAMP in UTC; the generator still emits VTIMEZONE for the events' zone.
  calendar.timezone({ name: null, generator: getVtimezoneComponent });
  calendar.x("X-WR-TIMEZONE", event.timeZone);
  return calendar;
}

/** A stored UTC instant as ical-generator must get it (a native Date is formatted in the server's zone). */
export const icalTime = (date: Date) => DateTime.fromJSDate(date, { zone: "utc" });

function calendarFor(event: Event, name: string, sessions: SessionView[], origin: string) {
  const calendar = zonedCalendar(event, name, "Schedule");
  // A cancelled event cancels every session in it (issue 14.3). The event's own SEQUENCE
  // (bumped on cancellation, app/events/calendar.server.ts) is added to each session's,
  // so calendars take the change; both only grow, so the sum does too.
  const eventCancelled = event.status === "cancelled";
  for (const s of sessions) {
    if (!s.slot || !s.room) continue;
    const cancelled = eventCancelled || s.status === "cancelled";
    const hosts = s.hosts.map((h) => h.name).join(", ");
    const url = `${origin}/events/${event.slug}/sessions/${s.id}`;
    calendar.createEvent({
      id: sessionUid(s),
      sequence: s.sequence + event.sequence,
      start: icalTime(s.slot.startsAt),
      end: icalTime(s.slot.endsAt),
      timezone: event.timeZone,
      stamp: icalTime(s.updatedAt),
      lastModified: icalTime(s.updatedAt),
      summary: cancelled ? `Cancelled: ${s.title}` : s.title,
      description: [hosts ? `Hosts: ${hosts}` : "", s.abstract, url].filter(Boolean).join("\n\n"),
      location: [s.room.name, event.venue].filter(Boolean).join(", "),
      url,
      categories: s.tags.map((tag) => ({ name: tag })),
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}

/** The event's whole schedule: placed sessions, cancelled ones marked as such. */
export function scheduleCalendar(event: Event, origin: string) {
  // The same text for everyone until the database changes; building it costs ~50 ms at
  // 72 sessions (ical-generator's line folding encodes every character on its own).
  return cachedUntilWrite(`schedule.ics:${event.id}:${origin}`, () => {
    const sessions = loadSessions(event.id).filter((s) => s.slot && s.room && (s.status === "accepted" || s.status === "cancelled"));
    return calendarFor(event, `${event.title}: schedule`, sessions, origin);
  });
}

const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/** A new private feed URL token; earlier ones of this person for this event stop working. */
export function createAgendaToken(event: Event, actor: Actor) {
  requireParticipant(actor, event);
  const token = crypto.randomBytes(24).toString("base64url");
  const db = getDb();
  writeTransaction(db, () => {
    revokeActive(event.id, actor.id);
    db.insert(agendaFeedTokens)
      .values({ tokenHash: hashToken(token), eventId: event.id, userId: actor.id })
      .run();
  });
  return token;
}

export function revokeAgendaTokens(event: Event, actor: Actor) {
  return revokeActive(event.id, actor.id);
}

function revokeActive(eventId: number, userId: number) {
  return getDb()
    .update(agendaFeedTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(agendaFeedTokens.eventId, eventId), eq(agendaFeedTokens.userId, userId), isNull(agendaFeedTokens.revokedAt)))
    .run().changes;
}

export function hasActiveAgendaToken(eventId: number, userId: number) {
  const db = getDb();
  const statement = prepared(db, "schedule.agenda.activeToken", () =>
    db
      .select({ h: agendaFeedTokens.tokenHash })
      .from(agendaFeedTokens)
      .where(
        and(
          eq(agendaFeedTokens.eventId, sql.placeholder("eventId")),
          eq(agendaFeedTokens.userId, sql.placeholder("userId")),
          isNull(agendaFeedTokens.revokedAt),
        ),
      )
      .prepare(),
  );
  return Boolean(statement.get({ eventId, userId }));
}

/** The agenda feed for a token of this event: 404 for an unknown token, 410 once revoked. */
export function agendaCalendar(event: Event, token: string, origin: string) {
  if (!/^[A-Za-z0-9_-]{16,100}$/.test(token)) throw notFound("No calendar has this link.");
  const row = getDb()
    .select()
    .from(agendaFeedTokens)
    .where(and(eq(agendaFeedTokens.tokenHash, hashToken(token)), eq(agendaFeedTokens.eventId, event.id)))
    .get();
  if (!row) throw notFound("No calendar has this link.");
  if (row.revokedAt) throw new DomainError("This calendar link was revoked. Create a new one on your agenda page.", 410);
  // Checked above for every request; only the text is kept (per person, until a write).
  return cachedUntilWrite(`agenda.ics:${event.id}:${row.userId}:${origin}`, () => {
    const agenda = getAgenda(event, row.userId);
    return calendarFor(event, `${event.title}: my agenda`, agenda.scheduled, origin);
  });
}

export function requirePublishedEvent(slug: string | undefined) {
  const event = slug ? getDb().select().from(events).where(eq(events.slug, slug)).get() : undefined;
  if (!event || event.status === "draft") throw notFound("No event has this address.");
  return event;
}
