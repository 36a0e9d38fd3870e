// Who may read, edit and write notes, and a note as one viewer sees it: unknown and hidden
// notes look the same (404), so a note's existence does not leak.
import { and, eq } from "drizzle-orm";
import { getDb, type Db } from "#db/client";
import { noteAuthors, notes, type Event, type Note } from "#db/schema";
import { isOrganiserOf } from "~/events/permissions.server";
import { loadNoteCards } from "~/notes/note-cards.server";
import { canViewNote, viewerScope, type Viewer, type ViewerScope } from "~/notes/visibility.server";
import { relatedNoteRows } from "~/notes/visible-notes.sql.server";
import { notFound } from "~/utils/errors.server";

function isAuthor(noteId: number, userId: number | undefined, db: Db = getDb()) {
  if (!userId) return false;
  return Boolean(
    db
      .select({ userId: noteAuthors.userId })
      .from(noteAuthors)
      .where(and(eq(noteAuthors.noteId, noteId), eq(noteAuthors.userId, userId)))
      .get(),
  );
}

/** Co-authors, the event's organisers and admins may edit a note. */
export function canEditNote(viewer: Viewer, note: Pick<Note, "id" | "eventId">, db: Db = getDb()) {
  if (!viewer) return false;
  return isAuthor(note.id, viewer.id, db) || isOrganiserOf(viewer, note.eventId);
}

/**
 * The note if the viewer may read it. Unknown and hidden notes are both 404, so a
 * note's existence does not leak to people who may not read it.
 */
export function requireReadableNote(noteId: number, viewer: Viewer, scope?: ViewerScope, db: Db = getDb()): Note {
  const note = Number.isSafeInteger(noteId) ? db.select().from(notes).where(eq(notes.id, noteId)).get() : undefined;
  if (!note || !canViewNote(note, scope ?? viewerScope(viewer, db), isAuthor(note.id, viewer?.id, db))) {
    throw notFound("No note has this address, or it is not shared with you.");
  }
  return note;
}

export function getNoteForViewer(noteId: number, viewer: Viewer, db: Db = getDb()) {
  const note = requireReadableNote(noteId, viewer, undefined, db);
  const [card] = loadNoteCards([note.id], db);
  return {
    note,
    card,
    canEdit: canEditNote(viewer, note, db),
    canVerify: isOrganiserOf(viewer, note.eventId),
  };
}

/**
 * The notes about a topic or session other than its official one (ADR 016) that the
 * viewer may read, oldest first: "related notes" on the summary and session pages.
 */
export function relatedNotes(
  of: { topicId: number } | { sessionId: number },
  viewer: Viewer,
  options: { scope?: ViewerScope; db?: Db } = {},
): { id: number; title: string }[] {
  const db = options.db ?? getDb();
  return relatedNoteRows(of, options.scope ?? viewerScope(viewer, db), db);
}

/** Confirmed attendees, partner members, organisers and admins write notes for an event. */
export function canWriteNotesFor(viewer: Viewer, event: Pick<Event, "id" | "status">, db: Db = getDb()) {
  if (!viewer) return false;
  if (isOrganiserOf(viewer, event.id)) return true;
  if (event.status === "draft") return false;
  const scope = viewerScope(viewer, db);
  return scope.attendeeEventIds.includes(event.id) || scope.partnerEventIds.includes(event.id);
}
