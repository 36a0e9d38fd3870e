// Creating a note: the note, its authors, tags and revision 1, in one transaction.
// The board (takeaways) and the schedule (a notes page per placed session) write
// notes through this function too. Input is already validated.
import type { Db } from "#db/client";
import { getDb } from "#db/client";
import { noteAuthors, noteRevisions, notes, noteTags, type NoteVisibility } from "#db/schema";

export type NewNoteInput = {
  eventId: number;
  title: string;
  body: string;
  authorIds: number[];
  visibility?: NoteVisibility;
  tags?: string[];
  sessionId?: number | null;
  topicId?: number | null;
};

export function normaliseTags(tags: string[] = []) {
  return [...new Set(tags.map((t) => t.trim().toLowerCase().replace(/\s+/g, "-")).filter(Boolean))].slice(0, 20);
}

/** Call inside an existing transaction by passing its `db`; otherwise it opens one. */
export function createNote(input: NewNoteInput, db: Db = getDb()) {
  const write = () => {
    const [createdById] = input.authorIds;
    const note = db
      .insert(notes)
      .values({
        eventId: input.eventId,
        sessionId: input.sessionId ?? null,
        topicId: input.topicId ?? null,
        title: input.title,
        body: input.body,
        visibility: input.visibility ?? "public",
        version: 1,
        createdById: createdById ?? null,
      })
      .returning()
      .get();
    for (const userId of new Set(input.authorIds)) {
      db.insert(noteAuthors).values({ noteId: note.id, userId }).run();
    }
    for (const tag of normaliseTags(input.tags)) {
      db.insert(noteTags).values({ noteId: note.id, tag }).run();
    }
    db.insert(noteRevisions)
      .values({ noteId: note.id, version: 1, title: note.title, body: note.body, editedById: createdById ?? null })
      .run();
    return note;
  };
  return db.$client.inTransaction ? write() : db.transaction(() => write());
}
