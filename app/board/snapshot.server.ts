// The viewer-independent part of a board view (every topic with its full tally, sorted
// the ways the page shows them, and the Roman vote's counts), cached per board and live
// revision. view.server.ts adds what is the viewer's own.
import { asc, count, eq, inArray, sql } from "drizzle-orm";
import { prepared, type Db } from "#db/client";
import { boards, events, guests, topics, users, votes } from "#db/schema";
import { talliesArePublic } from "~/board/access.server";
import { authorByline } from "~/utils/author-byline";
import { romanTally } from "~/board/discussion.server";
import { boardRevision } from "~/board/live-channel.server";
import type { BoardTopicView } from "~/board/view.server";
import type { RomanCounts } from "~/board/vote-results";
import { boundedCache } from "~/utils/cache.server";
import { remember } from "~/utils/remember";

/** A topic as every viewer sees it: the full tally, no viewer's dots. */
export type SnapshotTopic = Omit<BoardTopicView, "isMine" | "votes" | "myVotes"> & { authorId: number | null; votes: number };

/**
 * The viewer-independent part of a board view, cached per board and live revision: any
 * change published on the board's channel makes a new revision, so the next view builds
 * a new snapshot; the TTL bounds how long changes that publish nothing (someone renames
 * themselves, an event is retitled, a note is deleted in the archive) can stay unseen.
 */
export type BoardSnapshot = {
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

// Shared by every module copy in the process (the server build and test code load
// separate copies), like the PubSub: both see the same revisions and the same cache.
const snapshots = () => remember("board.snapshots", () => boundedCache<number, BoardSnapshot>(SNAPSHOT_LIMIT));

// Read once per board revision, so built once per connection (see `prepared`).
const snapshotQueries = (db: Db) =>
  prepared(db, "board.snapshot", () => ({
    topicsWithAuthor: db
      .select({ topic: topics, authorName: users.name, authorIsGuest: sql<boolean>`${guests.id} is not null`.mapWith(Boolean) })
      .from(topics)
      .leftJoin(users, eq(users.id, topics.authorId))
      .leftJoin(guests, eq(guests.userId, topics.authorId))
      .where(eq(topics.boardId, sql.placeholder("boardId")))
      .orderBy(asc(topics.createdAt), asc(topics.id))
      .prepare(),
    tally: db
      .select({ topicId: votes.topicId, n: count() })
      .from(votes)
      .where(eq(votes.boardId, sql.placeholder("boardId")))
      .groupBy(votes.topicId)
      .prepare(),
  }));

function buildSnapshot(db: Db, boardId: number, live: string, at: number): BoardSnapshot {
  const q = snapshotQueries(db);
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
  const all: SnapshotTopic[] = rows.map(({ topic, authorName, authorIsGuest }) => ({
    id: topic.id,
    title: topic.title,
    description: topic.description,
    authorId: topic.authorId,
    authorName: authorByline(authorName, authorIsGuest),
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
  const discussed = all.filter((t) => t.status === "discussed").sort((a, b) => (a.finishedAt ?? "").localeCompare(b.finishedAt ?? ""));
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
export function boardSnapshot(db: Db, boardId: number): BoardSnapshot {
  const cache = snapshots();
  // Read the revision before the data, synchronously: nothing can commit in between.
  const live = boardRevision(boardId);
  const now = Date.now();
  const cached = cache.get(boardId);
  if (cached && cached.shape === SNAPSHOT_SHAPE && cached.live === live && now - cached.at < BOARD_SNAPSHOT_TTL_MS) return cached;
  const snapshot = buildSnapshot(db, boardId, live, now);
  if (cached && cached.shape === SNAPSHOT_SHAPE && cached.live === live && sameContent(cached, snapshot)) snapshot.stamp = cached.stamp;
  cache.set(boardId, snapshot);
  return snapshot;
}

/**
 * Which content a board's views are built from right now (see BoardSnapshot.stamp), or
 * null before the first view. Shared page templates (board-document.server.tsx) are only
 * filled with data of the snapshot they were rendered from.
 */
export function boardSnapshotStamp(boardId: number): string | null {
  return snapshots().peek(boardId)?.stamp ?? null;
}

/** The snapshot the cache holds for a board now, without building one (tests, diagnostics). */
export function cachedBoardSnapshot(boardId: number): BoardSnapshot | undefined {
  return snapshots().peek(boardId);
}

/** Forgets every cached board snapshot (tests; a data import). */
export function clearBoardSnapshots() {
  snapshots().clear();
}
