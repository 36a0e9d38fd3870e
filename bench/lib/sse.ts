// Live fan-out: many raw SSE clients (one socket each) on one board, then votes; for
// every vote, the time from just before the vote's POST until each client has a frame.
import http from "node:http";
import { percentile } from "./load";

export type FanoutResult = {
  clients: number;
  connected: number;
  connectMs: number;
  deliveries: number;
  missed: number;
  p50: number;
  p99: number;
  max: number;
  /** With `refresh`: time until each client had also reloaded its data. */
  refreshed?: { count: number; failed: number; p50: number; p99: number; max: number };
};

type Client = { index: number; req: http.ClientRequest; res?: http.IncomingMessage; waitingSince: number | null };

export async function sseFanout(options: {
  url: string;
  headers?: Record<string, string>;
  clients: number;
  votes: number;
  /** Sends one change that every client must see (a vote); resolves when answered. */
  change: (index: number) => Promise<void>;
  /**
   * What a real page does on a frame (apply the change it carries, or reload its route
   * data): when given, every client calls it with the frame's text after its frame, and
   * the time until it settles (true = the client has fresh data) is measured too.
   */
  refresh?: (client: number, frame: string) => Promise<boolean> | boolean;
  timeoutMs?: number;
}): Promise<FanoutResult & { close: () => void }> {
  const clients: Client[] = [];
  const delays: number[] = [];
  const refreshDelays: number[] = [];
  let refreshFailed = 0;
  let missed = 0;
  let outstanding = 0;
  let allArrived: (() => void) | null = null;

  let nextIndex = 0;
  const connectStarted = performance.now();
  const connectOne = () =>
    new Promise<void>((resolve) => {
      const client: Client = { index: nextIndex++, req: null as unknown as http.ClientRequest, waitingSince: null };
      client.req = http.get(options.url, { agent: false, headers: { Accept: "text/event-stream", ...options.headers } }, (res) => {
        client.res = res;
        if (res.statusCode !== 200) {
          res.resume();
          return resolve();
        }
        clients.push(client);
        res.on("data", (chunk: Buffer) => {
          if (client.waitingSince === null) return;
          const text = chunk.toString("latin1");
          // A frame with data, not a heartbeat comment.
          if (!text.includes("data:")) return;
          const since = client.waitingSince;
          delays.push(performance.now() - since);
          client.waitingSince = null;
          if (!options.refresh) {
            if (--outstanding === 0) allArrived?.();
            return;
          }
          Promise.resolve()
            .then(() => options.refresh!(client.index, text))
            .then((ok) => (ok ? refreshDelays.push(performance.now() - since) : refreshFailed++))
            .catch(() => refreshFailed++)
            .finally(() => {
              if (--outstanding === 0) allArrived?.();
            });
        });
        res.on("error", () => {});
        resolve();
      });
      client.req.on("error", () => resolve());
    });
  // Connect in waves so the listen backlog is not the thing being measured.
  for (let i = 0; i < options.clients; i += 100) {
    await Promise.all(Array.from({ length: Math.min(100, options.clients - i) }, connectOne));
  }
  const connectMs = performance.now() - connectStarted;
  await new Promise((r) => setTimeout(r, 300));

  for (let v = 0; v < options.votes; v++) {
    const since = performance.now();
    outstanding = clients.length;
    for (const c of clients) c.waitingSince = since;
    const arrived = new Promise<void>((resolve) => {
      allArrived = resolve;
      if (outstanding === 0) resolve();
    });
    await options.change(v);
    const timedOut = await Promise.race([
      arrived.then(() => false),
      new Promise<boolean>((r) => setTimeout(() => r(true), options.timeoutMs ?? 10_000)),
    ]);
    if (timedOut) {
      for (const c of clients) {
        if (c.waitingSince !== null) missed++;
        c.waitingSince = null;
      }
    }
    allArrived = null;
    await new Promise((r) => setTimeout(r, 200));
  }

  const sorted = Float64Array.from(delays).sort();
  const refreshSorted = Float64Array.from(refreshDelays).sort();
  return {
    refreshed: options.refresh
      ? {
          count: refreshDelays.length,
          failed: refreshFailed,
          p50: percentile(refreshSorted, 50),
          p99: percentile(refreshSorted, 99),
          max: refreshSorted.length ? refreshSorted[refreshSorted.length - 1] : NaN,
        }
      : undefined,
    clients: options.clients,
    connected: clients.length,
    connectMs,
    deliveries: delays.length,
    missed,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    close: () => {
      for (const c of clients) c.req.destroy();
    },
  };
}
