// Authorisation matrix: every row of the route table (every state-changing route and
// intent) × every role, each against a fresh world, with the status expected for that
// role; a refused request must leave the database exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../helpers/server";
import { describeOutcome, matches, postAndCompare, routeIdOf, runCase, actorFor } from "./harness";
import { closeObserver } from "./snapshot";
import { buildWorld } from "./world";
import { caseName, expectedFor, ROUTES } from "./routes";
import { ROLES } from "./world";

let baseUrl: string;
beforeAll(async () => {
  baseUrl = (await startTestServer()).url;
});
afterAll(() => closeObserver());

const stats = { cases: 0, refused: 0 };

describe("authorisation matrix", () => {
  it("the write detector sees an allowed write (an UPDATE, same row counts) and a read as no write", async () => {
    const w = await buildWorld();
    const { cookie } = await actorFor(w, "author");
    const path = `/events/${w.eventA.slug}/boards/${w.board.id}`;
    const edit = { intent: "edit-topic", topicId: String(w.topic1.id), title: "Renamed" };
    const write = await postAndCompare(baseUrl, path, edit, cookie, { dataRoute: routeIdOf("events.$slug.boards.$boardId.tsx") });
    expect(write.status).toBe(302);
    expect(write.written).toBe(true);
    expect(write.after.counts).toEqual(write.before.counts);
    const again = await postAndCompare(baseUrl, path, { ...edit, title: "" }, cookie);
    expect(again.status).toBe(400);
    expect(again.written).toBe(false);
  });

  for (const row of ROUTES) {
    // A row with a known bug runs as it.fails: it must keep failing until the fix, then the mark goes.
    (row.knownBug ? it.fails : it)(row.knownBug ? `${caseName(row)} [KNOWN BUG: ${row.knownBug}]` : caseName(row), async () => {
      const problems: string[] = [];
      for (const role of ROLES) {
        const expected = expectedFor(row, role);
        const { outcome } = await runCase(baseUrl, row, role);
        stats.cases++;
        if (!matches(expected, outcome)) problems.push(`${role}: expected ${expected}, got ${describeOutcome(outcome)}`);
        else if (expected !== "ok") {
          stats.refused++;
          if (outcome.written)
            problems.push(`${role}: refused with ${outcome.status} but wrote to the database: ${describeOutcome(outcome)}`);
        }
        if (outcome.status >= 500) problems.push(`${role}: server error ${outcome.status}`);
      }
      expect(problems, problems.join("\n")).toEqual([]);
    });
  }

  it("covered every row × role", () => {
    expect(stats.cases).toBe(ROUTES.length * ROLES.length);
    const files = new Set(ROUTES.map((r) => r.file));
    console.info(
      `[adversarial] authorisation matrix: ${files.size} route files, ${ROUTES.length} route × intent rows, ${ROLES.length} roles, ${stats.cases} requests, ${stats.refused} refused with nothing written`,
    );
  });
});
