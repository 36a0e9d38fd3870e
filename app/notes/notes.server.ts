// Notes: reading one with its trust signals, writing, editing with optimistic
// concurrency (every save is a revision), and verification by the event's organisers.
// Search lives in search.server.ts, history and diffs in revisions.server.ts.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "#db/client";
import { getDb, writeTransaction } from "#db/client";
import { events, noteAuthors, noteRevisions, notes, noteTags, users, type Event, type Note } from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import { isOrganiserOf } from "~/events/permissions.server";
import { createNote, normaliseTags } from "~/notes/create-note.server";
import { splitList, splitTags, type NoteCreateInput, type NoteEditInput } from "~/notes/note-schema";
import { prepare } from "~/notes/sql.server";
import { canViewNote, viewerScope, visibilitySql, type Viewer, type ViewerScope } from "~/notes/visibility.server";
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

type CardRow = {
  id: number;
  title: string;
  visibility: Note["visibility"];
  version: number;
  created_at: number;
  updated_at: number;
  event_id: number;
  event_slug: string;
  event_title: string;
  event_time_zone: string;
  event_series: string | null;
  session_id: number | null;
  session_title: string | null;
  topic_id: number | null;
  topic_title: string | null;
  official: number;
  verified_at: number | null;
  verified_version: number | null;
  verifier_name: string | null;
};

/** Trust signals for many notes at once (three queries, whatever the count), in `ids` order. */
export function loadNoteCards(ids: number[], db: Db = getDb()): NoteCard[] {
  if (ids.length === 0) return [];
  const list = JSON.stringify(ids);
  const rows = prepare(
      db,
      `SELECT n.id, n.title, n.visibility, n.version, n.created_at, n.updated_at,
              e.id AS event_id, e.slug AS event_slug, e.title AS event_title,
              e.time_zone AS event_time_zone, e.series AS event_series,
              s.id AS session_id, s.title AS session_title, t.id AS topic_id, t.title AS topic_title,
              CASE WHEN t.official_note_id = n.id OR s.official_note_id = n.id THEN 1 ELSE 0 END AS official,
              n.verified_at, n.verified_version, v.name AS verifier_name
         FROM notes n
         JOIN events e ON e.id = n.event_id
         LEFT JOIN schedule_sessions s ON s.id = n.session_id
         LEFT JOIN topics t ON t.id = n.topic_id
         LEFT JOIN users v ON v.id = n.verified_by_id
        WHERE n.id IN (SELECT value FROM json_each(?))`,
    )
    .all(list) as CardRow[];
  const authorRows = prepare(
      db,
      `SELECT na.note_id, u.id, u.name, o.name AS organisation
         FROM note_authors na
         JOIN users u ON u.id = na.user_id
         LEFT JOIN organisations o ON o.id = u.organisation_id
        WHERE na.note_id IN (SELECT value FROM json_each(?))
        ORDER BY na.note_id, (u.id = (SELECT created_by_id FROM notes WHERE id = na.note_id)) DESC, u.name`,
    )
    .all(list) as { note_id: number; id: number; name: string | null; organisation: string | null }[];
  const tagRows = prepare(
      db,`SELECT note_id, tag FROM note_tags WHERE note_id IN (SELECT value FROM json_each(?)) ORDER BY tag`)
    .all(list) as { note_id: number; tag: string }[];

  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const card: NoteCard = {
      id: r.id,
      title: r.title,
      visibility: r.visibility,
      version: r.version,
      createdAt: new Date(r.created_at),
      updatedAt: new Date(r.updated_at),
      event: { id: r.event_id, slug: r.event_slug, title: r.event_title, timeZone: r.event_time_zone, series: r.event_series },
      session: r.session_id ? { id: r.session_id, title: r.session_title ?? "" } : null,
      topic: r.topic_id ? { id: r.topic_id, title: r.topic_title ?? "" } : null,
      official: r.official === 1,
      authors: authorRows
        .filter((a) => a.note_id === id)
        // A deleted account keeps its authorship but loses its name and organisation.
        .map((a) => ({ id: a.id, name: a.name, organisation: a.name === null ? null : a.organisation })),
      tags: tagRows.filter((t) => t.note_id === id).map((t) => t.tag),
      verification:
        r.verified_at !== null && r.verified_version !== null
          ? {
              by: r.verifier_name,
              at: new Date(r.verified_at),
              version: r.verified_version,
              changedSince: r.version > r.verified_version,
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
  const visibility = visibilitySql(options.scope ?? viewerScope(viewer, db));
  const [column, table, target] =
    "topicId" in of ? (["topic_id", "topics", of.topicId] as const) : (["session_id", "schedule_sessions", of.sessionId] as const);
  return prepare(
    db,
    `SELECT n.id, n.title FROM notes n
      WHERE n.${column} = @target
        AND n.id IS NOT (SELECT official_note_id FROM ${table} WHERE id = @target)
        AND ${visibility.sql}
      ORDER BY n.created_at, n.id`,
  ).all({ target, ...visibility.params }) as { id: number; title: string }[];
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
  const sessions = prepare(
      db,
      `SELECT id, title FROM schedule_sessions WHERE event_id = ? AND status NOT IN ('withdrawn', 'declined', 'merged') ORDER BY title`,
    )
    .all(event.id) as { id: number; title: string }[];
  const topics = prepare(
      db,
      `SELECT t.id, t.title FROM topics t JOIN boards b ON b.id = t.board_id
        WHERE b.event_id = ? AND t.status NOT IN ('withdrawn', 'merged') ORDER BY t.title`,
    )
    .all(event.id) as { id: number; title: string }[];
  return { event, sessions, topics };
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
