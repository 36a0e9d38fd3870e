// Security review, 7 Dec 2026: one client must not exhaust the server with live streams.
// A client address may hold LIVE_STREAMS_PER_ADDRESS streams at once, the process
// LIVE_STREAMS_TOTAL; past either the stream is refused with 429 and Retry-After, nothing
// is subscribed or counted, and a closed stream gives its slot back. Small caps here
// (production: 1,000 per address, a venue's phones share one; 4,000 in all); addresses
// come from X-Forwarded-For, so this file runs with TRUST_PROXY=1 in its own process.
process.env.TRUST_PROXY = "1";
process.env.LIVE_STREAMS_PER_ADDRESS = "5";
process.env.LIVE_STREAMS_TOTAL = "12";

import { afterEach, describe, expect, it } from "vitest";
import { boardChannel } from "~/board/live-channel.server";
import { liveRetryDelayMs } from "~/board/ui/live";
import { getPubSub } from "~/live/pubsub.server";
import { openStreamCount } from "~/live/stream-slots.server";
import { resetEnvCache } from "~/utils/env.server";
import { startTestServer } from "../helpers/server";
import { leanCoffee } from "./helpers";
import { openStream, waitFor } from "./sse-client";

resetEnvCache();
const server = await startTestServer();
type Stream = Awaited<ReturnType<typeof openStream>>;
const opened: Stream[] = [];

async function board() {
  const { event, board } = await leanCoffee();
  return { url: `${server.url}/events/${event.slug}/boards/${board.id}/live`, channel: boardChannel(board.id), boardId: board.id };
}

/** Opens `n` streams from `address`, each one connected (its first frame is here) or refused. */
async function open(url: string, address: string, n = 1) {
  const streams = await Promise.all(Array.from({ length: n }, () => openStream(url, { "X-Forwarded-For": address })));
  opened.push(...streams);
  return streams;
}

const statuses = (streams: Stream[]) => streams.map((s) => s.response.status);

afterEach(async () => {
  for (const stream of opened.splice(0)) stream.close();
  await waitFor(() => openStreamCount() === 0);
});

describe("live streams per client address", () => {
  it("refuses the stream past the cap with 429 and Retry-After, and the refused one holds nothing", async () => {
    const { url, channel } = await board();
    const mine = await open(url, "203.0.113.7", 5);
    expect(statuses(mine)).toEqual([200, 200, 200, 200, 200]);
    await waitFor(() => getPubSub().subscriberCount(channel) === 5);

    const [refused] = await open(url, "203.0.113.7");
    expect(refused.response.status).toBe(429);
    expect(refused.response.headers.get("retry-after")).toBe("30");
    expect(refused.response.headers.get("content-type")).toMatch(/^text\/plain/);
    const body = await fetch(url, { headers: { "X-Forwarded-For": "203.0.113.7" } });
    expect([body.status, await body.text()]).toEqual([429, "Too many live connections from your address. Reload the page in a while."]);
    expect(openStreamCount("203.0.113.7")).toBe(5);
    expect(openStreamCount()).toBe(5);
    expect(getPubSub().subscriberCount(channel)).toBe(5);
  });

  it("gives a closed stream's slot back: five opened, closed, and five opened again", async () => {
    const { url, channel } = await board();
    const first = await open(url, "203.0.113.8", 5);
    expect(statuses(first)).toEqual([200, 200, 200, 200, 200]);
    for (const stream of first) stream.close();
    await waitFor(() => openStreamCount("203.0.113.8") === 0 && getPubSub().subscriberCount(channel) === 0);

    const again = await open(url, "203.0.113.8", 5);
    expect(statuses(again)).toEqual([200, 200, 200, 200, 200]);
    expect(openStreamCount("203.0.113.8")).toBe(5);
    // One closed, one more fits; the next is refused again.
    again[0].close();
    await waitFor(() => openStreamCount("203.0.113.8") === 4);
    expect(statuses(await open(url, "203.0.113.8", 2))).toEqual([200, 429]);
  });

  it("leaves another address unaffected: it opens its streams and receives the board's frames", async () => {
    const { url, channel, boardId } = await board();
    await open(url, "203.0.113.9", 6);
    expect(openStreamCount("203.0.113.9")).toBe(5);
    const [other] = await open(url, "198.51.100.4");
    expect(other.response.status).toBe(200);
    expect(openStreamCount("198.51.100.4")).toBe(1);
    const published = getPubSub().publish(channel, "board", { kind: "phase", boardId });
    expect((await other.next((f) => f.id === published.id)).data).toBe(`{"kind":"phase","boardId":${boardId}}`);
  });
});

describe("live streams in all", () => {
  it("refuses any address once the process holds its total, and takes it again when one closes", async () => {
    const { url } = await board();
    await open(url, "192.0.2.1", 5);
    await open(url, "192.0.2.2", 5);
    const third = await open(url, "192.0.2.3", 3);
    expect(statuses(third)).toEqual(expect.arrayContaining([200, 200, 429]));
    expect(openStreamCount()).toBe(12);
    expect(openStreamCount("192.0.2.3")).toBe(2);
    expect(statuses(await open(url, "192.0.2.4"))).toEqual([429]);

    third.find((s) => s.response.status === 200)!.close();
    await waitFor(() => openStreamCount() === 11);
    expect(statuses(await open(url, "192.0.2.4"))).toEqual([200]);
  });
});

describe("a page whose stream was refused", () => {
  it("asks again only after the server's Retry-After, doubling the wait up to 5 minutes, spread at random", () => {
    const least = (refusals: number) => liveRetryDelayMs(refusals, () => 0);
    const most = (refusals: number) => liveRetryDelayMs(refusals, () => 0.999_999);
    expect([0, 1, 2, 3, 4, 10].map(least)).toEqual([30_000, 60_000, 120_000, 240_000, 300_000, 300_000]);
    expect([0, 1, 4].map(most)).toEqual([45_000, 90_000, 450_000]);
  });
});
