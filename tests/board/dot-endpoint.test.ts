// The dot endpoint (POST /events/:slug/boards/:boardId/dots) that the board page uses with
// JavaScript, through the real server: who may vote, bad input (4xx, nothing written),
// hidden tallies, the guards in front of it, and the budget under 200 parallel requests.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { boards, votes } from "#db/schema";
import { setPhase } from "~/board/boards.server";
import { proposeTopic } from "~/board/topics.server";
import { makeEvent } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { leanCoffee } from "./helpers";

const server = await startTestServer();
const dotsOn = (boardId: number) => getDb().select().from(votes).where(eq(votes.boardId, boardId)).all();
const signedIn = async (userId: number) => client(server.url, await sessionCookieFor(userId));
const dotsUrl = (slug: string, boardId: number) => `/events/${slug}/boards/${boardId}/dots`;

async function votingBoard(overrides: Parameters<typeof leanCoffee>[0] = {}) {
  const world = await leanCoffee(overrides);
  const topic = proposeTopic(world.board.id, { id: world.alice.id }, { title: "Pairing across companies" });
  const other = proposeTopic(world.board.id, { id: world.bob.id }, { title: "On-call rotations" });
  setPhase(world.board.id, "vote", { id: world.organiser.id });
  return { ...world, topic, other, url: dotsUrl(world.event.slug, world.board.id) };
}

describe("the dot endpoint", () => {
  it("casts and takes back a dot and answers with the new state as JSON", async () => {
    const { url, topic, alice, board } = await votingBoard();
    const a = await signedIn(alice.id);
    const cast = await a.post(url, { intent: "vote", topicId: String(topic.id), ref: "tab-1" });
    expect(cast.status).toBe(200);
    expect(cast.headers.get("content-type")).toMatch(/application\/json/);
    expect(cast.headers.get("cache-control")).toBe("no-store");
    const body = await cast.json();
    expect(body).toMatchObject({ ok: true, intent: "vote", topicId: topic.id, votes: 1, myVotes: 1, dotsLeft: board.votesPerPerson - 1 });
    expect(dotsOn(board.id)).toHaveLength(1);

    const back = await a.post(url, { intent: "unvote", topicId: String(topic.id) });
    expect(back.status).toBe(200);
    expect(await back.json()).toMatchObject({ ok: true, intent: "unvote", votes: 0, myVotes: 0, dotsLeft: board.votesPerPerson });
    expect(dotsOn(board.id)).toHaveLength(0);
  });

  it("refuses bad input with a field message, 400, and writes nothing", async () => {
    const { url, alice, board } = await votingBoard();
    const a = await signedIn(alice.id);
    const badForms: Record<string, string>[] = [
      {},
      { intent: "vote" },
      { intent: "vote", topicId: "abc" },
      { intent: "vote", topicId: "-3" },
      { intent: "delete", topicId: "1" },
    ];
    for (const fields of badForms) {
      const res = await a.post(url, fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      const body = await res.json();
      expect(body.ok).toBe(false);
      expect(Object.keys(body.fieldErrors).length).toBeGreaterThan(0);
    }
    const json = await a.post(
      url,
      {},
      { body: JSON.stringify({ intent: "vote", topicId: 1 }), headers: { "Content-Type": "application/json" } },
    );
    expect(json.status).toBe(415);
    const huge = await a.post(url, { intent: "vote", topicId: "1", padding: "x".repeat(10_000) });
    expect(huge.status).toBe(413);
    expect(dotsOn(board.id)).toHaveLength(0);
  });

  it("lets only confirmed attendees and facilitators vote, on this event's own boards", async () => {
    const { url, topic, outsider, organiser, event, board } = await votingBoard();
    const anonymous = await client(server.url).post(url, { intent: "vote", topicId: String(topic.id) });
    expect(anonymous.status).toBe(401);
    expect((await (await signedIn(outsider.id)).post(url, { intent: "vote", topicId: String(topic.id) })).status).toBe(403);
    expect((await (await signedIn(organiser.id)).post(url, { intent: "vote", topicId: String(topic.id) })).status).toBe(200);

    // A board or topic of another event addressed through this one: 404, nothing written.
    const other = await votingBoard();
    const alice = await signedIn(other.alice.id);
    expect((await alice.post(dotsUrl(event.slug, other.board.id), { intent: "vote", topicId: String(other.topic.id) })).status).toBe(404);
    expect((await alice.post(other.url, { intent: "vote", topicId: String(topic.id) })).status).toBe(404);
    expect((await alice.post(dotsUrl("no-such-event", other.board.id), { intent: "vote", topicId: String(other.topic.id) })).status).toBe(
      404,
    );
    expect((await alice.post(dotsUrl(other.event.slug, 0), { intent: "vote", topicId: String(other.topic.id) })).status).toBe(404);
    expect(dotsOn(other.board.id)).toHaveLength(0);
    expect(dotsOn(board.id)).toHaveLength(1);
  });

  it("hides a draft event's board and refuses votes outside the vote phase", async () => {
    const { url, topic, alice, organiser, board } = await votingBoard();
    setPhase(board.id, "discuss", { id: organiser.id });
    expect((await (await signedIn(alice.id)).post(url, { intent: "vote", topicId: String(topic.id) })).status).toBe(409);

    const draft = makeEvent({ status: "draft", organiserIds: [organiser.id] });
    const hidden = await leanCoffee();
    getDb().update(boards).set({ eventId: draft.id }).where(eq(boards.id, hidden.board.id)).run();
    const t = proposeTopic(hidden.board.id, { id: organiser.id }, { title: "Draft topic" });
    setPhase(hidden.board.id, "vote", { id: organiser.id });
    expect(
      (await (await signedIn(alice.id)).post(dotsUrl(draft.slug, hidden.board.id), { intent: "vote", topicId: String(t.id) })).status,
    ).toBe(404);
    expect(dotsOn(hidden.board.id)).toHaveLength(0);
  });

  it("never tells a participant a hidden tally", async () => {
    const { url, topic, alice, organiser, board } = await votingBoard();
    getDb().update(boards).set({ hideTallies: true }).where(eq(boards.id, board.id)).run();
    const body = await (await (await signedIn(alice.id)).post(url, { intent: "vote", topicId: String(topic.id) })).json();
    expect(body).toMatchObject({ ok: true, votes: null, myVotes: 1 });
    const facilitator = await (await (await signedIn(organiser.id)).post(url, { intent: "vote", topicId: String(topic.id) })).json();
    expect(facilitator).toMatchObject({ ok: true, votes: 2 });
  });

  it("sits behind the same-origin guard", async () => {
    const { url, topic, alice, board } = await votingBoard();
    const a = await signedIn(alice.id);
    const crossSite = await a.post(url, { intent: "vote", topicId: String(topic.id) }, { headers: { Origin: "https://evil.example" } });
    expect(crossSite.status).toBe(403);
    expect(dotsOn(board.id)).toHaveLength(0);
  });

  it("keeps the budget under 200 parallel requests from four tabs of one person", async () => {
    const { url, topic, other, alice, board } = await votingBoard();
    const tabs = await Promise.all(Array.from({ length: 4 }, () => signedIn(alice.id)));
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => tabs[i % 4].post(url, { intent: "vote", topicId: String(i % 2 ? topic.id : other.id) })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(board.votesPerPerson);
    expect(statuses.filter((s) => s === 409)).toHaveLength(200 - board.votesPerPerson);
    expect(dotsOn(board.id)).toHaveLength(board.votesPerPerson);

    const back = await Promise.all(
      Array.from({ length: 200 }, (_, i) => tabs[i % 4].post(url, { intent: "unvote", topicId: String(i % 2 ? topic.id : other.id) })),
    );
    expect(back.filter((r) => r.status === 200)).toHaveLength(board.votesPerPerson);
    expect(back.some((r) => r.status >= 500)).toBe(false);
    expect(dotsOn(board.id)).toHaveLength(0);
  });
});
