// Live deltas: the board's frames carry the public part of a change (a topic's tally, a
// Roman vote's counts) so open pages apply it without reloading; hidden tallies never
// leak through the stream; the voter's own vote is answered with the new state; the
// page's merge never lets an older frame hide fresher data.
import { describe, expect, it } from "vitest";
import { setPhase, updateBoardSettings } from "~/board/boards.server";
import { castRomanVote, endTimebox, startTopic } from "~/board/discussion.server";
import { castVote, retractVote } from "~/board/dot-votes.server";
import { boardChannel, boardRevision } from "~/board/live-channel.server";
import { proposeTopic } from "~/board/topics.server";
import { getBoardView } from "~/board/view.server";
import { getPubSub, type LiveEvent } from "~/live/pubsub.server";
import { initialOverrides, isNewer, mergeBoardView, overridesReducer, type OverrideAction } from "~/board/ui/votes";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { leanCoffee } from "./helpers";

const server = await startTestServer();

function listen(boardId: number) {
  const frames: LiveEvent[] = [];
  const off = getPubSub().subscribe(boardChannel(boardId), (e) => frames.push(e));
  return { frames, off, last: () => frames[frames.length - 1].data as Record<string, unknown> };
}

const settings = (hideTallies: boolean) => ({
  title: "Lean Coffee",
  votesPerPerson: 3,
  allowStacking: true,
  hideTallies,
  timeboxMinutes: 8,
  extensionMinutes: 4,
  takeawaysBy: "facilitator" as const,
});

describe("frames", () => {
  it("carry a topic's new tally when tallies are public, with the voter's state in the reply", async () => {
    const { board, alice, bob, organiser } = await leanCoffee();
    const topic = proposeTopic(board.id, { id: alice.id }, { title: "Public tallies" });
    setPhase(board.id, "vote", { id: organiser.id });
    const live = listen(board.id);
    const first = castVote(board.id, topic.id, { id: alice.id }, { ref: "abc-1" });
    expect(live.last()).toMatchObject({ kind: "vote", topicId: topic.id, votes: 1, ref: "abc-1" });
    expect(first).toEqual({ topicId: topic.id, votes: 1, myVotes: 1, dotsLeft: 2, live: live.frames[0].id });
    expect(castVote(board.id, topic.id, { id: bob.id })).toMatchObject({ votes: 2, myVotes: 1, dotsLeft: 2 });
    expect(live.last()).toMatchObject({ votes: 2 });
    expect(live.last()).not.toHaveProperty("ref");
    expect(retractVote(board.id, topic.id, { id: alice.id })).toMatchObject({ votes: 1, myVotes: 0, dotsLeft: 3 });
    expect(live.last()).toMatchObject({ kind: "vote", topicId: topic.id, votes: 1 });
    // A ref that is not a short token is not echoed.
    castVote(board.id, topic.id, { id: alice.id }, { ref: "<script>" });
    expect(live.last()).not.toHaveProperty("ref");
    live.off();
  });

  it("carry no count and no topic while tallies are hidden: one coalesced frame; only the facilitator's own reply has a count", async () => {
    const { board, alice, organiser } = await leanCoffee();
    const topic = proposeTopic(board.id, { id: alice.id }, { title: "Hidden tallies" });
    updateBoardSettings(board.id, settings(true), { id: organiser.id });
    setPhase(board.id, "vote", { id: organiser.id });
    const live = listen(board.id);
    const first = castVote(board.id, topic.id, { id: alice.id });
    expect(first).toMatchObject({ votes: null, myVotes: 1, dotsLeft: 2 });
    expect(castVote(board.id, topic.id, { id: organiser.id })).toMatchObject({ votes: 2, myVotes: 1, live: first.live });
    expect(retractVote(board.id, topic.id, { id: alice.id })).toMatchObject({ votes: null, myVotes: 0, dotsLeft: 3, live: first.live });
    // Any other change sends the waiting frame first, so frames stay in id order.
    setPhase(board.id, "discuss", { id: organiser.id });
    expect(live.frames.map((f) => f.id)).toEqual([first.live, expect.any(String)]);
    expect(live.frames[0].data).toEqual({ kind: "votes", boardId: board.id, at: expect.any(Number) });
    expect(new TextDecoder().decode(live.frames[0].frame)).not.toMatch(/"votes":|topicId/);
    live.off();
  });

  it("carry the Roman vote's counts of the round (shown to everyone)", async () => {
    const { board, alice, bob, organiser } = await leanCoffee();
    const topic = proposeTopic(board.id, { id: alice.id }, { title: "Roman" });
    setPhase(board.id, "vote", { id: organiser.id });
    setPhase(board.id, "discuss", { id: organiser.id });
    startTopic(board.id, topic.id, { id: organiser.id });
    endTimebox(board.id, topic.id, { id: organiser.id });
    const live = listen(board.id);
    castRomanVote(board.id, topic.id, { id: alice.id }, "continue");
    castRomanVote(board.id, topic.id, { id: bob.id }, "move_on");
    expect(live.last()).toMatchObject({ kind: "roman", topicId: topic.id, roman: { round: 0, continue: 1, neutral: 0, move_on: 1 } });
    castRomanVote(board.id, topic.id, { id: bob.id }, "continue");
    expect(live.last()).toMatchObject({ roman: { continue: 2, move_on: 0 } });
    // Counts only: nobody's vote is named.
    expect(JSON.stringify(live.frames.map((f) => f.data))).not.toMatch(/userId|mine|Alice|Bob/);
    live.off();
  });

  it("give the view its live revision: the id of the newest frame it reflects", async () => {
    const { board, alice, organiser } = await leanCoffee();
    const topic = proposeTopic(board.id, { id: alice.id }, { title: "Revision" });
    setPhase(board.id, "vote", { id: organiser.id });
    const vote = castVote(board.id, topic.id, { id: alice.id });
    const view = getBoardView(board.id, { id: alice.id });
    expect(view.live).toBe(vote.live);
    expect(view.live).toBe(boardRevision(board.id));
    expect(view.open[0]).toMatchObject({ votes: 1, myVotes: 1 });
  });
});

describe("the vote action with JavaScript", () => {
  it("replies with the new state instead of a redirect, and refuses over budget with 409 and a message", async () => {
    const { event, board, alice, organiser } = await leanCoffee();
    const topic = proposeTopic(board.id, { id: alice.id }, { title: "Reply" });
    setPhase(board.id, "vote", { id: organiser.id });
    const a = client(server.url, await sessionCookieFor(alice.id));
    const url = `/events/${event.slug}/boards/${board.id}?_data=${encodeURIComponent("routes/events.$slug.boards.$boardId")}`;
    const fields = { intent: "vote", topicId: String(topic.id), _js: "1", ref: "r1" };
    const res = await a.post(url, fields);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "success", intent: "vote", topicId: topic.id, votes: 1, myVotes: 1, dotsLeft: 2 });
    await a.post(url, fields);
    await a.post(url, fields);
    const refused = await a.post(url, fields);
    expect(refused.status).toBe(409);
    expect(JSON.stringify(await refused.json())).toContain("You have used all 3 of your dots");
    const back = await a.post(url, { ...fields, intent: "unvote" });
    expect(await back.json()).toMatchObject({ intent: "unvote", votes: 2, myVotes: 2, dotsLeft: 1 });
    // Without JavaScript: post, redirect, get.
    const plain = await a.post(`/events/${event.slug}/board`, { intent: "vote", topicId: String(topic.id) });
    expect(plain.status).toBe(302);
    expect(plain.headers.get("location")).toBe(`/events/${event.slug}/board`);
  });
});

describe("the page's merge of live data into the loader's view", () => {
  const topic = (id: number, votes: number | null, myVotes = 0) => ({ id, title: `T${id}`, votes, myVotes });
  const view = (live: string, topics = [topic(1, 5), topic(2, 3)], dotsLeft = 3) => ({
    live,
    open: topics,
    discussed: [],
    discussing: null,
    talliesVisible: topics.every((t) => t.votes !== null),
    dotsLeft,
    board: { votesPerPerson: 3 },
    roman: null,
  });
  const run = (...actions: OverrideAction[]) => actions.reduce(overridesReducer, initialOverrides());

  it("orders event ids within an epoch and never across a restart", () => {
    expect(isNewer("ab-10", "ab-9")).toBe(true);
    expect(isNewer("ab-9", "ab-10")).toBe(false);
    expect(isNewer("ab-9", "ab-9")).toBe(false);
    expect(isNewer("cd-1", "ab-9")).toBe(false);
  });

  it("applies a newer frame and re-sorts, but a frame older than the loader's data changes nothing", () => {
    const state = run({ type: "frame-vote", live: "ep-12", topicId: 2, votes: 7 });
    const merged = mergeBoardView(view("ep-10"), state);
    expect(merged.open.map((t) => [t.id, t.votes])).toEqual([
      [2, 7],
      [1, 5],
    ]);
    expect(merged.maxVotes).toBe(7);
    // The loader reloaded after that frame (revision 15, topic 2 now at 4): the old frame loses.
    const fresher = mergeBoardView(view("ep-15", [topic(1, 5), topic(2, 4)]), state);
    expect(fresher.open.map((t) => [t.id, t.votes])).toEqual([
      [1, 5],
      [2, 4],
    ]);
    // A frame that arrives late (older than a frame already applied) is ignored too.
    const late = overridesReducer(state, { type: "frame-vote", live: "ep-11", topicId: 2, votes: 6 });
    expect(mergeBoardView(view("ep-10"), late).open.find((t) => t.id === 2)!.votes).toBe(7);
    // Pruning after a reload drops what the data caught up with.
    const pruned = overridesReducer(state, { type: "prune", live: "ep-15" });
    expect(pruned.tally.size).toBe(0);
  });

  it("shows one's own vote at once, counts it once when its frame comes first, and rolls back a refusal", () => {
    const base = view("ep-10");
    const sent = run({ type: "send", pending: { ref: "r1", topicId: 1, delta: 1, seen: false } });
    let merged = mergeBoardView(base, sent);
    expect(merged.open.find((t) => t.id === 1)).toMatchObject({ votes: 6, myVotes: 1 });
    expect(merged.dotsLeft).toBe(2);
    // Its frame arrives before the reply: the tally includes it, and it is not added twice.
    const framed = overridesReducer(sent, { type: "frame-vote", live: "ep-11", topicId: 1, votes: 6, ref: "r1" });
    merged = mergeBoardView(base, framed);
    expect(merged.open.find((t) => t.id === 1)).toMatchObject({ votes: 6, myVotes: 1 });
    // The reply settles it.
    const replied = overridesReducer(framed, {
      type: "reply",
      ref: "r1",
      reply: { topicId: 1, votes: 6, myVotes: 1, dotsLeft: 2, live: "ep-11" },
    });
    merged = mergeBoardView(base, replied);
    expect(merged.open.find((t) => t.id === 1)).toMatchObject({ votes: 6, myVotes: 1 });
    expect(merged.dotsLeft).toBe(2);
    // A refused vote (reply null) disappears again.
    const refused = run(
      { type: "send", pending: { ref: "r2", topicId: 2, delta: 1, seen: false } },
      { type: "reply", ref: "r2", reply: null },
    );
    merged = mergeBoardView(base, refused);
    expect(merged.open.find((t) => t.id === 2)).toMatchObject({ votes: 3, myVotes: 0 });
    expect(merged.dotsLeft).toBe(3);
  });

  it("keeps hidden tallies hidden and applies Roman counts of the current round only", () => {
    const hidden = view("ep-10", [topic(1, null, 1)], 2);
    const state = run({ type: "frame-vote", live: "ep-11", topicId: 1, votes: 9 });
    expect(mergeBoardView(hidden, state).open[0].votes).toBeNull();
    const discussing = {
      ...view("ep-10", []),
      discussing: topic(4, 2),
      roman: { round: 1, continue: 0, neutral: 0, move_on: 0, mine: null, open: true },
    };
    const roman = run({ type: "frame-roman", live: "ep-11", topicId: 4, roman: { round: 1, continue: 2, neutral: 1, move_on: 0 } });
    expect(mergeBoardView(discussing, roman).roman).toMatchObject({ continue: 2, neutral: 1, mine: null, open: true });
    const oldRound = run({ type: "frame-roman", live: "ep-11", topicId: 4, roman: { round: 0, continue: 5, neutral: 0, move_on: 0 } });
    expect(mergeBoardView(discussing, oldRound).roman).toMatchObject({ continue: 0 });
  });
});
