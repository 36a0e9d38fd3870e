// A person with something in every table the export and the erasure cover, made with
// plain inserts (and createNote) on the test file's database.
import { getDb } from "#db/client";
import {
  boards,
  noteRevisions,
  registrations,
  romanVotes,
  scheduleSessions,
  sessionHosts,
  stars,
  topics,
  votes,
  type Event,
} from "#db/schema";
import { createNote } from "~/notes/create-note.server";
import { PRIVACY_NOTICE_VERSION } from "~/privacy/notice";

export function register(
  eventId: number,
  userId: number,
  status: "confirmed" | "waitlisted" | "pending" | "cancelled" = "confirmed",
  queuedAt = new Date(),
) {
  return getDb()
    .insert(registrations)
    .values({
      eventId,
      userId,
      status,
      queuedAt,
      jobRole: "Staff engineer",
      topics: "Feature flags, on-call",
      dietary: "Vegetarian",
      accessibility: "Step-free access",
      consentVersion: PRIVACY_NOTICE_VERSION,
      consentAt: new Date(),
    })
    .returning()
    .get();
}

/** Topic, votes, roman vote, session (proposed + hosted), star, note + a second revision. */
export function contribute(event: Event, userId: number) {
  const db = getDb();
  const board = db.insert(boards).values({ eventId: event.id, title: "Morning board" }).returning().get();
  const topic = db.insert(topics).values({ boardId: board.id, title: "Flaky tests", authorId: userId }).returning().get();
  db.insert(votes).values({ boardId: board.id, topicId: topic.id, userId }).run();
  db.insert(votes).values({ boardId: board.id, topicId: topic.id, userId }).run();
  db.insert(romanVotes).values({ topicId: topic.id, round: 0, userId, value: "continue" }).run();
  const session = db
    .insert(scheduleSessions)
    .values({ eventId: event.id, title: "Testing in production", format: "talk", proposedById: userId })
    .returning()
    .get();
  db.insert(sessionHosts).values({ sessionId: session.id, userId }).run();
  db.insert(stars).values({ sessionId: session.id, userId }).run();
  const note = createNote({ eventId: event.id, title: "Takeaways", body: "We *learned* things.", authorIds: [userId], tags: ["testing"] });
  db.insert(noteRevisions).values({ noteId: note.id, version: 2, title: "Takeaways", body: "We learned more.", editedById: userId }).run();
  return { board, topic, session, note };
}
