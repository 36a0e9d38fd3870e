// Dot voting: each participant casts up to the board's budget of dots on open topics
// (one per topic unless stacking is allowed) and may take them back while voting is open.
// The budget check and the write share one IMMEDIATE transaction; each vote is published
// to the board's live channel right after its commit.
import { getDb, prepared, writeTransaction, type Db } from "#db/client";
import type { BoardPhase, Topic } from "#db/schema";
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
// reads and writes are plain better-sqlite3 statements that return only the columns the
// rules need: building a Drizzle query and mapping whole board/event rows cost several
// times more than SQLite's own work. The rules and their order are those of the other
// board functions (404 board, 403 role, 404 topic, 409 phase / topic / budget).
type VoteBoard = { eventId: number; phase: BoardPhase; votesPerPerson: number; allowStacking: number; hideTallies: number };
type VoteTopic = { boardId: number; status: Topic["status"] };

const voteStatements = (db: Db) =>
  prepared(db, "board.voteStatements", () => {
    const sqlite = db.$client;
    return {
      board: sqlite.prepare<[number], VoteBoard>(
        "SELECT event_id AS eventId, phase, votes_per_person AS votesPerPerson, allow_stacking AS allowStacking, hide_tallies AS hideTallies FROM boards WHERE id = ?",
      ),
      topic: sqlite.prepare<[number], VoteTopic>("SELECT board_id AS boardId, status FROM topics WHERE id = ?"),
      // The dots that count against the budget: those on topics still open for votes. Dots
      // on topics already discussed are spent, so a facilitator who reopens voting for the
      // remaining topics gives everyone their budget again for those.
      dotsOfVoter: sqlite
        .prepare<[number, number], number>(
          "SELECT v.topic_id FROM votes v JOIN topics t ON t.id = v.topic_id WHERE v.board_id = ? AND v.user_id = ? AND t.status = 'open'",
        )
        .pluck(),
      insert: sqlite.prepare<[number, number, number, number]>(
        "INSERT INTO votes (board_id, topic_id, user_id, created_at) VALUES (?, ?, ?, ?)",
      ),
      lastDotOnTopic: sqlite
        .prepare<[number, number], number>("SELECT id FROM votes WHERE topic_id = ? AND user_id = ? ORDER BY id DESC LIMIT 1")
        .pluck(),
      remove: sqlite.prepare<[number]>("DELETE FROM votes WHERE id = ?"),
      topicTally: sqlite.prepare<[number], number>("SELECT count(*) FROM votes WHERE topic_id = ?").pluck(),
    };
  });

/**
 * Options of a dot vote: `ref` is echoed in its frame; `eventId`, when the caller addressed
 * the board through an event (the dot endpoint's URL), must be the board's event (else 404).
 */
export type DotVoteOptions = { ref?: string; eventId?: number };

/** The board, the voter's role and the topic of a dot vote, checked in the board's usual order. */
function loadVoteTarget(db: Db, boardId: number, topicId: number, actor: Actor, options: DotVoteOptions, closedTopic: string) {
  const q = voteStatements(db);
  const board = q.board.get(boardId);
  if (!board) throw notFound("No board has this address.");
  if (options.eventId !== undefined && board.eventId !== options.eventId) throw notFound("This event has no such board.");
  const role = requireBoardParticipant(actor, { id: board.eventId });
  const topic = q.topic.get(topicId);
  if (!topic || topic.boardId !== boardId) throw notFound("There is no such topic on this board.");
  requirePhase(board, "vote");
  if (topic.status !== "open") throw conflict(closedTopic);
  const tallies = { hideTallies: Boolean(board.hideTallies), phase: board.phase };
  return { q, board, public: talliesArePublic(tallies), seesTallies: talliesArePublic(tallies) || role === "facilitator" };
}

/** Casts one dot. The budget check and the insert share one IMMEDIATE transaction. */
export function castVote(boardId: number, topicId: number, actor: Actor, options: DotVoteOptions = {}): DotVoteResult {
  const db = getDb();
  const result = writeTransaction(db, () => {
    const { q, board, ...visibility } = loadVoteTarget(db, boardId, topicId, actor, options, "This topic is not open for votes.");
    const mine = q.dotsOfVoter.all(boardId, actor.id);
    if (mine.length >= board.votesPerPerson) {
      throw conflict(`You have used all ${board.votesPerPerson} of your dots. Take one back to vote again.`);
    }
    let onTopic = 0;
    for (const id of mine) if (id === topicId) onTopic++;
    if (!board.allowStacking && onTopic > 0) throw conflict("This board allows one dot per topic.");
    q.insert.run(boardId, topicId, actor.id, Date.now());
    return {
      votes: q.topicTally.get(topicId) ?? 0,
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
    const dot = q.lastDotOnTopic.get(topicId, actor.id);
    if (dot === undefined) throw conflict("You have no dot on this topic.");
    q.remove.run(dot);
    const mine = q.dotsOfVoter.all(boardId, actor.id);
    let onTopic = 0;
    for (const id of mine) if (id === topicId) onTopic++;
    return {
      votes: q.topicTally.get(topicId) ?? 0,
      myVotes: onTopic,
      dotsLeft: Math.max(0, board.votesPerPerson - mine.length),
      ...visibility,
    };
  });
  return publishDotVote(boardId, topicId, result, options.ref);
}
