// A dot vote addressed through an event (the dot endpoint's URL carries the event's slug)
// passes that event to castVote/retractVote, which check in their own transaction that
// the board is the event's: a board of another event is 404 and nothing is written.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { votes } from "#db/schema";
import { setPhase } from "~/board/boards.server";
import { castVote, retractVote } from "~/board/dot-votes.server";
import { proposeTopic } from "~/board/topics.server";
import { DomainError } from "~/utils/errors.server";
import { leanCoffee } from "./helpers";

async function votingBoard() {
  const world = await leanCoffee();
  const topic = proposeTopic(world.board.id, { id: world.alice.id }, { title: "Pairing across companies" });
  setPhase(world.board.id, "vote", { id: world.organiser.id });
  return { ...world, topic };
}

function statusOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.status;
    throw error;
  }
  return 200;
}

describe("dot votes addressed through an event", () => {
  it("count on the event's own board and are refused (404, nothing written) on another event's", async () => {
    const here = await votingBoard();
    const there = await votingBoard();
    const alice = { id: here.alice.id };

    expect(statusOf(() => castVote(here.board.id, here.topic.id, alice, { eventId: there.event.id }))).toBe(404);
    expect(statusOf(() => retractVote(here.board.id, here.topic.id, alice, { eventId: there.event.id }))).toBe(404);
    expect(getDb().select().from(votes).where(eq(votes.boardId, here.board.id)).all()).toHaveLength(0);

    expect(castVote(here.board.id, here.topic.id, alice, { eventId: here.event.id })).toMatchObject({ votes: 1, myVotes: 1 });
    expect(statusOf(() => retractVote(here.board.id, here.topic.id, alice, { eventId: there.event.id }))).toBe(404);
    expect(getDb().select().from(votes).where(eq(votes.boardId, here.board.id)).all()).toHaveLength(1);
    expect(retractVote(here.board.id, here.topic.id, alice, { eventId: here.event.id })).toMatchObject({ votes: 0, myVotes: 0 });
  });
});
