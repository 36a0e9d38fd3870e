// The time-boxed discussion: a facilitator starts a topic (the time-box is stored as an
// end time, so every screen shows the same countdown), may end it early or extend it,
// and finishes it; when the time-box runs out participants cast a Roman vote (continue,
// neutral, move on), one per person and round.
import { and, count, eq, sql } from "drizzle-orm";
import { getDb, prepared, writeTransaction, type Db } from "#db/client";
import { romanVotes, topics } from "#db/schema";
import type { Actor } from "~/accounts/actor";
import {
  auditBoard,
  loadBoard,
  loadDiscussing,
  loadTopicOnBoard,
  requireBoardParticipant,
  requireFacilitator,
  requirePhase,
  topicUnderDiscussion,
} from "~/board/access.server";
import { publishBoardChange } from "~/board/live-channel.server";
import { writeTakeaways, type TakeawaysInput } from "~/board/takeaways.server";
import type { RomanCounts } from "~/board/vote-results";
import { conflict } from "~/utils/errors.server";

/** Starts the time-box: stored as an end time, so every screen shows the same countdown. */
export function startTopic(boardId: number, topicId: number, actor: Actor, now = new Date()) {
  const db = getDb();
  writeTransaction(db, () => {
    const { board, event } = loadBoard(db, boardId);
    requireFacilitator(actor, event);
    const topic = loadTopicOnBoard(db, board, topicId);
    requirePhase(board, "discuss");
    const running = topicUnderDiscussion(db, board.id);
    if (running) throw conflict(`“${running.title}” is still being discussed. Finish it first.`);
    if (topic.status !== "open") throw conflict("This topic cannot be started.");
    db.update(topics)
      .set({
        status: "discussing",
        discussionStartedAt: now,
        timerEndsAt: new Date(now.getTime() + board.timeboxSeconds * 1000),
        extensions: 0,
      })
      .where(eq(topics.id, topic.id))
      .run();
    auditBoard(db, actor, event, "board.topic.start", "topic", topic.id);
  });
  publishBoardChange(boardId, "discussion", { topicId });
}

/** Ends the time-box now, so the Roman vote opens early. */
export function endTimebox(boardId: number, topicId: number, actor: Actor, now = new Date()) {
  const db = getDb();
  writeTransaction(db, () => {
    const { board, event } = loadBoard(db, boardId);
    requireFacilitator(actor, event);
    const topic = loadDiscussing(db, board, topicId);
    if (topic.timerEndsAt && topic.timerEndsAt <= now) return;
    db.update(topics).set({ timerEndsAt: now }).where(eq(topics.id, topic.id)).run();
    auditBoard(db, actor, event, "board.topic.end-timebox", "topic", topic.id);
  });
  publishBoardChange(boardId, "discussion", { topicId });
}

/** Adds the board's extension; the Roman vote starts a new round. */
export function extendTopic(boardId: number, topicId: number, actor: Actor, now = new Date()) {
  const db = getDb();
  writeTransaction(db, () => {
    const { board, event } = loadBoard(db, boardId);
    requireFacilitator(actor, event);
    const topic = loadDiscussing(db, board, topicId);
    const from = Math.max(now.getTime(), topic.timerEndsAt?.getTime() ?? 0);
    db.update(topics)
      .set({ timerEndsAt: new Date(from + board.extensionSeconds * 1000), extensions: topic.extensions + 1 })
      .where(eq(topics.id, topic.id))
      .run();
    auditBoard(db, actor, event, "board.topic.extend", "topic", topic.id, { round: topic.extensions + 1 });
  });
  publishBoardChange(boardId, "discussion", { topicId });
}

/** Ends the discussion of a topic, records the time spent and (optionally) its takeaways. */
export function finishTopic(boardId: number, topicId: number, actor: Actor, input: Partial<TakeawaysInput> = {}, now = new Date()) {
  const db = getDb();
  const note = writeTransaction(db, () => {
    const { board, event } = loadBoard(db, boardId);
    requireFacilitator(actor, event);
    const topic = loadDiscussing(db, board, topicId);
    const started = topic.discussionStartedAt?.getTime() ?? now.getTime();
    db.update(topics)
      .set({
        status: "discussed",
        finishedAt: now,
        timerEndsAt: null,
        discussedSeconds: Math.max(0, Math.round((now.getTime() - started) / 1000)),
      })
      .where(eq(topics.id, topic.id))
      .run();
    auditBoard(db, actor, event, "board.topic.finish", "topic", topic.id);
    return input.takeaways?.trim()
      ? writeTakeaways(db, event, topic, actor, { takeaways: input.takeaways, visibility: input.visibility })
      : null;
  });
  publishBoardChange(boardId, "discussion", { topicId });
  return note;
}

/** One Roman vote per person and round; voting again changes it. Opens when the time-box runs out. */
export function castRomanVote(boardId: number, topicId: number, actor: Actor, value: "continue" | "neutral" | "move_on", now = new Date()) {
  const db = getDb();
  const tally = writeTransaction(db, () => {
    const { board, event } = loadBoard(db, boardId);
    requireBoardParticipant(actor, event);
    const topic = loadDiscussing(db, board, topicId);
    if (topic.timerEndsAt && topic.timerEndsAt > now) throw conflict("The Roman vote opens when the time-box runs out.");
    db.insert(romanVotes)
      .values({ topicId: topic.id, round: topic.extensions, userId: actor.id, value })
      .onConflictDoUpdate({ target: [romanVotes.topicId, romanVotes.round, romanVotes.userId], set: { value, createdAt: now } })
      .run();
    return romanTally(db, topic.id, topic.extensions);
  });
  // The round's counts are shown to every viewer of the board, so the frame carries them.
  publishBoardChange(boardId, "roman", { topicId, roman: tally });
}

// Read with every board snapshot and Roman vote, so built once per connection.
const romanQueries = (db: Db) =>
  prepared(db, "board.roman", () => ({
    counts: db
      .select({ value: romanVotes.value, n: count() })
      .from(romanVotes)
      .where(and(eq(romanVotes.topicId, sql.placeholder("topicId")), eq(romanVotes.round, sql.placeholder("round"))))
      .groupBy(romanVotes.value)
      .prepare(),
    mine: db
      .select({ value: romanVotes.value })
      .from(romanVotes)
      .where(
        and(
          eq(romanVotes.topicId, sql.placeholder("topicId")),
          eq(romanVotes.round, sql.placeholder("round")),
          eq(romanVotes.userId, sql.placeholder("userId")),
        ),
      )
      .prepare(),
  }));

/** The counts of a topic's Roman vote in one round. */
export function romanTally(db: Db, topicId: number, round: number): RomanCounts {
  const counts: RomanCounts = { round, continue: 0, neutral: 0, move_on: 0 };
  for (const r of romanQueries(db).counts.all({ topicId, round })) counts[r.value] = r.n;
  return counts;
}

/** The viewer's own Roman vote in a round, or null. */
export function myRomanVote(db: Db, topicId: number, round: number, userId: number) {
  return romanQueries(db).mine.get({ topicId, round, userId })?.value ?? null;
}
