// The dot budget across processes: two real server processes (`node server/index.js`,
// each its own child process and SQLite connection) on one database file. One person's
// tabs send their dots at once, half to each server, half through the board's form action
// and half through the dot endpoint. Inside one process these requests run one after the
// other on one synchronous connection; here the check-then-insert of the budget really
// races, so only BEGIN IMMEDIATE keeps the count exact.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { votes } from "#db/schema";
import { createBoard, setPhase, updateBoardSettings } from "~/board/boards.server";
import { proposeTopic } from "~/board/topics.server";
import { client, sessionCookieFor } from "../helpers/server";
import { startServerProcess } from "../helpers/server-process";

type ServerProcess = Awaited<ReturnType<typeof startServerProcess>>;
import { actorOf, makeAdmin, makeConfirmedPerson, makeEventFor, signUp } from "../adversarial/world";

let servers: ServerProcess[];
beforeAll(async () => {
  servers = await Promise.all([startServerProcess(), startServerProcess()]);
  expect(new Set(servers.map((s) => s.child.pid)).size).toBe(2);
});

const dotsOf = (boardId: number, userId: number) =>
  getDb()
    .select({ topicId: votes.topicId })
    .from(votes)
    .where(and(eq(votes.boardId, boardId), eq(votes.userId, userId)))
    .all();

/** A board in the vote phase with two dots each and two confirmed attendees (made through the real paths). */
async function votingBoard(allowStacking: boolean) {
  const id = Math.random().toString(36).slice(2, 8);
  const admin = await makeAdmin(servers[0].url);
  const organiser = await signUp(`Fay ${id}`, `fay-${id}@host-${id}.example`);
  const event = makeEventFor(admin, organiser, { title: `Votes ${id}`, capacity: 10 });
  const alice = await makeConfirmedPerson(`${id}a`, "Alice Voter", event, organiser.id, "127.0.0.1");
  const bob = await makeConfirmedPerson(`${id}b`, "Bob Voter", event, organiser.id, "127.0.0.1");
  const board = createBoard(event.id, actorOf(organiser), "Race board");
  updateBoardSettings(
    board.id,
    {
      title: "Race board",
      votesPerPerson: 2,
      allowStacking,
      hideTallies: false,
      timeboxMinutes: 8,
      extensionMinutes: 4,
      takeawaysBy: "facilitator",
    },
    actorOf(organiser),
  );
  const one = proposeTopic(board.id, actorOf(alice), { title: "One" });
  const two = proposeTopic(board.id, actorOf(bob), { title: "Two" });
  setPhase(board.id, "vote", actorOf(organiser));
  return { event, board, alice, bob, one, two };
}

/** Sends `n` dots for `userId` at once: tab i goes to server i % 2, through the form action or the dot endpoint. */
async function dotsAtOnce(slug: string, boardId: number, userId: number, topicIds: number[], n: number) {
  const tabs = await Promise.all(Array.from({ length: 4 }, async (_, i) => client(servers[i % 2].url, await sessionCookieFor(userId))));
  return Promise.all(
    Array.from({ length: n }, (_, i) => {
      const tab = tabs[i % tabs.length];
      const topicId = String(topicIds[i % topicIds.length]);
      return i % 4 < 2
        ? tab.post(`/events/${slug}/boards/${boardId}/dots`, { intent: "vote", topicId, ref: `tab-${i}` })
        : tab.post(`/events/${slug}/boards/${boardId}`, { intent: "vote", topicId, _js: "1" });
    }),
  );
}

describe("dot budgets with two server processes on one database file", () => {
  it("200 dots at once from one person with a budget of 2: exactly 2 cast, 198 refused with 409", async () => {
    const { event, board, alice, bob, one, two } = await votingBoard(true);
    const responses = await dotsAtOnce(event.slug, board.id, alice.id, [one.id, two.id], 200);
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(2);
    expect(statuses.filter((s) => s === 409)).toHaveLength(198);
    expect(dotsOf(board.id, alice.id)).toHaveLength(2);
    // Bob's budget is his own.
    const bobs = await dotsAtOnce(event.slug, board.id, bob.id, [one.id], 6);
    expect(bobs.filter((r) => r.status === 200)).toHaveLength(2);
    expect(dotsOf(board.id, bob.id)).toEqual([{ topicId: one.id }, { topicId: one.id }]);
  });

  it("without stacking: 100 dots at once on one topic make exactly one", async () => {
    const { event, board, alice, one } = await votingBoard(false);
    const responses = await dotsAtOnce(event.slug, board.id, alice.id, [one.id], 100);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(99);
    expect(dotsOf(board.id, alice.id)).toEqual([{ topicId: one.id }]);
  });
});
