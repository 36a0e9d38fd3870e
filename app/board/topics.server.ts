// Topics on a board: proposed by participants while collecting (a repeat within seconds
// is the same topic), edited or withdrawn by their authors, removed or merged (a
// duplicate folded into another) by facilitators.
import { and, eq, gt, sql } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import { topics, votes, type Topic } from "#db/schema";
import type { Actor } from "~/accounts/actor";
import { auditBoard, loadBoard, loadTopicOnBoard, requireBoardParticipant, requireFacilitator, requirePhase } from "~/board/access.server";
import { publishBoardChange } from "~/board/live-channel.server";
import { conflict, forbidden, invalid } from "~/utils/errors.server";

/**
 * How long the same proposal again (same author, board and title) counts as a repeat of
 * the first: a double tap, or a post retried on a slow network, is one topic.
 */
export const REPEAT_PROPOSAL_WINDOW_MS = 10_000;

/** A title as people tell titles apart: trimmed, case-insensitive, whitespace collapsed. */
const sameTitleKey = (title: string) => title.trim().replace(/\s+/g, " ").toLocaleLowerCase();

/** The author's open topic on this board with the same title, proposed within the window. */
function repeatedProposal(db: Db, boardId: number, authorId: number, title: string, now: Date) {
  const key = sameTitleKey(title);
  return db
    .select()
    .from(topics)
    .where(
      and(
        eq(topics.boardId, boardId),
        eq(topics.authorId, authorId),
        eq(topics.status, "open"),
        gt(topics.createdAt, new Date(now.getTime() - REPEAT_PROPOSAL_WINDOW_MS)),
      ),
    )
    .all()
    .find((topic) => sameTitleKey(topic.title) === key);
}

/**
 * A participant's new topic while collecting. Proposing the same title again within
 * REPEAT_PROPOSAL_WINDOW_MS returns the first topic, unchanged and unannounced; checked
 * inside the write transaction, so parallel requests (and processes) make one topic.
 */
export function proposeTopic(boardId: number, actor: Actor, input: { title: string; description?: string }, now = new Date()): Topic {
  const db = getDb();
  const { topic, repeated } = writeTransaction(db, () => {
    const { board, event } = loadBoard(db, boardId);
    requireBoardParticipant(actor, event);
    requirePhase(board, "collect");
    const earlier = repeatedProposal(db, board.id, actor.id, input.title, now);
    if (earlier) return { topic: earlier, repeated: true };
    const created = db
      .insert(topics)
      .values({ boardId: board.id, title: input.title, description: input.description ?? "", authorId: actor.id, createdAt: now })
      .returning()
      .get();
    return { topic: created, repeated: false };
  });
  if (!repeated) publishBoardChange(boardId, "topic", { topicId: topic.id });
  return topic;
}

export function editTopic(boardId: number, topicId: number, actor: Actor, input: { title: string; description?: string }) {
  const db = getDb();
  writeTransaction(db, () => {
    const { board, event } = loadBoard(db, boardId);
    requireBoardParticipant(actor, event);
    const topic = loadTopicOnBoard(db, board, topicId);
    if (topic.authorId !== actor.id) throw forbidden("Only the author can edit this topic.");
    requirePhase(board, "collect");
    if (topic.status !== "open") throw conflict("This topic can no longer be edited.");
    db.update(topics)
      .set({ title: input.title, description: input.description ?? "" })
      .where(eq(topics.id, topic.id))
      .run();
  });
  publishBoardChange(boardId, "topic", { topicId });
}

/**
 * Authors withdraw their own topics while collecting (DESIGN §2); facilitators remove any open
 * one while collecting or voting, their own during voting too, as an audited removal.
 */
export function withdrawTopic(boardId: number, topicId: number, actor: Actor) {
  const db = getDb();
  writeTransaction(db, () => {
    const { board, event } = loadBoard(db, boardId);
    const role = requireBoardParticipant(actor, event);
    const topic = loadTopicOnBoard(db, board, topicId);
    const withdrawal = topic.authorId === actor.id && board.phase === "collect";
    if (!withdrawal) {
      if (role !== "facilitator") {
        if (topic.authorId !== actor.id) throw forbidden("You can only withdraw your own topics.");
        throw conflict("Topics can be withdrawn only while they are being collected.");
      }
      requirePhase(board, "collect", "vote");
    }
    if (topic.status !== "open") throw conflict("This topic can no longer be withdrawn.");
    db.update(topics).set({ status: "withdrawn" }).where(eq(topics.id, topic.id)).run();
    // Dots on a withdrawn topic go back to their owners.
    db.delete(votes).where(eq(votes.topicId, topic.id)).run();
    if (!withdrawal) auditBoard(db, actor, event, "board.topic.remove", "topic", topic.id, { title: topic.title });
  });
  publishBoardChange(boardId, "topic", { topicId });
}

/** Folds a duplicate into another topic; its dots move along and budgets still hold. */
export function mergeTopics(boardId: number, sourceId: number, targetId: number, actor: Actor) {
  if (sourceId === targetId) throw invalid("Choose two different topics.", { targetId: ["Choose a different topic to keep."] });
  const db = getDb();
  writeTransaction(db, () => {
    const { board, event } = loadBoard(db, boardId);
    requireFacilitator(actor, event);
    requirePhase(board, "collect", "vote");
    const source = loadTopicOnBoard(db, board, sourceId);
    const target = loadTopicOnBoard(db, board, targetId);
    if (source.status !== "open" || target.status !== "open") throw conflict("Only open topics can be merged.");
    db.update(votes).set({ topicId: target.id }).where(eq(votes.topicId, source.id)).run();
    if (!board.allowStacking) {
      // Without stacking a person may hold one dot per topic: refund the extra ones.
      db.run(sql`delete from ${votes} where ${votes.topicId} = ${target.id} and ${votes.id} not in
        (select min(${votes.id}) from ${votes} where ${votes.topicId} = ${target.id} group by ${votes.userId})`);
    }
    const line = `Merged: ${source.title}`;
    const description = [target.description, line].filter(Boolean).join("\n").slice(0, 2000);
    db.update(topics).set({ description }).where(eq(topics.id, target.id)).run();
    db.update(topics).set({ status: "merged", mergedIntoId: target.id }).where(eq(topics.id, source.id)).run();
    auditBoard(db, actor, event, "board.topic.merge", "topic", source.id, { into: target.id });
  });
  publishBoardChange(boardId, "merge", { topicId: targetId });
}
