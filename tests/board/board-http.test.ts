// The board through the real server: forms without JavaScript, bad input (4xx and
// nothing written), the vote budget under 100 parallel requests, and the live stream.
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { boards, romanVotes, topics, votes } from "#db/schema";
import { setPhase } from "~/board/boards.server";
import { startTopic } from "~/board/discussion.server";
import { castVote } from "~/board/dot-votes.server";
import { proposeTopic } from "~/board/topics.server";
import { makeEvent, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { leanCoffee } from "./helpers";

const server = await startTestServer();
const db = () => getDb();
const voteCount = (boardId: number) => db().select({ n: count() }).from(votes).where(eq(votes.boardId, boardId)).get()!.n;
const topicCount = (boardId: number) => db().select({ n: count() }).from(topics).where(eq(topics.boardId, boardId)).get()!.n;

async function signedIn(userId: number) {
  return client(server.url, await sessionCookieFor(userId));
}

describe("the board page", () => {
  it("shows the first board at /board and any board at /boards/:id; drafts are 404 to others", async () => {
    const { event, board, alice, organiser } = await leanCoffee();
    const page = await (await signedIn(alice.id)).get(`/events/${event.slug}/board`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Propose a topic");
    expect((await client(server.url).get(`/events/${event.slug}/boards/${board.id}`)).status).toBe(200);
    const other = await leanCoffee();
    expect((await client(server.url).get(`/events/${event.slug}/boards/${other.board.id}`)).status).toBe(404);
    expect((await client(server.url).get(`/events/${event.slug}/boards/abc`)).status).toBe(404);

    const draft = makeEvent({ status: "draft", organiserIds: [organiser.id] });
    expect((await (await signedIn(alice.id)).get(`/events/${draft.slug}/board`)).status).toBe(404);
    expect((await (await signedIn(organiser.id)).get(`/events/${draft.slug}/board`)).status).toBe(200);
  });

  it("lets an organiser create the first board with a plain form", async () => {
    const organiser = await makeUser();
    const event = makeEvent({ organiserIds: [organiser.id] });
    const browser = await signedIn(organiser.id);
    expect(await (await browser.get(`/events/${event.slug}/board`)).text()).toContain("no board yet");
    const res = await browser.post(`/events/${event.slug}/board`, { intent: "create-board", title: "Lean Coffee" });
    expect(res.status).toBe(302);
    const created = db().select().from(boards).where(eq(boards.eventId, event.id)).get()!;
    expect(res.headers.get("location")).toBe(`/events/${event.slug}/boards/${created.id}`);
    const attendee = await makeUser();
    expect((await (await signedIn(attendee.id)).post(`/events/${event.slug}/board`, { intent: "create-board" })).status).toBe(403);
  });

  it("runs a whole session with plain form posts and redirects (no JavaScript)", async () => {
    const { event, board, alice, organiser } = await leanCoffee();
    const a = await signedIn(alice.id);
    const f = await signedIn(organiser.id);
    const url = `/events/${event.slug}/board`;
    const proposed = await a.post(url, { intent: "propose", title: "No-JS topic", description: "" });
    expect(proposed.status).toBe(302);
    expect(proposed.headers.get("location")).toMatch(new RegExp(`^${url}#topic-\\d+$`));
    const topic = db().select().from(topics).where(eq(topics.boardId, board.id)).get()!;
    expect((await f.post(url, { intent: "phase", phase: "vote" })).status).toBe(302);
    expect((await a.post(url, { intent: "vote", topicId: String(topic.id) })).status).toBe(302);
    expect(await (await a.get(url)).text()).toContain("2 of 3 dots left");
    expect((await f.post(url, { intent: "phase", phase: "discuss" })).status).toBe(302);
    expect((await f.post(url, { intent: "start", topicId: String(topic.id) })).status).toBe(302);
    expect((await f.post(url, { intent: "end-timebox", topicId: String(topic.id) })).status).toBe(302);
    expect((await a.post(url, { intent: "roman", topicId: String(topic.id), value: "continue" })).status).toBe(302);
    expect((await f.post(url, { intent: "extend", topicId: String(topic.id) })).status).toBe(302);
    expect((await f.post(url, { intent: "finish", topicId: String(topic.id), takeaways: "Done.", visibility: "public" })).status).toBe(302);
    const after = await (await a.get(url)).text();
    expect(after).toContain("Takeaways in the archive");
    // With JavaScript the same post answers with data instead of a redirect.
    const enhanced = await f.post(url, { intent: "phase", phase: "closed", _js: "1" });
    expect(enhanced.status).toBe(200);
    expect(db().select().from(boards).where(eq(boards.id, board.id)).get()!.phase).toBe("closed");
  });
});

describe("summary and presenter view", () => {
  it("prints discussed topics with dots, time and the takeaways the viewer may read", async () => {
    const { event, board, alice, organiser } = await leanCoffee();
    const { finishTopic } = await import("~/board/discussion.server");
    const open = proposeTopic(board.id, { id: alice.id }, { title: "Public one" });
    const secret = proposeTopic(board.id, { id: alice.id }, { title: "Attendees only" });
    proposeTopic(board.id, { id: alice.id }, { title: "Never reached" });
    setPhase(board.id, "discuss", { id: organiser.id });
    startTopic(board.id, open.id, { id: organiser.id });
    finishTopic(board.id, open.id, { id: organiser.id }, { takeaways: "- **Shared** insight", visibility: "public" });
    startTopic(board.id, secret.id, { id: organiser.id });
    finishTopic(board.id, secret.id, { id: organiser.id }, { takeaways: "- internal detail", visibility: "attendees" });
    const url = `/events/${event.slug}/boards/${board.id}/summary`;
    const visitor = await (await client(server.url).get(url)).text();
    expect(visitor).toContain("<strong>Shared</strong> insight");
    expect(visitor).not.toContain("internal detail");
    expect(visitor).toContain("Never reached");
    const attendee = await (await (await signedIn(alice.id)).get(url)).text();
    expect(attendee).toContain("internal detail");
    expect((await client(server.url).get(`/events/${event.slug}/boards/${board.id}/present`)).status).toBe(200);
    expect((await client(server.url).get(`/events/${event.slug}/boards/999999/summary`)).status).toBe(404);
  });
});

describe("bad input: a clear 4xx and nothing written", () => {
  it("voting outside the vote phase", async () => {
    const { event, board, alice } = await leanCoffee();
    const topic = proposeTopic(board.id, { id: alice.id }, { title: "Early" });
    const res = await (await signedIn(alice.id)).post(`/events/${event.slug}/board`, { intent: "vote", topicId: String(topic.id) });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("only possible while voting is open");
    expect(voteCount(board.id)).toBe(0);
  });

  it("voting over budget", async () => {
    const { event, board, alice, organiser } = await leanCoffee();
    const topic = proposeTopic(board.id, { id: alice.id }, { title: "Popular" });
    setPhase(board.id, "vote", { id: organiser.id });
    for (let i = 0; i < 3; i++) castVote(board.id, topic.id, { id: alice.id });
    const res = await (await signedIn(alice.id)).post(`/events/${event.slug}/board`, { intent: "vote", topicId: String(topic.id) });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("used all 3 of your dots");
    expect(voteCount(board.id)).toBe(3);
  });

  it("voting on a topic of another board", async () => {
    const a = await leanCoffee();
    const b = await leanCoffee();
    const foreign = proposeTopic(b.board.id, { id: b.alice.id }, { title: "Foreign" });
    setPhase(a.board.id, "vote", { id: a.organiser.id });
    setPhase(b.board.id, "vote", { id: b.organiser.id });
    const res = await (await signedIn(a.alice.id)).post(`/events/${a.event.slug}/board`, { intent: "vote", topicId: String(foreign.id) });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("no such topic on this board");
    expect(voteCount(b.board.id) + voteCount(a.board.id)).toBe(0);
  });

  it("an attendee changing the phase", async () => {
    const { event, board, alice } = await leanCoffee();
    const res = await (await signedIn(alice.id)).post(`/events/${event.slug}/board`, { intent: "phase", phase: "vote" });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Only the facilitators");
    expect(db().select().from(boards).where(eq(boards.id, board.id)).get()!.phase).toBe("collect");
  });

  it("an attendee deleting another's topic", async () => {
    const { event, board, alice, bob } = await leanCoffee();
    const topic = proposeTopic(board.id, { id: alice.id }, { title: "Alice's" });
    const res = await (await signedIn(bob.id)).post(`/events/${event.slug}/board`, { intent: "withdraw", topicId: String(topic.id) });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("only withdraw your own");
    expect(db().select().from(topics).where(eq(topics.id, topic.id)).get()!.status).toBe("open");
  });

  it("an unregistered user voting (and a signed-out one)", async () => {
    const { event, board, alice, outsider, organiser } = await leanCoffee();
    const topic = proposeTopic(board.id, { id: alice.id }, { title: "Members only" });
    setPhase(board.id, "vote", { id: organiser.id });
    const res = await (await signedIn(outsider.id)).post(`/events/${event.slug}/board`, { intent: "vote", topicId: String(topic.id) });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Only confirmed attendees");
    const anonymous = await client(server.url).post(`/events/${event.slug}/board`, { intent: "vote", topicId: String(topic.id) });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    expect(voteCount(board.id)).toBe(0);
  });

  it("a 10 kB title, an empty title and a bad intent", async () => {
    const { event, board, alice } = await leanCoffee();
    const a = await signedIn(alice.id);
    const url = `/events/${event.slug}/board`;
    const long = await a.post(url, { intent: "propose", title: "x".repeat(10_000) });
    expect(long.status).toBe(400);
    expect(await long.text()).toContain("At most 120 characters.");
    const empty = await a.post(url, { intent: "propose", title: "   " });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Enter a topic.");
    expect((await a.post(url, { intent: "explode" })).status).toBe(400);
    expect((await a.post(url, { intent: "vote", topicId: "not-a-number" })).status).toBe(400);
    expect(topicCount(board.id)).toBe(0);
  });

  it("starting two topics at once", async () => {
    const { event, board, alice, organiser } = await leanCoffee();
    const t1 = proposeTopic(board.id, { id: alice.id }, { title: "First" });
    const t2 = proposeTopic(board.id, { id: alice.id }, { title: "Second" });
    setPhase(board.id, "discuss", { id: organiser.id });
    const f = await signedIn(organiser.id);
    // Both at the same moment: exactly one wins.
    const [r1, r2] = await Promise.all([
      f.post(`/events/${event.slug}/board`, { intent: "start", topicId: String(t1.id) }),
      f.post(`/events/${event.slug}/board`, { intent: "start", topicId: String(t2.id) }),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([302, 409]);
    const loser = r1.status === 409 ? r1 : r2;
    expect(await loser.text()).toContain("is still being discussed");
    expect(db().select({ n: count() }).from(topics).where(eq(topics.status, "discussing")).get()!.n).toBe(1);
  });

  it("a Roman vote before the time-box ran out", async () => {
    const { event, board, alice, organiser } = await leanCoffee();
    const t1 = proposeTopic(board.id, { id: alice.id }, { title: "Timed" });
    setPhase(board.id, "discuss", { id: organiser.id });
    startTopic(board.id, t1.id, { id: organiser.id });
    const res = await (
      await signedIn(alice.id)
    ).post(`/events/${event.slug}/board`, { intent: "roman", topicId: String(t1.id), value: "continue" });
    expect(res.status).toBe(409);
    expect(db().select({ n: count() }).from(romanVotes).where(eq(romanVotes.topicId, t1.id)).get()!.n).toBe(0);
  });
  // The topic rate limit at its production value: tests/board/topic-rate-limit.test.ts
  // (the multiplier is set before that file's server starts, never under a running one).
});

describe("the vote budget under concurrency", () => {
  it("never exceeds the budget nor double counts: 100 parallel votes from one person", async () => {
    const { event, board, alice, bob, organiser } = await leanCoffee();
    const t1 = proposeTopic(board.id, { id: alice.id }, { title: "One" });
    const t2 = proposeTopic(board.id, { id: bob.id }, { title: "Two" });
    setPhase(board.id, "vote", { id: organiser.id });
    // Many tabs of the same person: separate sessions, same user.
    const tabs = await Promise.all(Array.from({ length: 4 }, () => signedIn(alice.id)));
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        tabs[i % tabs.length].post(`/events/${event.slug}/board`, { intent: "vote", topicId: String(i % 2 ? t1.id : t2.id), _js: "1" }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(97);
    expect(statuses.some((s) => s >= 500)).toBe(false);
    const rows = db().select().from(votes).where(eq(votes.boardId, board.id)).all();
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
    expect(rows.every((r) => r.userId === alice.id)).toBe(true);

    // And 100 parallel take-backs never go below zero.
    const back = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        tabs[i % tabs.length].post(`/events/${event.slug}/board`, { intent: "unvote", topicId: String(rows[i % 3].topicId), _js: "1" }),
      ),
    );
    expect(back.filter((r) => r.status === 200)).toHaveLength(3);
    expect(voteCount(board.id)).toBe(0);
  });

  it("holds without stacking too: 100 parallel votes on one topic make one dot", async () => {
    const { event, board, alice, organiser } = await leanCoffee();
    getDb().update(boards).set({ allowStacking: false }).where(eq(boards.id, board.id)).run();
    const t1 = proposeTopic(board.id, { id: alice.id }, { title: "Only once" });
    setPhase(board.id, "vote", { id: organiser.id });
    const tab = await signedIn(alice.id);
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => tab.post(`/events/${event.slug}/board`, { intent: "vote", topicId: String(t1.id), _js: "1" })),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(voteCount(board.id)).toBe(1);
  });
});
