// Live updates: the pub/sub module, the SSE helper, and the board's event stream
// through the real server, with the measured time from a vote to another open board.
import { describe, expect, it } from "vitest";
import { setPhase } from "~/board/boards.server";
import { castVote } from "~/board/dot-votes.server";
import { boardChannel } from "~/board/live-channel.server";
import { proposeTopic } from "~/board/topics.server";
import { getPubSub, InProcessPubSub } from "~/live/pubsub.server";
import { eventStream } from "~/live/sse.server";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { openStream, waitFor } from "./sse-client";
import { leanCoffee } from "./helpers";

const server = await startTestServer();
const decoder = new TextDecoder();

describe("in-process pub/sub", () => {
  it("serialises an event once and hands the same bytes to every subscriber", () => {
    const pubsub = new InProcessPubSub();
    const seen: Uint8Array[] = [];
    pubsub.subscribe("c", (e) => seen.push(e.frame));
    pubsub.subscribe("c", (e) => seen.push(e.frame));
    pubsub.subscribe("other", (e) => seen.push(e.frame));
    const event = pubsub.publish("c", "board", { kind: "vote" });
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]).toBe(event.frame);
    expect(decoder.decode(event.frame)).toBe(`id: ${event.id}\nevent: board\ndata: {"kind":"vote"}\n\n`);
  });

  it("replays what a client missed, or says it cannot (other epoch, unknown id, overflow)", () => {
    const pubsub = new InProcessPubSub(3);
    const first = pubsub.publish("c", "board", 1);
    const second = pubsub.publish("c", "board", 2);
    pubsub.publish("d", "board", "elsewhere");
    const third = pubsub.publish("c", "board", 3);
    expect(pubsub.since("c", first.id)?.map((e) => e.data)).toEqual([2, 3]);
    expect(pubsub.since("c", third.id)).toEqual([]);
    expect(pubsub.since("c", "deadbeef-1")).toBeNull();
    expect(pubsub.since("c", "garbage")).toBeNull();
    pubsub.publish("c", "board", 4);
    pubsub.publish("c", "board", 5);
    // Buffer of 3 is full and everything in it is newer than `first`: some were lost.
    expect(pubsub.since("c", first.id)).toBeNull();
    expect(pubsub.since("c", second.id)).toBeNull();
  });

  it("coalesces a window's calls into one frame with the id it promised, sent before any later frame", async () => {
    const pubsub = new InProcessPubSub();
    const seen: string[] = [];
    pubsub.subscribe("c", (e) => seen.push(`${e.id} ${JSON.stringify(e.data)}`));
    const start = pubsub.lastEventId("c");
    const promised = pubsub.publishCoalesced("c", "board", { kind: "votes" }, 10_000);
    expect(pubsub.publishCoalesced("c", "board", { kind: "votes" }, 10_000)).toBe(promised);
    expect(seen).toEqual([]);
    const later = pubsub.publish("c", "board", { kind: "phase" });
    expect(seen).toEqual([`${promised} {"kind":"votes"}`, `${later.id} {"kind":"phase"}`]);
    expect(pubsub.since("c", start)!.map((e) => e.id)).toEqual([promised, later.id]);
    // A new window after that; sent when its timer runs out.
    const next = pubsub.publishCoalesced("c", "board", { kind: "votes" }, 20);
    await waitFor(() => pubsub.lastEventId("c") === next);
    expect(seen).toHaveLength(3);
  });

  it("unsubscribes cleanly", () => {
    const pubsub = new InProcessPubSub();
    const off = pubsub.subscribe("c", () => {});
    expect(pubsub.subscriberCount("c")).toBe(1);
    off();
    expect(pubsub.subscriberCount()).toBe(0);
  });
});

describe("SSE helper", () => {
  it("sends heartbeats and releases everything when the client goes away", async () => {
    const pubsub = new InProcessPubSub();
    const abort = new AbortController();
    const response = eventStream({ request: new Request("http://x/", { signal: abort.signal }), channel: "c", pubsub, heartbeatMs: 30 });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    let text = "";
    while (!text.includes(": heartbeat")) text += decoder.decode((await reader.read()).value);
    expect(text).toContain("retry: 2000");
    expect(pubsub.subscriberCount("c")).toBe(1);
    abort.abort();
    expect(pubsub.subscriberCount("c")).toBe(0);
    expect((await reader.read()).done).toBe(true);
  });

  it("tells a reconnecting client with an unknown Last-Event-ID to load afresh", async () => {
    const pubsub = new InProcessPubSub();
    const response = eventStream({ request: new Request("http://x/", { headers: { "Last-Event-ID": "old-7" } }), channel: "c", pubsub });
    const reader = response.body!.getReader();
    let text = "";
    while (!text.includes("event: reset")) text += decoder.decode((await reader.read()).value);
    await reader.cancel();
    expect(pubsub.subscriberCount("c")).toBe(0);
  });
});

describe("the board's event stream through the server", () => {
  it("delivers a vote to another open board well within a second", async () => {
    const { event, board, alice, bob, organiser } = await leanCoffee();
    const topic = proposeTopic(board.id, { id: alice.id }, { title: "Live" });
    setPhase(board.id, "vote", { id: organiser.id });
    const liveUrl = `${server.url}/events/${event.slug}/boards/${board.id}/live`;
    const bobPage = client(server.url, await sessionCookieFor(bob.id));
    const stream = await openStream(liveUrl, { Cookie: bobPage.cookie });
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(stream.response.headers.get("content-encoding")).toBeNull();
    await waitFor(() => getPubSub().subscriberCount(boardChannel(board.id)) === 1);

    const alicePage = client(server.url, await sessionCookieFor(alice.id));
    // Warm up the route modules once, so the figures show steady state.
    await bobPage.get(`/events/${event.slug}/boards/${board.id}?_data=routes%2Fevents.%24slug.boards.%24boardId`);
    await alicePage.post(`/events/${event.slug}/boards/${board.id}?_data=routes%2Fevents.%24slug.boards.%24boardId`, {
      intent: "unvote",
      topicId: String(topic.id),
      _js: "1",
    });
    const samples: { event: number; visible: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const before = stream.frames.length;
      const t0 = performance.now();
      // As the browser's fetcher posts it: ?_data= asks Remix for data, not a document.
      const res = await alicePage.post(`/events/${event.slug}/boards/${board.id}?_data=routes%2Fevents.%24slug.boards.%24boardId`, {
        intent: "vote",
        topicId: String(topic.id),
        _js: "1",
      });
      expect(res.status).toBe(200);
      const frame = await stream.next((f) => stream.frames.indexOf(f) >= before && f.event === "board");
      expect(JSON.parse(frame.data!)).toMatchObject({ kind: "vote", topicId: topic.id });
      // What Bob's page does on the event: reload its data (as useRevalidator does).
      const data = await bobPage.get(`/events/${event.slug}/boards/${board.id}?_data=routes%2Fevents.%24slug.boards.%24boardId`);
      const json = await data.json();
      const t1 = performance.now();
      expect(json.view.open[0].votes).toBe(i + 1);
      samples.push({ event: frame.at - t0, visible: t1 - t0 });
    }
    console.log(
      `[board live] vote POST → SSE event at the other board: ${samples.map((s) => s.event.toFixed(1)).join(", ")} ms; ` +
        `→ reloaded data showing the vote: ${samples.map((s) => s.visible.toFixed(1)).join(", ")} ms (worst ${Math.max(...samples.map((s) => s.visible)).toFixed(1)} ms)`,
    );
    // The 1-second target is measured (and reported) by the log line above and by
    // `npm run bench`. That delivery is live is proven above without a clock (which a loaded
    // machine fails): each vote's frame arrived on the open stream before Bob asked for data.

    stream.close();
    await waitFor(() => getPubSub().subscriberCount(boardChannel(board.id)) === 0);
  });

  it("catches a reconnecting client up from Last-Event-ID", async () => {
    const { event, board, alice, organiser } = await leanCoffee();
    const topic = proposeTopic(board.id, { id: alice.id }, { title: "Catch-up" });
    const liveUrl = `${server.url}/events/${event.slug}/boards/${board.id}/live`;
    const first = await openStream(liveUrl);
    await waitFor(() => getPubSub().subscriberCount(boardChannel(board.id)) === 1);
    setPhase(board.id, "vote", { id: organiser.id });
    const seen = await first.next((f) => f.event === "board");
    first.close();
    await waitFor(() => getPubSub().subscriberCount(boardChannel(board.id)) === 0);

    // Missed while offline:
    castVote(board.id, topic.id, { id: alice.id });
    castVote(board.id, topic.id, { id: alice.id });
    const again = await openStream(liveUrl, { "Last-Event-ID": seen.id! });
    const replayed = await again.next((f) => f.event === "board" && again.frames.filter((x) => x.event === "board").length >= 2);
    expect(replayed).toBeDefined();
    expect(again.frames.filter((f) => f.event === "board").map((f) => JSON.parse(f.data!).kind)).toEqual(["vote", "vote"]);
    again.close();

    const stale = await openStream(liveUrl, { "Last-Event-ID": "0000-1" });
    await stale.next((f) => f.event === "reset");
    stale.close();
  });

  it("is 404 for a board of another event and for drafts", async () => {
    const a = await leanCoffee();
    const b = await leanCoffee();
    expect((await fetch(`${server.url}/events/${a.event.slug}/boards/${b.board.id}/live`)).status).toBe(404);
    const draft = await leanCoffee({ status: "draft" });
    expect((await fetch(`${server.url}/events/${draft.event.slug}/boards/${draft.board.id}/live`)).status).toBe(404);
  });
});
