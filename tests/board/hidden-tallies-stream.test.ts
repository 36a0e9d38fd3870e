// Issue 18, finding 2: while a board's tallies are hidden, nothing anyone can read (the
// live stream, its replay, the board's JSON, the presenter and summary pages, topics
// carried over from such a board) carries or implies a topic's count. Frames are read
// over HTTP from the real server, as a signed-out visitor would.
import { describe, expect, it } from "vitest";
import { createBoard, setPhase, updateBoardSettings } from "~/board/boards.server";
import { carryOverTopics } from "~/board/carry-over.server";
import { castVote, retractVote } from "~/board/dot-votes.server";
import { boardChannel, boardRevision } from "~/board/live-channel.server";
import { proposeTopic } from "~/board/topics.server";
import { getBoardView } from "~/board/view.server";
import { getPubSub } from "~/live/pubsub.server";
import { makeEvent } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { boardSettings, leanCoffee } from "./helpers";
import { openStream, waitFor } from "./sse-client";

const server = await startTestServer();
const DATA = "?_data=routes%2Fevents.%24slug.boards.%24boardId";

async function hiddenBoardWithTopics() {
  const world = await leanCoffee();
  const { board, alice, bob, organiser } = world;
  const a = proposeTopic(board.id, { id: alice.id }, { title: "Topic A" });
  const b = proposeTopic(board.id, { id: bob.id }, { title: "Topic B" });
  updateBoardSettings(board.id, boardSettings({ hideTallies: true }), { id: organiser.id });
  setPhase(board.id, "vote", { id: organiser.id });
  return { ...world, a, b, liveUrl: `${server.url}/events/${world.event.slug}/boards/${board.id}/live` };
}

const boardFrames = (frames: { event?: string; data?: string }[]) =>
  frames.filter((f) => f.event === "board").map((f) => JSON.parse(f.data!) as Record<string, unknown>);

describe("the live stream while tallies are hidden", () => {
  it("tells a signed-out listener only that votes changed: one frame per burst, no topic, no count", async () => {
    const { board, alice, bob, organiser, a, b, liveUrl, event } = await hiddenBoardWithTopics();
    const stream = await openStream(liveUrl);
    await waitFor(() => getPubSub().subscriberCount(boardChannel(board.id)) === 1);

    // A burst: three dots on A, one on B, one taken back from A.
    castVote(board.id, a.id, { id: alice.id }, { ref: "alice-1" });
    castVote(board.id, a.id, { id: alice.id });
    castVote(board.id, a.id, { id: bob.id });
    castVote(board.id, b.id, { id: bob.id });
    const reply = retractVote(board.id, a.id, { id: alice.id });
    // The voter's own state comes back in the reply, tagged with the frame that will announce it.
    expect(reply).toMatchObject({ topicId: a.id, votes: null, myVotes: 1, dotsLeft: 2 });

    const changed = await stream.next((f) => f.event === "board" && JSON.parse(f.data!).kind === "votes");
    expect(changed.id).toBe(reply.live);
    // A sentinel frame after the burst: everything before it has arrived.
    updateBoardSettings(board.id, boardSettings({ hideTallies: true }), { id: organiser.id });
    await waitFor(() => boardFrames(stream.frames).some((f) => f.kind === "settings"));
    const frames = boardFrames(stream.frames);
    expect(frames.map((f) => f.kind)).toEqual(["votes", "settings"]);
    expect(frames[0]).toEqual({ kind: "votes", boardId: board.id, at: expect.any(Number) });
    for (const f of frames) {
      expect(f).not.toHaveProperty("votes");
      expect(f).not.toHaveProperty("ref");
    }
    stream.close();

    // The facilitator's board (tallies shown to them) reloads on that frame and sees the counts.
    const fay = client(server.url, await sessionCookieFor(organiser.id));
    const facilitatorView = await (await fay.get(`/events/${event.slug}/boards/${board.id}${DATA}`)).json();
    expect(facilitatorView.view.live).toBe(stream.frames.at(-1)!.id);
    expect(Object.fromEntries(facilitatorView.view.open.map((t: { id: number; votes: number }) => [t.id, t.votes]))).toEqual({
      [a.id]: 2,
      [b.id]: 1,
    });
    // Alice's reloaded page agrees with the reply she got.
    const alicePage = client(server.url, await sessionCookieFor(alice.id));
    const aliceView = await (await alicePage.get(`/events/${event.slug}/boards/${board.id}${DATA}`)).json();
    expect(aliceView.view.open.map((t: { votes: number | null; myVotes: number }) => [t.votes, t.myVotes])).toEqual([
      [null, 1],
      [null, 0],
    ]);
    expect(aliceView.view.dotsLeft).toBe(2);
  });

  it("replays no per-topic frames to ?lastEventId=<epoch>-0", async () => {
    const { board, alice, bob, a, b, liveUrl } = await hiddenBoardWithTopics();
    castVote(board.id, a.id, { id: alice.id });
    castVote(board.id, a.id, { id: bob.id });
    const reply = castVote(board.id, b.id, { id: bob.id });
    await waitFor(() => boardRevision(board.id) === reply.live);
    const epoch = reply.live.split("-")[0];
    const replay = await openStream(`${liveUrl}?lastEventId=${epoch}-0`);
    const replayed = await replay.next((f) => f.id === reply.live);
    expect(JSON.parse(replayed.data!)).toEqual({ kind: "votes", boardId: board.id, at: expect.any(Number) });
    // Before the votes: the two topics proposed and the phase; then one "votes" frame.
    expect(boardFrames(replay.frames).map((f) => f.kind)).toEqual(["topic", "topic", "settings", "phase", "votes"]);
    for (const f of boardFrames(replay.frames)) expect(f).not.toHaveProperty("votes");
    replay.close();
  });

  it("keeps today's per-topic deltas once tallies are public", async () => {
    const { board, alice, a, organiser, liveUrl } = await hiddenBoardWithTopics();
    castVote(board.id, a.id, { id: alice.id });
    updateBoardSettings(board.id, boardSettings({ hideTallies: false }), { id: organiser.id });
    const stream = await openStream(liveUrl);
    await waitFor(() => getPubSub().subscriberCount(boardChannel(board.id)) === 1);
    const reply = castVote(board.id, a.id, { id: alice.id }, { ref: "r-2" });
    const frame = await stream.next((f) => f.id === reply.live);
    expect(JSON.parse(frame.data!)).toMatchObject({ kind: "vote", topicId: a.id, votes: 2, ref: "r-2" });
    stream.close();
  });
});

describe("topics carried over from a board whose tallies are hidden", () => {
  it("show no count from that board, on the page, its JSON, the presenter and the summary", async () => {
    const { board, alice, bob, organiser, a } = await hiddenBoardWithTopics();
    castVote(board.id, a.id, { id: alice.id });
    castVote(board.id, a.id, { id: bob.id });
    const next = makeEvent({ format: "lean_coffee", organiserIds: [organiser.id], title: "Next exchange" });
    const target = createBoard(next.id, { id: organiser.id });
    carryOverTopics(board.id, target.id, { id: organiser.id });

    const view = getBoardView(target.id, null);
    const carried = view.open.find((t) => t.title === "Topic A")!;
    expect(carried.carriedFrom).toEqual({ eventTitle: expect.any(String), votes: null });

    const visitor = client(server.url);
    const json = await (await visitor.get(`/events/${next.slug}/boards/${target.id}${DATA}`)).json();
    const topicA = json.view.open.find((t: { title: string }) => t.title === "Topic A");
    expect(topicA.carriedFrom).toEqual({ eventTitle: expect.any(String), votes: null });
    const page = await (await visitor.get(`/events/${next.slug}/boards/${target.id}`)).text();
    expect(page).toContain("Carried over from");
    expect(page).not.toMatch(/2 dots there/);
    for (const path of ["present", "summary"]) {
      const res = await visitor.get(`/events/${next.slug}/boards/${target.id}/${path}`);
      expect(res.status).toBe(200);
      expect(await res.text()).not.toMatch(/2 dots there/);
    }

    // Once the first board's tallies are public, the count is shown.
    setPhase(board.id, "discuss", { id: organiser.id });
    updateBoardSettings(target.id, boardSettings(), { id: organiser.id });
    expect(getBoardView(target.id, null).open.find((t) => t.title === "Topic A")!.carriedFrom).toEqual({
      eventTitle: expect.any(String),
      votes: 2,
    });
  });
});
