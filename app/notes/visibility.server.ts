// Who may read which note. One rule, used in two shapes: as a SQL condition inside
// every listing and search query (so hidden notes never reach counts or snippets), and
// as a check on a single note. Both are built from the same viewer scope.
//
//   public     anyone (also signed out)
//   attendees  confirmed registration for the note's event, or its organisers
//   partners   proven members of the event's partner organisations (a verified address on
//              one of their domains: app/accounts/membership.server.ts), or its organisers
// Co-authors always see their own notes; admins see everything. Notes of draft events
// exist only for the event's organisers.
import { and, eq, notInArray, sql } from "drizzle-orm";
import { getDb, prepared, type Db } from "#db/client";
import { eventOrganisers, eventPartners, events, registrations, type Note } from "#db/schema";

/**
 * `memberOrganisationId` is proven membership (SessionUser.memberOrganisationId), never the
 * organisation a person typed on their profile.
 */
export type Viewer = { id: number; isAdmin: boolean; memberOrganisationId: number | null } | null;

/** The small sets of events the viewer has a relation to, computed once per request. */
export type ViewerScope = {
  userId: number;
  isAdmin: boolean;
  organiserEventIds: number[];
  attendeeEventIds: number[];
  partnerEventIds: number[];
  /** Draft events the viewer does not organise: their notes are hidden. */
  hiddenEventIds: number[];
};

/** The scope's reads, built once per connection (prepared(): every search and note page runs them). */
const scopeQueries = (db: Db) =>
  prepared(db, "notes.viewerScope", (d) => {
    const userId = sql.placeholder("userId");
    const organisedBy = d.select({ id: eventOrganisers.eventId }).from(eventOrganisers).where(eq(eventOrganisers.userId, userId));
    return {
      drafts: d.select({ id: events.id }).from(events).where(eq(events.status, "draft")).prepare(),
      organised: organisedBy.prepare(),
      attending: d
        .select({ id: registrations.eventId })
        .from(registrations)
        .where(and(eq(registrations.userId, userId), eq(registrations.status, "confirmed")))
        .prepare(),
      partnering: d
        .select({ id: eventPartners.eventId })
        .from(eventPartners)
        .where(eq(eventPartners.organisationId, sql.placeholder("organisationId")))
        .prepare(),
      hiddenDrafts: d
        .select({ id: events.id })
        .from(events)
        .where(and(eq(events.status, "draft"), notInArray(events.id, organisedBy)))
        .prepare(),
    };
  });

const idsOf = (rows: { id: number }[]) => rows.map((r) => r.id);

export function viewerScope(viewer: Viewer, db: Db = getDb()): ViewerScope {
  const q = scopeQueries(db);
  if (!viewer) {
    return {
      userId: 0,
      isAdmin: false,
      organiserEventIds: [],
      attendeeEventIds: [],
      partnerEventIds: [],
      hiddenEventIds: idsOf(q.drafts.all()),
    };
  }
  const user = { userId: viewer.id };
  return {
    userId: viewer.id,
    isAdmin: viewer.isAdmin,
    organiserEventIds: viewer.isAdmin ? [] : idsOf(q.organised.all(user)),
    attendeeEventIds: idsOf(q.attending.all(user)),
    partnerEventIds: viewer.memberOrganisationId ? idsOf(q.partnering.all({ organisationId: viewer.memberOrganisationId })) : [],
    hiddenEventIds: viewer.isAdmin ? [] : idsOf(q.hiddenDrafts.all(user)),
  };
}

/**
 * The visibility rule as a SQL condition on the notes alias `n`, with named parameters.
 * The event sets travel as JSON arrays so the statement text (and its cached plan)
 * stays the same for every viewer.
 */
export function visibilitySql(scope: ViewerScope): { sql: string; params: Record<string, unknown> } {
  if (scope.isAdmin) return { sql: "1", params: {} };
  const params = {
    visHidden: JSON.stringify(scope.hiddenEventIds),
    visOrganiser: JSON.stringify(scope.organiserEventIds),
    visAttendee: JSON.stringify(scope.attendeeEventIds),
    visPartner: JSON.stringify(scope.partnerEventIds),
    visUser: scope.userId,
  };
  const sql = `(
    n.event_id NOT IN (SELECT value FROM json_each(@visHidden))
    AND (
      n.visibility = 'public'
      OR n.event_id IN (SELECT value FROM json_each(@visOrganiser))
      OR (n.visibility = 'attendees' AND n.event_id IN (SELECT value FROM json_each(@visAttendee)))
      OR (n.visibility = 'partners' AND n.event_id IN (SELECT value FROM json_each(@visPartner)))
      OR (@visUser > 0 AND EXISTS (SELECT 1 FROM note_authors na WHERE na.note_id = n.id AND na.user_id = @visUser))
    )
  )`;
  return { sql, params };
}

/** The same rule for one note already loaded. */
export function canViewNote(note: Pick<Note, "id" | "eventId" | "visibility">, scope: ViewerScope, isAuthor: boolean): boolean {
  if (scope.isAdmin) return true;
  if (scope.hiddenEventIds.includes(note.eventId)) return false;
  if (note.visibility === "public") return true;
  if (scope.organiserEventIds.includes(note.eventId)) return true;
  if (isAuthor) return true;
  if (note.visibility === "attendees") return scope.attendeeEventIds.includes(note.eventId);
  return scope.partnerEventIds.includes(note.eventId);
}
