// WAL checkpoints happen in a worker thread (db/client.ts startBackgroundCheckpoints), not
// inside the request whose commit crosses the threshold: the process-wide connection
// starts one, it copies committed pages back while votes keep coming, nothing is lost or
// over budget, and when it stops the connection checkpoints on its own again.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, processCheckpoints, startBackgroundCheckpoints } from "#db/client";
import { votes } from "#db/schema";
import { setPhase } from "~/board/boards.server";
import { castVote, retractVote } from "~/board/dot-votes.server";
import { proposeTopic } from "~/board/topics.server";
import { DomainError } from "~/utils/errors.server";
import { leanCoffee } from "./helpers";

const autocheckpoint = () => getDb().$client.pragma("wal_autocheckpoint", { simple: true });

describe("background WAL checkpoints", () => {
  it("run in a worker for the process-wide connection, whose own checkpoint is only a backstop", async () => {
    const db = getDb();
    const checkpoints = processCheckpoints();
    expect(checkpoints).toBeDefined();
    expect(autocheckpoint()).toBe(10_000);

    const { board, alice, bob, organiser } = await leanCoffee();
    const topics = ["Pairing", "On-call", "Hiring", "Testing"].map((title) => proposeTopic(board.id, { id: alice.id }, { title }));
    setPhase(board.id, "vote", { id: organiser.id });
    // Votes and take-backs while the worker checkpoints every 100 ms; a full budget is refused.
    const dotsOf = new Map<number, number[]>([
      [alice.id, []],
      [bob.id, []],
    ]);
    let refused = 0;
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 300; i++) {
        const voter = i % 2 ? alice : bob;
        const mine = dotsOf.get(voter.id)!;
        const topic = topics[(i >> 1) % topics.length];
        try {
          castVote(board.id, topic.id, { id: voter.id });
          mine.push(topic.id);
        } catch (error) {
          if (!(error instanceof DomainError) || error.status !== 409) throw error;
          refused++;
          retractVote(board.id, mine.shift()!, { id: voter.id });
        }
      }
      const outcome = await checkpoints!.next();
      expect(outcome.busy).toBe(0);
      expect(outcome.checkpointed).toBeGreaterThan(0);
    }
    const cast = dotsOf.get(alice.id)!.length + dotsOf.get(bob.id)!.length;
    expect(refused).toBeGreaterThan(0);
    const rows = db.select().from(votes).where(eq(votes.boardId, board.id)).all();
    expect(rows).toHaveLength(cast);
    for (const voter of [alice, bob]) expect(rows.filter((r) => r.userId === voter.id).length).toBeLessThanOrEqual(board.votesPerPerson);
    expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
  });

  it("hands checkpoints back to the connection when the worker stops", async () => {
    const db = getDb();
    const second = startBackgroundCheckpoints(db, process.env.DATABASE_PATH!);
    expect(autocheckpoint()).toBe(10_000);
    await second.stop();
    expect(autocheckpoint()).toBe(1000);
  });
});
