// Verification: an organiser of the note's event vouches for one version (audited).
import { eq } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import { notes } from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import { isOrganiserOf } from "~/events/permissions.server";
import { NoteConflictError } from "~/notes/edit-note.server";
import { requireReadableNote } from "~/notes/note-access.server";
import type { Viewer } from "~/notes/visibility.server";
import { forbidden } from "~/utils/errors.server";

type Actor = NonNullable<Viewer>;

/**
 * An organiser of the note's event vouches for the version they read. A later edit
 * makes the note "changed since verification" until someone verifies again.
 */
export function verifyNote(noteId: number, version: number, organiser: Actor, ip: string | null = null, db: Db = getDb()) {
  return writeTransaction(db, (tx) => {
    const note = requireReadableNote(noteId, organiser, undefined, tx);
    if (!isOrganiserOf(organiser, note.eventId)) {
      throw forbidden("Only the organisers of this note's event may verify it.");
    }
    if (note.version !== version) {
      throw new NoteConflictError(note.version, null);
    }
    const now = new Date();
    const updated = tx
      .update(notes)
      .set({ verifiedById: organiser.id, verifiedAt: now, verifiedVersion: note.version, updatedAt: note.updatedAt })
      .where(eq(notes.id, note.id))
      .returning()
      .get();
    recordAudit(
      {
        actorId: organiser.id,
        eventId: note.eventId,
        action: "note.verify",
        targetType: "note",
        targetId: note.id,
        ip,
        details: { version: note.version },
      },
      tx,
    );
    return updated;
  });
}
