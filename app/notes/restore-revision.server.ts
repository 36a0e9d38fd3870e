// Restoring an old version of a note: its title and text become a NEW version (the history
// only grows; the version it replaces stays readable), written by the person restoring,
// who needs the right to edit the note. Audited as note.restore.
import { and, eq } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import { noteRevisions, notes } from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import { canEditNote, requireReadableNote } from "~/notes/note-access.server";
import { NoteConflictError } from "~/notes/edit-note.server";
import type { Viewer } from "~/notes/visibility.server";
import { conflict, forbidden, invalid } from "~/utils/errors.server";

type Actor = NonNullable<Viewer>;

/**
 * Restores `version` of the note as version current + 1. `currentVersion` is the version the
 * person saw as current when they confirmed: if someone saved since, nothing is written (409).
 */
export function restoreRevision(
  noteId: number,
  input: { version: number; currentVersion: number },
  actor: Actor,
  ip: string | null = null,
  db: Db = getDb(),
) {
  return writeTransaction(db, (tx) => {
    const note = requireReadableNote(noteId, actor, undefined, tx);
    if (!canEditNote(actor, note, tx)) throw forbidden("Only the note's co-authors and the event's organisers may restore its versions.");
    if (note.version !== input.currentVersion) throw new NoteConflictError(note.version, null);
    const revision = tx
      .select({ title: noteRevisions.title, body: noteRevisions.body })
      .from(noteRevisions)
      .where(and(eq(noteRevisions.noteId, note.id), eq(noteRevisions.version, input.version)))
      .get();
    if (!revision) throw invalid("This note has no such version.", { version: ["This note has no such version."] });
    if (input.version === note.version) throw conflict("This version is the current one already.");
    const nextVersion = note.version + 1;
    const updated = tx
      .update(notes)
      .set({ title: revision.title, body: revision.body, version: nextVersion, updatedAt: new Date() })
      .where(and(eq(notes.id, note.id), eq(notes.version, note.version)))
      .returning()
      .get();
    if (!updated) throw new NoteConflictError(note.version, null);
    tx.insert(noteRevisions)
      .values({ noteId: note.id, version: nextVersion, title: revision.title, body: revision.body, editedById: actor.id })
      .run();
    recordAudit(
      {
        actorId: actor.id,
        eventId: note.eventId,
        action: "note.restore",
        targetType: "note",
        targetId: note.id,
        ip,
        details: { restoredVersion: input.version, replacedVersion: note.version, version: nextVersion },
      },
      tx,
    );
    return updated;
  });
}
