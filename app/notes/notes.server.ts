// Notes: reading one with its trust signals, writing, editing with optimistic
// concurrency (every save is a revision), and verification by the event's organisers.
// Search lives in search.server.ts, history and diffs in revisions.server.ts.
import { and, asc, eq, inArray, notInArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { getDb, prepared, writeTransaction, type Db } from "#db/client";
import {
  boards,
  events,
  noteAuthors,
  noteRevisions,
  notes,
  noteTags,
  organisations,
  scheduleSessions,
  topics,
  users,
  type Event,
  type Note,
} from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import { isOrganiserOf } from "~/events/permissions.server";
import { createNote, normaliseTags } from "~/notes/create-note.server";
import { splitList, splitTags, type NoteCreateInput, type NoteEditInput } from "~/notes/note-schema";
import { canViewNote, viewerScope, type Viewer, type ViewerScope } from "~/notes/visibility.server";
import { relatedNoteRows } from "~/notes/visible-notes.sql.server";
import { isGuestUser, markGuest } from "~/utils/author-byline";
import { DomainError, forbidden, invalid, notFound } from "~/utils/errors.server";

export type { Viewer } from "~/notes/visibility.server";
type Actor = NonNullable<Viewer>;

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

// ------------------------------------------------------------------ writing

/** Confirmed attendees, partner members, organisers and admins write notes for an event. */
export function canWriteNotesFor(viewer: Viewer, event: Pick<Event, "id" | "status">, db: Db = getDb()) {
  if (!viewer) return false;
  if (isOrganiserOf(viewer, event.id)) return true;
  if (event.status === "draft") return false;
  const scope = viewerScope(viewer, db);
  return scope.attendeeEventIds.includes(event.id) || scope.partnerEventIds.includes(event.id);
}

/** Events the person may write notes for, newest first (the event picker). */
export function eventsForNewNote(viewer: Actor, db: Db = getDb()) {
  const all = db
    .select({ id: events.id, slug: events.slug, title: events.title, status: events.status, startsAt: events.startsAt })
    .from(events)
    .all()
    .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime());
  return all.filter((e) => canWriteNotesFor(viewer, e, db)).map(({ id, slug, title }) => ({ id, slug, title }));
}

/** The event a new note is for, with its sessions and board topics to link to. */
export function prepareNewNote(eventSlug: string, viewer: Actor, db: Db = getDb()) {
  const event = db.select().from(events).where(eq(events.slug, eventSlug)).get();
  if (!event || (event.status === "draft" && !isOrganiserOf(viewer, event.id))) {
    throw notFound("No event has this address.");
  }
  if (!canWriteNotesFor(viewer, event, db)) {
    throw forbidden("Only attendees, partner members and organisers of this event write its notes.");
  }
  const sessions = db
    .select({ id: scheduleSessions.id, title: scheduleSessions.title })
    .from(scheduleSessions)
    .where(and(eq(scheduleSessions.eventId, event.id), notInArray(scheduleSessions.status, ["withdrawn", "declined", "merged"])))
    .orderBy(asc(scheduleSessions.title))
    .all();
  const boardTopics = db
    .select({ id: topics.id, title: topics.title })
    .from(topics)
    .innerJoin(boards, eq(boards.id, topics.boardId))
    .where(and(eq(boards.eventId, event.id), notInArray(topics.status, ["withdrawn", "merged"])))
    .orderBy(asc(topics.title))
    .all();
  return { event, sessions, topics: boardTopics };
}

/** Turns co-author e-mails into user ids; an unknown address is a field error. */
function resolveCoAuthors(emailsText: string | undefined, db: Db): number[] {
  const emails = [...new Set(splitList(emailsText))];
  if (emails.length === 0) return [];
  if (emails.length > 20) throw invalid("Too many co-authors.", { coAuthorEmails: ["At most 20 co-authors."] });
  const rows = db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails)).all();
  const missing = emails.filter((e) => !rows.some((r) => r.email === e));
  if (missing.length) {
    throw invalid("Unknown co-author.", {
      coAuthorEmails: [`No account for ${missing.join(", ")}. Co-authors need an account first.`],
    });
  }
  return rows.map((r) => r.id);
}

export function createNoteForUser(input: NoteCreateInput, author: Actor, db: Db = getDb()): Note {
  const { event, sessions, topics } = prepareNewNote(input.event, author, db);
  if (input.sessionId && !sessions.some((s) => s.id === input.sessionId)) {
    throw invalid("Unknown session.", { sessionId: ["Choose a session of this event."] });
  }
  if (input.topicId && !topics.some((t) => t.id === input.topicId)) {
    throw invalid("Unknown topic.", { topicId: ["Choose a topic of this event's boards."] });
  }
  const coAuthorIds = resolveCoAuthors(input.coAuthorEmails, db);
  return writeTransaction(db, (tx) =>
    createNote(
      {
        eventId: event.id,
        title: input.title,
        body: input.body,
        visibility: input.visibility,
        tags: splitTags(input.tags),
        sessionId: input.sessionId ?? null,
        topicId: input.topicId ?? null,
        authorIds: [author.id, ...coAuthorIds.filter((id) => id !== author.id)],
      },
      tx,
    ),
  );
}

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

export function currentAuthorEmails(noteId: number, db: Db = getDb()) {
  return db
    .select({ email: users.email })
    .from(noteAuthors)
    .innerJoin(users, eq(users.id, noteAuthors.userId))
    .where(eq(noteAuthors.noteId, noteId))
    .all()
    .map((r) => r.email)
    .filter((e): e is string => Boolean(e));
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
