// Topic creation's rate limit at its production value. Other test files loosen the
// limits (KX_RATE_LIMIT_MULTIPLIER=1000 in tests/setup); this file runs in its own
// process and sets the real multiplier before the server starts, never under it.
process.env.KX_RATE_LIMIT_MULTIPLIER = "1";

import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { topics } from "#db/schema";
import { LIMITS } from "~/utils/rate-limit.server";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { leanCoffee } from "./helpers";

const server = await startTestServer();
const topicTitles = (boardId: number) =>
  getDb()
    .select({ title: topics.title })
    .from(topics)
    .where(eq(topics.boardId, boardId))
    .all()
    .map((t) => t.title);
const topicCount = (boardId: number) => getDb().select({ n: count() }).from(topics).where(eq(topics.boardId, boardId)).get()!.n;

const signedIn = async (userId: number) => client(server.url, await sessionCookieFor(userId));

describe("topic creation rate limit", () => {
  it("answers 429 past the per-person limit, writing nothing; another person has their own budget", async () => {
    const { event, board, alice, bob } = await leanCoffee();
    const a = await signedIn(alice.id);
    for (let i = 0; i < LIMITS.topicPerUser.limit; i++) {
      expect((await a.post(`/events/${event.slug}/board`, { intent: "propose", title: `Topic ${i}`, _js: "1" })).status).toBe(200);
    }
    expect(topicCount(board.id)).toBe(LIMITS.topicPerUser.limit);
    const limited = await a.post(`/events/${event.slug}/board`, { intent: "propose", title: "One too many", _js: "1" });
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain("Too many attempts");
    expect(topicTitles(board.id)).not.toContain("One too many");
    // Bob has his own budget.
    const bobs = await (await signedIn(bob.id)).post(`/events/${event.slug}/board`, { intent: "propose", title: "Bob's" });
    expect(bobs.status).toBe(302);
    expect(topicCount(board.id)).toBe(LIMITS.topicPerUser.limit + 1);
    expect(topicTitles(board.id)).toContain("Bob's");
  });
});
