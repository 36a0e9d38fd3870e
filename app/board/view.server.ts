// A board as one viewer sees it: the board's cached snapshot (snapshot.server.ts) with
// the viewer's role, dots, own topics and Roman vote, tallies hidden where they must be.
import { and, count, eq, sql } from "drizzle-orm";
import { getDb, prepared, type Db } from "#db/client";
import { votes, type Topic } from "#db/schema";
import type { Actor } from "~/accounts/actor";
import { boardRole, loadBoard, talliesArePublic } from "~/board/access.server";
import { myRomanVote } from "~/board/discussion.server";
import { boardSnapshot, type SnapshotTopic } from "~/board/snapshot.server";
import { canRecordTakeaways } from "~/board/takeaways.server";
import type { RomanTally } from "~/board/vote-results";

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

// Read on every board view, so built once per connection (see `prepared`).
const myDotsQuery = (db: Db) =>
  prepared(db, "board.myDots", () =>
    db
      .select({ topicId: votes.topicId, n: count() })
      .from(votes)
      .where(and(eq(votes.boardId, sql.placeholder("boardId")), eq(votes.userId, sql.placeholder("userId"))))
      .groupBy(votes.topicId)
      .prepare(),
  );

export function getBoardView(boardId: number, viewer: Actor | null, now = new Date()) {
  const db = getDb();
  const { board, event } = loadBoard(db, boardId);
  const role = boardRole(viewer, event.id);
  const talliesVisible = talliesArePublic(board) || role === "facilitator";
  const snapshot = boardSnapshot(db, board.id);

  // Per viewer: their dots, their own topics, their Roman vote.
  const mine = new Map<number, number>();
  if (viewer) {
    for (const r of myDotsQuery(db).all({ boardId: board.id, userId: viewer.id })) mine.set(r.topicId, r.n);
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

  let roman: RomanTally | null = null;
  if (discussing && snapshot.roman) {
    const round = snapshot.roman.round;
    const myRoman = viewer ? myRomanVote(db, discussing.id, round, viewer.id) : null;
    const open = discussing.timerEndsAt !== null && new Date(discussing.timerEndsAt) <= now;
    roman = { ...snapshot.roman, mine: myRoman, open };
  }

  // Only dots on open topics count against the budget (see dotsOfVoter in dot-votes.server.ts).
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
