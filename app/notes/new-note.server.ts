// Writing a new note from the note form: the events a person may write for, the sessions
// and topics it may be about, and the note itself (through createNote, in one transaction).
import { and, asc, eq, notInArray } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import { boards, events, scheduleSessions, topics, type Note } from "#db/schema";
import { isOrganiserOf } from "~/events/permissions.server";
import { resolveCoAuthors } from "~/notes/co-author-emails.server";
import { createNote } from "~/notes/create-note.server";
import { canWriteNotesFor } from "~/notes/note-access.server";
import { splitTags, type NoteCreateInput } from "~/notes/note-schema";
import type { Viewer } from "~/notes/visibility.server";
import { forbidden, invalid, notFound } from "~/utils/errors.server";

type Actor = NonNullable<Viewer>;

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
