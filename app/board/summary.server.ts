// The board summary: topics in the order they were discussed, dots, time spent, the
// official takeaways (as far as the viewer may read the note: the archive's own rule,
// canViewNote) and the related notes about each topic the viewer may read.
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "#db/client";
import { guests, noteAuthors, notes, users } from "#db/schema";
import { authorByline } from "~/utils/author-byline";
import { getBoardView } from "~/board/view.server";
import { relatedNotes } from "~/notes/note-access.server";
import { canViewNote, viewerScope, type Viewer } from "~/notes/visibility.server";
import { renderMarkdown } from "~/utils/markdown.server";

export function getBoardSummary(boardId: number, viewer: Viewer) {
  const view = getBoardView(boardId, viewer);
  const db = getDb();
  const scope = viewerScope(viewer, db);
  const noteIds = view.discussed.map((t) => t.noteId).filter((id): id is number => id !== null);
  const rows = noteIds.length
    ? db
        .select({
          id: notes.id,
          eventId: notes.eventId,
          body: notes.body,
          visibility: notes.visibility,
          author: users.name,
          authorIsGuest: sql<boolean>`${guests.id} is not null`.mapWith(Boolean),
        })
        .from(notes)
        .leftJoin(users, eq(users.id, notes.createdById))
        .leftJoin(guests, eq(guests.userId, notes.createdById))
        .where(inArray(notes.id, noteIds))
        .all()
    : [];
  // Who co-authors the note now counts, not who created it once (issue 18, finding 5).
  const coAuthored = new Set(
    viewer && noteIds.length
      ? db
          .select({ noteId: noteAuthors.noteId })
          .from(noteAuthors)
          .where(and(inArray(noteAuthors.noteId, noteIds), eq(noteAuthors.userId, viewer.id)))
          .all()
          .map((r) => r.noteId)
      : [],
  );
  // Who may read the note travels with it, readable or not, so the page states the note's
  // own audience (issue 17.7).
  const takeaways = new Map(
    rows.map((n) => [
      n.id,
      {
        visibility: n.visibility,
        readable: canViewNote(n, scope, coAuthored.has(n.id))
          ? { html: renderMarkdown(n.body), author: authorByline(n.author, n.authorIsGuest) }
          : null,
      },
    ]),
  );
  const totalSeconds = view.discussed.reduce((sum, t) => sum + (t.discussedSeconds ?? 0), 0);
  return {
    ...view,
    discussed: view.discussed.map((t) => ({
      ...t,
      takeaways: t.noteId ? (takeaways.get(t.noteId)?.readable ?? null) : null,
      takeawaysVisibility: t.noteId ? (takeaways.get(t.noteId)?.visibility ?? null) : null,
      related: relatedNotes({ topicId: t.id }, viewer, { scope, db }),
    })),
    totalSeconds,
  };
}
