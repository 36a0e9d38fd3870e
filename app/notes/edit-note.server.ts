// Editing a note with optimistic concurrency: every save names the version it started from
// and becomes a new version and revision; a save based on an old version is refused.
import { and, eq } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import { noteAuthors, noteRevisions, notes, noteTags, users } from "#db/schema";
import { resolveCoAuthors } from "~/notes/co-author-emails.server";
import { normaliseTags } from "~/notes/create-note.server";
import { canEditNote, requireReadableNote } from "~/notes/note-access.server";
import { splitTags, type NoteEditInput } from "~/notes/note-schema";
import type { Viewer } from "~/notes/visibility.server";
import { DomainError, forbidden, invalid } from "~/utils/errors.server";

type Actor = NonNullable<Viewer>;

/** A save based on an old version: refused, with who saved in between. */
export class NoteConflictError extends DomainError {
  constructor(
    readonly currentVersion: number,
    readonly editedBy: string | null,
  ) {
    super(
      `Someone else saved this note while you were editing (now version ${currentVersion}${editedBy ? `, by ${editedBy}` : ""}). ` +
        "Your text is kept below and nothing was overwritten. Compare it with the latest version in the history, then save again to replace it.",
      409,
    );
  }
}

export function currentTags(noteId: number, db: Db = getDb()) {
  return db
    .select({ tag: noteTags.tag })
    .from(noteTags)
    .where(eq(noteTags.noteId, noteId))
    .all()
    .map((t) => t.tag)
    .sort();
}

/**
 * Saves an edit as a new version and revision. The save names the version it started
 * from; when someone else saved in between, it is refused (409) and nothing changes.
 */
export function updateNote(noteId: number, input: NoteEditInput, editor: Actor, db: Db = getDb()) {
  const coAuthorIds = resolveCoAuthors(input.coAuthorEmails, db);
  return writeTransaction(db, (tx) => {
    const note = requireReadableNote(noteId, editor, undefined, tx);
    if (!canEditNote(editor, note, tx)) {
      throw forbidden("Only the note's co-authors and the event's organisers may edit it.");
    }
    if (note.version !== input.version) {
      const last = tx
        .select({ name: users.name })
        .from(noteRevisions)
        .leftJoin(users, eq(users.id, noteRevisions.editedById))
        .where(and(eq(noteRevisions.noteId, note.id), eq(noteRevisions.version, note.version)))
        .get();
      throw new NoteConflictError(note.version, last?.name ?? null);
    }

    const tags = normaliseTags(splitTags(input.tags));
    const authorRows = tx
      .select({ userId: noteAuthors.userId, email: users.email })
      .from(noteAuthors)
      .innerJoin(users, eq(users.id, noteAuthors.userId))
      .where(eq(noteAuthors.noteId, note.id))
      .all();
    // Former attendees cannot be named by e-mail any more; their authorship stays.
    const kept = authorRows.filter((a) => a.email === null).map((a) => a.userId);
    const nextAuthors = [...new Set([...kept, ...coAuthorIds])];
    if (nextAuthors.length === 0) {
      throw invalid("A note needs an author.", { coAuthorEmails: ["Name at least one author."] });
    }
    const previousAuthors = authorRows.map((a) => a.userId).sort();
    const authorsChanged = JSON.stringify(previousAuthors) !== JSON.stringify([...nextAuthors].sort());
    const tagsChanged = JSON.stringify(currentTags(note.id, tx)) !== JSON.stringify([...tags].sort());
    const textChanged = note.title !== input.title || note.body !== input.body;
    if (!textChanged && !tagsChanged && !authorsChanged && note.visibility === input.visibility) {
      return { note, changed: false };
    }

    const nextVersion = note.version + 1;
    const updated = tx
      .update(notes)
      .set({ title: input.title, body: input.body, visibility: input.visibility, version: nextVersion, updatedAt: new Date() })
      .where(and(eq(notes.id, note.id), eq(notes.version, note.version)))
      .returning()
      .get();
    if (!updated) throw new NoteConflictError(note.version, null);
    if (tagsChanged) {
      tx.delete(noteTags).where(eq(noteTags.noteId, note.id)).run();
      for (const tag of tags) tx.insert(noteTags).values({ noteId: note.id, tag }).run();
    }
    if (authorsChanged) {
      tx.delete(noteAuthors).where(eq(noteAuthors.noteId, note.id)).run();
      for (const userId of nextAuthors) tx.insert(noteAuthors).values({ noteId: note.id, userId }).run();
    }
    tx.insert(noteRevisions)
      .values({ noteId: note.id, version: nextVersion, title: input.title, body: input.body, editedById: editor.id })
      .run();
    return { note: updated, changed: true };
  });
}
