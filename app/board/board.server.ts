// The Lean Coffee board: boards and their settings, phases, topics, dot votes with a
// budget, the time-boxed discussion with Roman votes, takeaways (written as notes) and
// carrying topics over. Rules live here; routes only parse input and call these.
// Every read-check-write runs in writeTransaction (BEGIN IMMEDIATE) so concurrent
// requests serialise; every change is published to the board's live channel.
import { and, asc, count, eq, inArray, ne, sql } from "drizzle-orm";
import { getDb, prepared, writeTransaction, type Db } from "#db/client";
import {
  boards,
  events,
  romanVotes,
  topics,
  users,
  votes,
  type Board,
  type BoardPhase,
  type Event,
  type Topic,
} from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import type { BoardSettingsInput } from "~/board/board-schema";
import { isOrganiserOf } from "~/events/permissions.server";
import { getPubSub } from "~/live/pubsub.server";
import { createNote } from "~/notes/create-note.server";
import { isGuestOf } from "~/guests/guests.server";
import { isConfirmedAttendee } from "~/registration/attendance.server";
import { conflict, forbidden, invalid, notFound } from "~/utils/errors.server";

export type Actor = { id: number; isAdmin?: boolean; ip?: string | null };
export type BoardRole = "facilitator" | "participant" | "viewer";

// ---------------------------------------------------------------- roles and lookups

/** Facilitators are the event's organisers; participants its confirmed attendees and its guests (ADR 025). */
export function boardRole(user: Actor | null, eventId: number): BoardRole {
  if (!user) return "viewer";
  if (isOrganiserOf({ id: user.id, isAdmin: Boolean(user.isAdmin) }, eventId)) return "facilitator";
  if (isConfirmedAttendee(user.id, eventId) || isGuestOf(user.id, eventId)) return "participant";
  return "viewer";
}

export function boardChannel(boardId: number) {
  return `board:${boardId}`;
}

/**
 * Tells every open page of the board that something changed. Frames are public (anyone
 * who may see the board listens): `details` may only carry what every viewer may see,
 * e.g. a topic's new tally when tallies are not hidden. Pages apply such frames in place;
 * for the others they reload their data.
 */
export function publishBoardChange(boardId: number, kind: string, details: Record<string, unknown> = {}) {
  return getPubSub().publish(boardChannel(boardId), "board", { kind, boardId, at: Date.now(), ...details });
}

/** The board's live revision: the id of the newest frame on its channel. */
export function boardRevision(boardId: number) {
  return getPubSub().lastEventId(boardChannel(boardId));
}

/** Whether attendees (not only facilitators) see the dot tallies in the board's current phase. */
export function talliesArePublic(board: Pick<Board, "hideTallies" | "phase">) {
  return !board.hideTallies || board.phase === "discuss" || board.phase === "closed";
}

export function listBoards(eventId: number) {
  const db = getDb();
  return boardQueries(db).boardsOfEvent.all({ eventId });
}

export function getFirstBoard(eventId: number): Board | undefined {
  return listBoards(eventId)[0];
}

export function getBoard(boardId: number): Board | undefined {
  const db = getDb();
  return boardQueries(db).boardById.get({ boardId });
}

// The queries of every board view and vote, built once per connection (see `prepared`).
const boardQueries = (db: Db) =>
  prepared(db, "board.queries", () => ({
    boardsOfEvent: db
      .select()
      .from(boards)
      .where(eq(boards.eventId, sql.placeholder("eventId")))
      .orderBy(asc(boards.position), asc(boards.id))
      .prepare(),
    boardById: db.select().from(boards).where(eq(boards.id, sql.placeholder("boardId"))).prepare(),
    boardWithEvent: db
      .select({ board: boards, event: events })
      .from(boards)
      .innerJoin(events, eq(events.id, boards.eventId))
      .where(eq(boards.id, sql.placeholder("boardId")))
      .prepare(),
    topicsWithAuthor: db
      .select({ topic: topics, authorName: users.name })
      .from(topics)
      .leftJoin(users, eq(users.id, topics.authorId))
      .where(eq(topics.boardId, sql.placeholder("boardId")))
      .orderBy(asc(topics.createdAt), asc(topics.id))
      .prepare(),
    tally: db
      .select({ topicId: votes.topicId, n: count() })
      .from(votes)
      .where(eq(votes.boardId, sql.placeholder("boardId")))
      .groupBy(votes.topicId)
      .prepare(),
    myDots: db
      .select({ topicId: votes.topicId, n: count() })
      .from(votes)
      .where(and(eq(votes.boardId, sql.placeholder("boardId")), eq(votes.userId, sql.placeholder("userId"))))
      .groupBy(votes.topicId)
      .prepare(),
    topicById: db.select().from(topics).where(eq(topics.id, sql.placeholder("topicId"))).prepare(),
    romanCounts: db
      .select({ value: romanVotes.value, n: count() })
      .from(romanVotes)
      .where(and(eq(romanVotes.topicId, sql.placeholder("topicId")), eq(romanVotes.round, sql.placeholder("round"))))
      .groupBy(romanVotes.value)
      .prepare(),
    myRoman: db
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

function loadBoard(db: Db, boardId: number) {
  const row = boardQueries(db).boardWithEvent.get({ boardId });
  if (!row) throw notFound("No board has this address.");
  return row;
}

function loadTopicOnBoard(db: Db, board: Board, topicId: number): Topic {
  const topic = boardQueries(db).topicById.get({ topicId });
  if (!topic || topic.boardId !== board.id) throw notFound("There is no such topic on this board.");
  return topic;
}

function requireFacilitator(actor: Actor, event: Event) {
  if (boardRole(actor, event.id) !== "facilitator") {
    throw forbidden("Only the facilitators (organisers of this event) may do that.");
  }
}

function requireParticipant(actor: Actor, event: Pick<Event, "id">) {
  const role = boardRole(actor, event.id);
  if (role === "viewer") {
    throw forbidden("Only confirmed attendees of this event can take part on the board.");
  }
  return role;
}

function requirePhase(board: Pick<Board, "phase">, ...phases: BoardPhase[]) {
  if (!phases.includes(board.phase)) {
    const what: Record<BoardPhase, string> = {
      collect: "while topics are being collected",
      vote: "while voting is open",
      discuss: "during the discussion",
      closed: "after the board is closed",
    };
    throw conflict(`That is only possible ${phases.map((p) => what[p]).join(" or ")}.`);
  }
}

function audit(db: Db, actor: Actor, event: Event, action: string, targetType: string, targetId: number, details?: Record<string, unknown>) {
  recordAudit({ actorId: actor.id, eventId: event.id, action, targetType, targetId, ip: actor.ip ?? null, details }, db);
}

// ---------------------------------------------------------------- boards

export function createBoard(eventId: number, actor: Actor, title = "Lean Coffee"): Board {
  const db = getDb();
  const board = writeTransaction(db, () => {
    const event = db.select().from(events).where(eq(events.id, eventId)).get();
    if (!event) throw notFound("No event has this address.");
    requireFacilitator(actor, event);
    const position = db.select({ n: count() }).from(boards).where(eq(boards.eventId, eventId)).get()?.n ?? 0;
    const created = db.insert(boards).values({ eventId, title, position }).returning().get();
    audit(db, actor, event, "board.create", "board", created.id, { title });
    return created;
  });
  return board;
}

export function updateBoardSettings(boardId: number, input: Omit<BoardSettingsInput, "intent">, actor: Actor) {
  const db = getDb();
  writeTransaction(db, () => {
    const { board, event } = loadBoard(db, boardId);
    requireFacilitator(actor, event);
    if (input.votesPerPerson !== board.votesPerPerson && board.phase !== "collect") {
      const used = db
        .select({ n: sql<number>`max(c)` })
        .from(sql`(select count(*) as c from ${votes} where ${votes.boardId} = ${board.id} group by ${votes.userId})`)
        .get()?.n;
      if (used && used > input.votesPerPerson) {
        throw conflict("Someone has already used more dots than that.", {
          votesPerPerson: [`Someone has already cast ${used} dots; choose at least ${used}.`],
        });
      }
    }
    db.update(boards)
      .set({
        title: input.title,
        votesPerPerson: input.votesPerPerson,
        allowStacking: input.allowStacking,
        hideTallies: input.hideTallies,
        timeboxSeconds: input.timeboxMinutes * 60,
        extensionSeconds: input.extensionMinutes * 60,
        takeawaysBy: input.takeawaysBy,
      })
      .where(eq(boards.id, board.id))
      .run();
    audit(db, actor, event, "board.settings", "board", board.id, { ...input });
  });
  publishBoardChange(boardId, "settings");
}

export function setPhase(boardId: number, phase: BoardPhase, actor: Actor) {
  const db = getDb();
  writeTransaction(db, () => {
    const { board, event } = loadBoard(db, boardId);
    requireFacilitator(actor, event);
    if (board.phase === phase) return;
    const discussing = db
      .select({ id: topics.id })
      .from(topics)
      .where(and(eq(topics.boardId, board.id), eq(topics.status, "discussing")))
      .get();
    if (discussing) throw conflict("Finish the topic under discussion first.");
    db.update(boards).set({ phase }).where(eq(boards.id, board.id)).run();
    audit(db, actor, event, "board.phase", "board", board.id, { from: board.phase, to: phase });
  });
  publishBoardChange(boardId, "phase", { phase });
}

// ---------------------------------------------------------------- topics

export function proposeTopic(boardId: number, actor: Actor, input: { title: string; description?: string }): Topic {
  const db = getDb();
  const topic = writeTransaction(db, () => {
    const { board, event } = loadBoard(db, boardId);
    requireParticipant(actor, event);
    requirePhase(board, "collect");
    return db
      .insert(topics)
      .values({ boardId: board.id, title: input.title, description: input.description ?? "", authorId: actor.id })
      .returning()
      .get();
  });
  publishBoardChange(boardId, "topic", { topicId: topic.id });
  return topic;
}

export function editTopic(boardId: number, topicId: number, actor: Actor, input: { title: string; description?: string }) {
  const db = getDb();
  writeTransaction(db, () => {
    const { board, event } = loadBoard(db, boardId);
    requireParticipant(actor, event);
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

/** Authors withdraw their own topics while collecting; facilitators may remove any open one. */
export function withdrawTopic(boardId: number, topicId: number, actor: Actor) {
  const db = getDb();
  writeTransaction(db, () => {
    const { board, event } = loadBoard(db, boardId);
    const role = requireParticipant(actor, event);
    const topic = loadTopicOnBoard(db, board, topicId);
    const isAuthor = topic.authorId === actor.id;
    if (!isAuthor && role !== "facilitator") throw forbidden("You can only withdraw your own topics.");
    if (isAuthor && role !== "facilitator") requirePhase(board, "collect");
    else requirePhase(board, "collect", "vote");
    if (topic.status !== "open") throw conflict("This topic can no longer be withdrawn.");
    db.update(topics).set({ status: "withdrawn" }).where(eq(topics.id, topic.id)).run();
    // Dots on a withdrawn topic go back to their owners.
    db.delete(votes).where(eq(votes.topicId, topic.id)).run();
    if (!isAuthor) audit(db, actor, event, "board.topic.remove", "topic", topic.id, { title: topic.title });
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
    audit(db, actor, event, "board.topic.merge", "topic", source.id, { into: target.id });
  });
  publishBoardChange(boardId, "merge", { topicId: targetId });
}

// ---------------------------------------------------------------- dot voting

/**
 * The state after one's own dot vote, for the voter's page to show without reloading:
 * the topic's tally (null when hidden from the voter), the voter's dots on it, dots left,
 * and `live`, the id of the frame that announced it (the page's revision from then on).
 */
export type DotVoteResult = { topicId: number; votes: number | null; myVotes: number; dotsLeft: number; live: string };

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
      insert: sqlite.prepare<[number, number, number, number]>("INSERT INTO votes (board_id, topic_id, user_id, created_at) VALUES (?, ?, ?, ?)"),
      lastDotOnTopic: sqlite.prepare<[number, number], number>("SELECT id FROM votes WHERE topic_id = ? AND user_id = ? ORDER BY id DESC LIMIT 1").pluck(),
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
  const role = requireParticipant(actor, { id: board.eventId });
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
    const { q, board, ...visibility } = loadVoteTarget(db, boardId, topicId, actor, options, "This topic is not open for votes: its dots are spent.");
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

// ---------------------------------------------------------------- discussion

/** Starts the time-box: stored as an end time, so every screen shows the same countdown. */
export function startTopic(boardId: number, topicId: number, actor: Actor, now = new Date()) {
  const db = getDb();
  writeTransaction(db, () => {
    const { board, event } = loadBoard(db, boardId);
    requireFacilitator(actor, event);
    const topic = loadTopicOnBoard(db, board, topicId);
    requirePhase(board, "discuss");
    const running = db
      .select({ id: topics.id, title: topics.title })
      .from(topics)
      .where(and(eq(topics.boardId, board.id), eq(topics.status, "discussing")))
      .get();
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
    audit(db, actor, event, "board.topic.start", "topic", topic.id);
  });
  publishBoardChange(boardId, "discussion", { topicId });
}

function loadDiscussing(db: Db, board: Board, topicId: number) {
  const topic = loadTopicOnBoard(db, board, topicId);
  if (topic.status !== "discussing") throw conflict("This topic is not under discussion.");
  return topic;
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
    audit(db, actor, event, "board.topic.end-timebox", "topic", topic.id);
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
    audit(db, actor, event, "board.topic.extend", "topic", topic.id, { round: topic.extensions + 1 });
  });
  publishBoardChange(boardId, "discussion", { topicId });
}

/** One Roman vote per person and round; voting again changes it. Opens when the time-box runs out. */
export function castRomanVote(boardId: number, topicId: number, actor: Actor, value: "continue" | "neutral" | "move_on", now = new Date()) {
  const db = getDb();
  const tally = writeTransaction(db, () => {
    const { board, event } = loadBoard(db, boardId);
    requireParticipant(actor, event);
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

export type RomanCounts = { round: number; continue: number; neutral: number; move_on: number };

function romanTally(db: Db, topicId: number, round: number): RomanCounts {
  const counts: RomanCounts = { round, continue: 0, neutral: 0, move_on: 0 };
  for (const r of boardQueries(db).romanCounts.all({ topicId, round })) counts[r.value] = r.n;
  return counts;
}

function canRecordTakeaways(board: Board, role: BoardRole) {
  return role === "facilitator" || (role === "participant" && board.takeawaysBy === "anyone");
}

type TakeawaysInput = { takeaways: string; visibility?: "public" | "attendees" | "partners" };

/**
 * Writes a topic's official takeaways (topics.official_note_id): only here, by whoever
 * canRecordTakeaways allows; the first recorded stay official and are edited as a note
 * from then on. Notes written in the archive about the topic are related notes (ADR 016).
 */
function writeTakeaways(db: Db, board: Board, event: Event, topic: Topic, actor: Actor, input: TakeawaysInput) {
  if (topic.officialNoteId !== null) {
    throw conflict("Takeaways for this topic are already in the archive; edit that note instead.", {
      takeaways: ["Takeaways for this topic are already in the archive; edit that note instead."],
    });
  }
  const note = createNote(
    {
      eventId: event.id,
      topicId: topic.id,
      title: `Takeaways: ${topic.title}`,
      body: input.takeaways,
      authorIds: [actor.id],
      visibility: input.visibility ?? "attendees",
      tags: ["lean-coffee", "takeaways"],
    },
    db,
  );
  db.update(topics).set({ officialNoteId: note.id }).where(eq(topics.id, topic.id)).run();
  return note;
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
    audit(db, actor, event, "board.topic.finish", "topic", topic.id);
    return input.takeaways?.trim()
      ? writeTakeaways(db, board, event, topic, actor, { takeaways: input.takeaways, visibility: input.visibility })
      : null;
  });
  publishBoardChange(boardId, "discussion", { topicId });
  return note;
}

/** Takeaways for a discussed topic, by a facilitator or (if the board allows) any participant. */
export function recordTakeaways(boardId: number, topicId: number, actor: Actor, input: TakeawaysInput) {
  const db = getDb();
  const note = writeTransaction(db, () => {
    const { board, event } = loadBoard(db, boardId);
    const role = requireParticipant(actor, event);
    if (!canRecordTakeaways(board, role)) throw forbidden("On this board only the facilitators record takeaways.");
    const topic = loadTopicOnBoard(db, board, topicId);
    if (topic.status !== "discussed") throw conflict("Takeaways are recorded once a topic has been discussed.");
    return writeTakeaways(db, board, event, topic, actor, input);
  });
  publishBoardChange(boardId, "takeaways", { topicId, noteId: note.id });
  return note;
}

// ---------------------------------------------------------------- after the session

/** Moves every undiscussed topic to another board; the copies remember where they came from. */
export function carryOverTopics(fromBoardId: number, toBoardId: number, actor: Actor) {
  if (fromBoardId === toBoardId) throw invalid("Choose another board.", { targetBoardId: ["Choose another board."] });
  const db = getDb();
  const moved = writeTransaction(db, () => {
    const from = loadBoard(db, fromBoardId);
    requireFacilitator(actor, from.event);
    let to: ReturnType<typeof loadBoard>;
    try {
      to = loadBoard(db, toBoardId);
    } catch {
      throw invalid("That board does not exist.", { targetBoardId: ["That board does not exist."] });
    }
    if (boardRole(actor, to.event.id) !== "facilitator") {
      throw forbidden("You can only carry topics over to boards of events you organise.");
    }
    if (to.board.phase !== "collect" && to.board.phase !== "vote") {
      throw conflict("The other board no longer takes topics.", { targetBoardId: ["That board is past its voting phase."] });
    }
    const open = db
      .select()
      .from(topics)
      .where(and(eq(topics.boardId, from.board.id), eq(topics.status, "open")))
      .orderBy(asc(topics.id))
      .all();
    if (open.length === 0) throw conflict("There are no undiscussed topics to carry over.");
    for (const topic of open) {
      db.insert(topics)
        .values({
          boardId: to.board.id,
          title: topic.title,
          description: topic.description,
          authorId: topic.authorId,
          carriedFromId: topic.id,
        })
        .run();
    }
    db.update(topics)
      .set({ status: "carried_over" })
      .where(inArray(topics.id, open.map((t) => t.id)))
      .run();
    audit(db, actor, from.event, "board.carry-over", "board", from.board.id, { to: to.board.id, topics: open.length });
    return open.length;
  });
  publishBoardChange(fromBoardId, "carry-over");
  publishBoardChange(toBoardId, "carry-over");
  return moved;
}

/** Boards of other events the actor facilitates that still take topics. */
export function carryOverTargets(boardId: number, actor: Actor) {
  const rows = getDb()
    .select({ id: boards.id, title: boards.title, phase: boards.phase, eventId: events.id, eventTitle: events.title })
    .from(boards)
    .innerJoin(events, eq(events.id, boards.eventId))
    .where(and(ne(boards.id, boardId), inArray(boards.phase, ["collect", "vote"])))
    .orderBy(asc(events.startsAt))
    .all();
  return rows.filter((r) => boardRole(actor, r.eventId) === "facilitator");
}

// ---------------------------------------------------------------- reading the board

export type BoardTopicView = {
  id: number;
  title: string;
  description: string;
  authorName: string;
  isMine: boolean;
  status: Topic["status"];
  /** null when tallies are hidden from this viewer. */
  votes: number | null;
  myVotes: number;
  discussionStartedAt: string | null;
  timerEndsAt: string | null;
  extensions: number;
  discussedSeconds: number | null;
  finishedAt: string | null;
  noteId: number | null;
  /** `votes` is null while the other board hides its tallies. */
  carriedFrom: { eventTitle: string; votes: number | null } | null;
  mergedTitles: string[];
};

/** A topic as every viewer sees it: the full tally, no viewer's dots. */
type SnapshotTopic = Omit<BoardTopicView, "isMine" | "votes" | "myVotes"> & { authorId: number | null; votes: number };

/**
 * The viewer-independent part of a board view, cached per board and live revision: any
 * change published on the board's channel makes a new revision, so the next view builds
 * a new snapshot; the TTL bounds how long changes that publish nothing (someone renames
 * themselves, an event is retitled, a note is deleted in the archive) can stay unseen.
 */
type BoardSnapshot = {
  shape: number;
  live: string;
  at: number;
  /** Names the content: a rebuild after the TTL that finds nothing changed keeps it. */
  stamp: string;
  all: SnapshotTopic[];
  /** Open topics, most dots first (ties in arrival order); and in arrival order for hidden tallies. */
  openByVotes: SnapshotTopic[];
  openByArrival: SnapshotTopic[];
  discussing: SnapshotTopic | null;
  discussed: SnapshotTopic[];
  carriedOver: SnapshotTopic[];
  roman: RomanCounts | null;
  maxVotes: number;
};

export const BOARD_SNAPSHOT_TTL_MS = 2_000;
const SNAPSHOT_SHAPE = 3;
const SNAPSHOT_LIMIT = 200;

declare global {
  // Shared by every module copy in the process (the server build and test code load
  // separate copies), like the PubSub: both see the same revisions and the same cache.
  var __kxBoardSnapshots: Map<number, BoardSnapshot> | undefined;
}

function buildSnapshot(db: Db, boardId: number, live: string, at: number): BoardSnapshot {
  const q = boardQueries(db);
  const rows = q.topicsWithAuthor.all({ boardId });
  const tally = new Map(q.tally.all({ boardId }).map((r) => [r.topicId, r.n]));
  const carriedIds = rows.map((r) => r.topic.carriedFromId).filter((id): id is number => id !== null);
  const carriedFrom = new Map(
    carriedIds.length
      ? db
          .select({
            id: topics.id,
            eventTitle: events.title,
            votes: sql<number>`(select count(*) from ${votes} where ${votes.topicId} = ${topics.id})`,
            hideTallies: boards.hideTallies,
            phase: boards.phase,
          })
          .from(topics)
          .innerJoin(boards, eq(boards.id, topics.boardId))
          .innerJoin(events, eq(events.id, boards.eventId))
          .where(inArray(topics.id, carriedIds))
          .all()
          // The count from the other board only where that board shows its tallies to everyone.
          .map((r) => [r.id, { eventTitle: r.eventTitle, votes: talliesArePublic(r) ? Number(r.votes) : null }])
      : [],
  );
  const mergedTitles = new Map<number, string[]>();
  for (const { topic } of rows) {
    if (topic.status === "merged" && topic.mergedIntoId) {
      mergedTitles.set(topic.mergedIntoId, [...(mergedTitles.get(topic.mergedIntoId) ?? []), topic.title]);
    }
  }
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const all: SnapshotTopic[] = rows.map(({ topic, authorName }) => ({
    id: topic.id,
    title: topic.title,
    description: topic.description,
    authorId: topic.authorId,
    authorName: authorName ?? "former attendee",
    status: topic.status,
    votes: tally.get(topic.id) ?? 0,
    discussionStartedAt: iso(topic.discussionStartedAt),
    timerEndsAt: iso(topic.timerEndsAt),
    extensions: topic.extensions,
    discussedSeconds: topic.discussedSeconds,
    finishedAt: iso(topic.finishedAt),
    // The official takeaways (ADR 016); other notes about the topic are related notes.
    noteId: topic.officialNoteId,
    carriedFrom: topic.carriedFromId ? (carriedFrom.get(topic.carriedFromId) ?? null) : null,
    mergedTitles: mergedTitles.get(topic.id) ?? [],
  }));
  const openByArrival = all.filter((t) => t.status === "open");
  const openByVotes = [...openByArrival].sort((a, b) => b.votes - a.votes);
  const discussing = all.find((t) => t.status === "discussing") ?? null;
  const discussed = all
    .filter((t) => t.status === "discussed")
    .sort((a, b) => (a.finishedAt ?? "").localeCompare(b.finishedAt ?? ""));
  return {
    shape: SNAPSHOT_SHAPE,
    live,
    at,
    stamp: `${live}@${at}`,
    all,
    openByVotes,
    openByArrival,
    discussing,
    discussed,
    carriedOver: all.filter((t) => t.status === "carried_over"),
    roman: discussing ? romanTally(db, discussing.id, discussing.extensions) : null,
    maxVotes: Math.max(1, ...openByArrival.map((t) => t.votes), ...discussed.map((t) => t.votes)),
  };
}

const sameContent = (a: BoardSnapshot, b: BoardSnapshot) =>
  JSON.stringify(a.all) === JSON.stringify(b.all) && JSON.stringify(a.roman) === JSON.stringify(b.roman);

/** The board's snapshot for its current live revision (built at most once per revision and TTL). */
function boardSnapshot(db: Db, boardId: number): BoardSnapshot {
  const cache = (globalThis.__kxBoardSnapshots ??= new Map());
  // Read the revision before the data, synchronously: nothing can commit in between.
  const live = boardRevision(boardId);
  const now = Date.now();
  const cached = cache.get(boardId);
  if (cached && cached.shape === SNAPSHOT_SHAPE && cached.live === live && now - cached.at < BOARD_SNAPSHOT_TTL_MS) return cached;
  const snapshot = buildSnapshot(db, boardId, live, now);
  if (cached && cached.shape === SNAPSHOT_SHAPE && cached.live === live && sameContent(cached, snapshot)) snapshot.stamp = cached.stamp;
  cache.delete(boardId);
  if (cache.size >= SNAPSHOT_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(boardId, snapshot);
  return snapshot;
}

/**
 * Which content a board's views are built from right now (see BoardSnapshot.stamp), or
 * null before the first view. Shared page templates (board-document.server.tsx) are only
 * filled with data of the snapshot they were rendered from.
 */
export function boardSnapshotStamp(boardId: number): string | null {
  return globalThis.__kxBoardSnapshots?.get(boardId)?.stamp ?? null;
}

/** Forgets every cached board snapshot (tests; a data import). */
export function clearBoardSnapshots() {
  globalThis.__kxBoardSnapshots?.clear();
}

export function getBoardView(boardId: number, viewer: Actor | null, now = new Date()) {
  const db = getDb();
  const { board, event } = loadBoard(db, boardId);
  const role = boardRole(viewer, event.id);
  const talliesVisible = talliesArePublic(board) || role === "facilitator";
  const snapshot = boardSnapshot(db, board.id);

  // Per viewer: their dots, their own topics, their Roman vote.
  const q = boardQueries(db);
  const mine = new Map<number, number>();
  if (viewer) {
    for (const r of q.myDots.all({ boardId: board.id, userId: viewer.id })) mine.set(r.topicId, r.n);
  }
  // Field by field: a rest/spread copy of every topic was a third of a board page's cost.
  const viewerId = viewer?.id;
  const forViewer = (t: SnapshotTopic): BoardTopicView => ({
    id: t.id,
    title: t.title,
    description: t.description,
    authorName: t.authorName,
    isMine: viewerId !== undefined && t.authorId === viewerId,
    status: t.status,
    votes: talliesVisible ? t.votes : null,
    myVotes: mine.get(t.id) ?? 0,
    discussionStartedAt: t.discussionStartedAt,
    timerEndsAt: t.timerEndsAt,
    extensions: t.extensions,
    discussedSeconds: t.discussedSeconds,
    finishedAt: t.finishedAt,
    noteId: t.noteId,
    carriedFrom: t.carriedFrom,
    mergedTitles: t.mergedTitles,
  });
  // With hidden tallies the order must not leak them either: keep arrival order.
  const open = (talliesVisible ? snapshot.openByVotes : snapshot.openByArrival).map(forViewer);
  const discussing = snapshot.discussing ? forViewer(snapshot.discussing) : null;
  const discussed = snapshot.discussed.map(forViewer);
  const carriedOver = snapshot.carriedOver.map(forViewer);

  let roman: (RomanCounts & { mine: string | null; open: boolean }) | null = null;
  if (discussing && snapshot.roman) {
    const round = snapshot.roman.round;
    const myRoman = viewer ? (q.myRoman.get({ topicId: discussing.id, round, userId: viewer.id })?.value ?? null) : null;
    const open = discussing.timerEndsAt !== null && new Date(discussing.timerEndsAt) <= now;
    roman = { ...snapshot.roman, mine: myRoman, open };
  }

  // Only dots on open topics count against the budget (see dotsOfVoter).
  const dotsUsed = open.reduce((sum, topic) => sum + topic.myVotes, 0);
  const maxVotes = talliesVisible ? snapshot.maxVotes : 1;

  return {
    board: {
      id: board.id,
      title: board.title,
      phase: board.phase,
      votesPerPerson: board.votesPerPerson,
      allowStacking: board.allowStacking,
      hideTallies: board.hideTallies,
      timeboxSeconds: board.timeboxSeconds,
      extensionSeconds: board.extensionSeconds,
      takeawaysBy: board.takeawaysBy,
    },
    event: { id: event.id, slug: event.slug, title: event.title, timeZone: event.timeZone, status: event.status },
    role,
    canVote: role !== "viewer",
    canRecordTakeaways: canRecordTakeaways(board, role),
    talliesVisible,
    dotsUsed,
    dotsLeft: Math.max(0, board.votesPerPerson - dotsUsed),
    maxVotes,
    open,
    discussing,
    discussed,
    carriedOver,
    roman,
    serverNow: now.toISOString(),
    /** The live revision this view reflects (the newest frame's id); see board-votes.tsx. */
    live: snapshot.live,
  };
}

export type BoardView = ReturnType<typeof getBoardView>;
