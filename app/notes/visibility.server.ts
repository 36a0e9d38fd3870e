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
import type { Db } from "#db/client";
import { getDb } from "#db/client";
import type { Note } from "#db/schema";
import { prepare } from "~/notes/sql.server";

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

export function viewerScope(viewer: Viewer, db: Db = getDb()): ViewerScope {
  const ids = (sql: string, ...params: unknown[]) =>
    (prepare(db, sql).pluck().all(...params) as number[]).map(Number);
  if (!viewer) {
    return {
      userId: 0,
      isAdmin: false,
      organiserEventIds: [],
      attendeeEventIds: [],
      partnerEventIds: [],
      hiddenEventIds: ids("SELECT id FROM events WHERE status = 'draft'"),
    };
  }
  const organiserEventIds = viewer.isAdmin
    ? []
    : ids("SELECT event_id FROM event_organisers WHERE user_id = ?", viewer.id);
  return {
    userId: viewer.id,
    isAdmin: viewer.isAdmin,
    organiserEventIds,
    attendeeEventIds: ids(
      "SELECT event_id FROM registrations WHERE user_id = ? AND status = 'confirmed'",
      viewer.id,
    ),
    partnerEventIds: viewer.memberOrganisationId
      ? ids("SELECT event_id FROM event_partners WHERE organisation_id = ?", viewer.memberOrganisationId)
      : [],
    hiddenEventIds: viewer.isAdmin
      ? []
      : ids(
          "SELECT id FROM events WHERE status = 'draft' AND id NOT IN (SELECT event_id FROM event_organisers WHERE user_id = ?)",
          viewer.id,
        ),
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
export function canViewNote(
  note: Pick<Note, "id" | "eventId" | "visibility">,
  scope: ViewerScope,
  isAuthor: boolean,
): boolean {
  if (scope.isAdmin) return true;
  if (scope.hiddenEventIds.includes(note.eventId)) return false;
  if (note.visibility === "public") return true;
  if (scope.organiserEventIds.includes(note.eventId)) return true;
  if (isAuthor) return true;
  if (note.visibility === "attendees") return scope.attendeeEventIds.includes(note.eventId);
  return scope.partnerEventIds.includes(note.eventId);
}
