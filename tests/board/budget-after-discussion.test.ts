// Dots on topics already discussed are spent: when a facilitator reopens voting for the
// remaining topics, only dots on open topics count against the budget, and spent dots can
// no longer be taken back (the discussed topic's tally is history).
import { describe, expect, it } from "vitest";
import { setPhase } from "~/board/boards.server";
import { finishTopic, startTopic } from "~/board/discussion.server";
import { castVote, retractVote } from "~/board/dot-votes.server";
import { proposeTopic } from "~/board/topics.server";
import { getBoardView } from "~/board/view.server";
import { DomainError } from "~/utils/errors.server";
import { leanCoffee } from "./helpers";

function refusal(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("the dot budget when voting is reopened after a discussion", () => {
  it("gives back the budget for open topics and keeps the discussed topic's dots as they were", async () => {
    const { board, alice, organiser } = await leanCoffee();
    const f = { id: organiser.id };
    const a = { id: alice.id };
    const first = proposeTopic(board.id, a, { title: "Discussed first" });
    const second = proposeTopic(board.id, a, { title: "Still open" });
    setPhase(board.id, "vote", f);
    const budget = board.votesPerPerson;
    for (let i = 0; i < budget - 1; i++) castVote(board.id, first.id, a);
    castVote(board.id, second.id, a);
    expect(getBoardView(board.id, a).dotsLeft).toBe(0);
    expect(refusal(() => castVote(board.id, second.id, a)).status).toBe(409);

    setPhase(board.id, "discuss", f);
    startTopic(board.id, first.id, f);
    finishTopic(board.id, first.id, f);
    setPhase(board.id, "vote", f);

    const view = getBoardView(board.id, a);
    expect(view.dotsLeft).toBe(budget - 1);
    expect(view.discussed.find((t) => t.id === first.id)).toMatchObject({ votes: budget - 1, myVotes: budget - 1 });
    expect(castVote(board.id, second.id, a).dotsLeft).toBe(budget - 2);
    // The discussed topic's dots are spent: not taken back, and no new ones.
    const back = refusal(() => retractVote(board.id, first.id, a));
    expect(back.status).toBe(409);
    expect(back.message).toMatch(/not open for votes/);
    expect(refusal(() => castVote(board.id, first.id, a)).status).toBe(409);
    expect(getBoardView(board.id, a).discussed.find((t) => t.id === first.id)?.votes).toBe(budget - 1);
  });
});
