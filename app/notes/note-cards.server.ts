// The trust signals every note card shows besides its body (event, session or topic,
// authors, tags, verification), loaded for many notes at once: search results, feeds,
// exports and a note's own page read them here.
import { eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { getDb, prepared, type Db } from "#db/client";
import { events, noteAuthors, notes, noteTags, organisations, scheduleSessions, topics, users, type Note } from "#db/schema";
import { isGuestUser, markGuest } from "~/utils/author-byline";

export type NoteAuthor = { id: number; name: string | null; organisation: string | null };

/** Everything a note shows besides its body: the trust signals. */
export type NoteCard = {
  id: number;
  title: string;
  visibility: Note["visibility"];
  version: number;
  createdAt: Date;
  updatedAt: Date;
  event: { id: number; slug: string; title: string; timeZone: string; series: string | null };
  session: { id: number; title: string } | null;
  topic: { id: number; title: string } | null;
  /** The official takeaways of its topic or notes page of its session (ADR 016); else a related note. */
  official: boolean;
  authors: NoteAuthor[];
  tags: string[];
  verification: { by: string | null; at: Date; version: number; changedSince: boolean } | null;
};

/** The card queries, built once per connection (prepared(): every result page runs them). */
const cardQueries = (db: Db) =>
  prepared(db, "notes.cards", (d) => {
    const ids = sql`(SELECT value FROM json_each(${sql.placeholder("ids")}))`;
    const verifier = alias(users, "verifier");
    return {
      notes: d
        .select({
          id: notes.id,
          title: notes.title,
          visibility: notes.visibility,
          version: notes.version,
          createdAt: notes.createdAt,
          updatedAt: notes.updatedAt,
          event: { id: events.id, slug: events.slug, title: events.title, timeZone: events.timeZone, series: events.series },
          sessionId: scheduleSessions.id,
          sessionTitle: scheduleSessions.title,
          topicId: topics.id,
          topicTitle: topics.title,
          official: sql<number>`CASE WHEN ${topics.officialNoteId} = ${notes.id} OR ${scheduleSessions.officialNoteId} = ${notes.id} THEN 1 ELSE 0 END`,
          verifiedAt: notes.verifiedAt,
          verifiedVersion: notes.verifiedVersion,
          verifierName: verifier.name,
        })
        .from(notes)
        .innerJoin(events, eq(events.id, notes.eventId))
        .leftJoin(scheduleSessions, eq(scheduleSessions.id, notes.sessionId))
        .leftJoin(topics, eq(topics.id, notes.topicId))
        .leftJoin(verifier, eq(verifier.id, notes.verifiedById))
        .where(inArray(notes.id, ids))
        .prepare(),
      // The note's creator first, then by name.
      authors: d
        .select({
          noteId: noteAuthors.noteId,
          id: users.id,
          name: users.name,
          isGuest: isGuestUser(users.id),
          organisation: organisations.name,
        })
        .from(noteAuthors)
        .innerJoin(users, eq(users.id, noteAuthors.userId))
        .leftJoin(organisations, eq(organisations.id, users.organisationId))
        .where(inArray(noteAuthors.noteId, ids))
        .orderBy(
          noteAuthors.noteId,
          sql`(${users.id} = (SELECT created_by_id FROM notes WHERE id = ${noteAuthors.noteId})) DESC`,
          users.name,
        )
        .prepare(),
      tags: d
        .select({ noteId: noteTags.noteId, tag: noteTags.tag })
        .from(noteTags)
        .where(inArray(noteTags.noteId, ids))
        .orderBy(noteTags.tag)
        .prepare(),
    };
  });

/** Trust signals for many notes at once (three queries, whatever the count), in `ids` order. */
export function loadNoteCards(ids: number[], db: Db = getDb()): NoteCard[] {
  if (ids.length === 0) return [];
  const q = cardQueries(db);
  const list = { ids: JSON.stringify(ids) };
  const rows = q.notes.all(list);
  const authorRows = q.authors.all(list);
  const tagRows = q.tags.all(list);

  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const card: NoteCard = {
      id: r.id,
      title: r.title,
      visibility: r.visibility,
      version: r.version,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      event: r.event,
      session: r.sessionId ? { id: r.sessionId, title: r.sessionTitle ?? "" } : null,
      topic: r.topicId ? { id: r.topicId, title: r.topicTitle ?? "" } : null,
      official: r.official === 1,
      authors: authorRows
        .filter((a) => a.noteId === id)
        // A deleted account keeps its authorship but loses its name and organisation.
        .map((a) => ({ id: a.id, name: markGuest(a.name, a.isGuest), organisation: a.name === null ? null : a.organisation })),
      tags: tagRows.filter((t) => t.noteId === id).map((t) => t.tag),
      verification:
        r.verifiedAt !== null && r.verifiedVersion !== null
          ? {
              by: r.verifierName,
              at: r.verifiedAt,
              version: r.verifiedVersion,
              changedSince: r.version > r.verifiedVersion,
            }
          : null,
    };
    return [card];
  });
}
