// Dot voting: each participant casts up to the board's budget of dots on open topics
// (one per topic unless stacking is allowed) and may take them back while voting is open.
// The budget check and the write share one IMMEDIATE transaction; each vote is published
// to the board's live channel right after its commit.
import { and, count, desc, eq, sql } from "drizzle-orm";
import { getDb, prepared, writeTransaction, type Db } from "#db/client";
import { boards, topics, votes } from "#db/schema";
import type { Actor } from "~/accounts/actor";
import { requireBoardParticipant, requirePhase, talliesArePublic } from "~/board/access.server";
import { boardChannel, publishBoardChange } from "~/board/live-channel.server";
import type { DotVoteResult } from "~/board/vote-results";
import { getPubSub } from "~/live/pubsub.server";
import { conflict, notFound } from "~/utils/errors.server";

/** A client-chosen token echoed in the vote's frame so the voter's page recognises its own vote. */
const REF = /^[\w-]{1,40}$/;

/**
 * How long "votes changed" frames are gathered while tallies are hidden: one frame per
 * board and window, whatever the number of dots cast or taken back in it.
 */
export const HIDDEN_VOTES_WINDOW_MS = 200;

function publishDotVote(
  boardId: number,
  topicId: number,
  state: { votes: number; myVotes: number; dotsLeft: number; public: boolean; seesTallies: boolean },
  ref?: string,
): DotVoteResult {
  let live: string;
  if (state.public) {
    // Public tallies: the topic's new tally, applied in place by every open page.
    live = publishBoardChange(boardId, "vote", { topicId, votes: state.votes, ...(ref && REF.test(ref) ? { ref } : {}) }).id;
  } else {
    // Hidden tallies: a frame per vote, even without a count, would tell the count (count
    // the frames per topic). So no topic, no ref, and one frame per board and window; the
    // voter's reply carries that frame's id (see ADR 016).
    live = getPubSub().publishCoalesced(boardChannel(boardId), "board", { kind: "votes", boardId, at: Date.now() }, HIDDEN_VOTES_WINDOW_MS);
  }
  return { topicId, votes: state.seesTallies ? state.votes : null, myVotes: state.myVotes, dotsLeft: state.dotsLeft, live };
}

// The dot vote is the app's hottest write (a whole room votes within a minute), so its
// statements are built once per connection and select only the columns the rules need
// (mapping whole board/event rows cost several times more than SQLite's own work). The
// rules and their order are those of the other board functions (404 board, 403 role,
// 404 topic, 409 phase / topic / budget).
const voteStatements = (db: Db) =>
  prepared(db, "board.voteStatements", () => ({
    board: db
      .select({
        eventId: boards.eventId,
        phase: boards.phase,
        votesPerPerson: boards.votesPerPerson,
        allowStacking: boards.allowStacking,
        hideTallies: boards.hideTallies,
      })
      .from(boards)
      .where(eq(boards.id, sql.placeholder("boardId")))
      .prepare(),
    topic: db
      .select({ boardId: topics.boardId, status: topics.status })
      .from(topics)
      .where(eq(topics.id, sql.placeholder("topicId")))
      .prepare(),
    // The dots that count against the budget: those on topics still open for votes. Dots
    // on topics already discussed are spent, so a facilitator who reopens voting for the
    // remaining topics gives everyone their budget again for those.
    dotsOfVoter: db
      .select({ topicId: votes.topicId })
      .from(votes)
      .innerJoin(topics, eq(topics.id, votes.topicId))
      .where(and(eq(votes.boardId, sql.placeholder("boardId")), eq(votes.userId, sql.placeholder("userId")), eq(topics.status, "open")))
      .prepare(),
    insert: db
      .insert(votes)
      .values({
        boardId: sql.placeholder("boardId"),
        topicId: sql.placeholder("topicId"),
        userId: sql.placeholder("userId"),
        createdAt: sql.placeholder("createdAt"),
      })
      .prepare(),
    lastDotOnTopic: db
      .select({ id: votes.id })
      .from(votes)
      .where(and(eq(votes.topicId, sql.placeholder("topicId")), eq(votes.userId, sql.placeholder("userId"))))
      .orderBy(desc(votes.id))
      .limit(1)
      .prepare(),
    remove: db
      .delete(votes)
      .where(eq(votes.id, sql.placeholder("id")))
      .prepare(),
    topicTally: db
      .select({ n: count() })
      .from(votes)
      .where(eq(votes.topicId, sql.placeholder("topicId")))
      .prepare(),
  }));

/**
 * Options of a dot vote: `ref` is echoed in its frame; `eventId`, when the caller addressed
 * the board through an event (the dot endpoint's URL), must be the board's event (else 404).
 */
export type DotVoteOptions = { ref?: string; eventId?: number };

/** The board, the voter's role and the topic of a dot vote, checked in the board's usual order. */
function loadVoteTarget(db: Db, boardId: number, topicId: number, actor: Actor, options: DotVoteOptions, closedTopic: string) {
  const q = voteStatements(db);
  const board = q.board.get({ boardId });
  if (!board) throw notFound("No board has this address.");
  if (options.eventId !== undefined && board.eventId !== options.eventId) throw notFound("This event has no such board.");
  const role = requireBoardParticipant(actor, { id: board.eventId });
  const topic = q.topic.get({ topicId });
  if (!topic || topic.boardId !== boardId) throw notFound("There is no such topic on this board.");
  requirePhase(board, "vote");
  if (topic.status !== "open") throw conflict(closedTopic);
  const isPublic = talliesArePublic(board);
  return { q, board, public: isPublic, seesTallies: isPublic || role === "facilitator" };
}

/** Casts one dot. The budget check and the insert share one IMMEDIATE transaction. */
export function castVote(boardId: number, topicId: number, actor: Actor, options: DotVoteOptions = {}): DotVoteResult {
  const db = getDb();
  const result = writeTransaction(db, () => {
    const { q, board, ...visibility } = loadVoteTarget(db, boardId, topicId, actor, options, "This topic is not open for votes.");
    const mine = q.dotsOfVoter.all({ boardId, userId: actor.id });
    if (mine.length >= board.votesPerPerson) {
      throw conflict(`You have used all ${board.votesPerPerson} of your dots. Take one back to vote again.`);
    }
    let onTopic = 0;
    for (const dot of mine) if (dot.topicId === topicId) onTopic++;
    if (!board.allowStacking && onTopic > 0) throw conflict("This board allows one dot per topic.");
    q.insert.run({ boardId, topicId, userId: actor.id, createdAt: new Date() });
    return {
      votes: q.topicTally.get({ topicId })?.n ?? 0,
      myVotes: onTopic + 1,
      dotsLeft: board.votesPerPerson - mine.length - 1,
      ...visibility,
    };
  });
  // Published right after the commit, with no await in between: frames follow commit order.
  return publishDotVote(boardId, topicId, result, options.ref);
}

/** Takes back one of the actor's dots from a topic. */
export function retractVote(boardId: number, topicId: number, actor: Actor, options: DotVoteOptions = {}): DotVoteResult {
  const db = getDb();
  const result = writeTransaction(db, () => {
    const { q, board, ...visibility } = loadVoteTarget(
      db,
      boardId,
      topicId,
      actor,
      options,
      "This topic is not open for votes: its dots are spent.",
    );
    const dot = q.lastDotOnTopic.get({ topicId, userId: actor.id });
    if (!dot) throw conflict("You have no dot on this topic.");
    q.remove.run({ id: dot.id });
    const mine = q.dotsOfVoter.all({ boardId, userId: actor.id });
    let onTopic = 0;
    for (const dot of mine) if (dot.topicId === topicId) onTopic++;
    return {
      votes: q.topicTally.get({ topicId })?.n ?? 0,
      myVotes: onTopic,
      dotsLeft: Math.max(0, board.votesPerPerson - mine.length),
      ...visibility,
    };
  });
  return publishDotVote(boardId, topicId, result, options.ref);
}
