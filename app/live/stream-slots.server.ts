// How many live streams (server-sent events) may be open at once: per client address and
// in all, so one client opening thousands of EventSource connections cannot run the
// process out of memory or file descriptors (security review, 7 Dec 2026). The per-address
// cap is generous because a venue's phones share one Wi-Fi address (a room of ~200, each
// with a tab or a few); the total is twice the benchmark's 2,000 live clients per process.
// A slot is taken before a stream opens and given back when it closes; counts live in
// this process's memory, like the streams themselves (remember(): one table per process).
import { getEnv } from "~/utils/env.server";
import { remember } from "~/utils/remember";

/** Seconds a refused client is told to wait (`Retry-After`). */
export const STREAM_RETRY_AFTER_SECONDS = 30;

type Slots = { byAddress: Map<string, number>; total: number };

const slots = () => remember<Slots>("live-stream-slots", () => ({ byAddress: new Map(), total: 0 }));

/**
 * Takes a stream slot for `address`: a function that gives it back (once, however often it
 * is called), or null when the address or the process is at its cap.
 */
export function takeStreamSlot(address: string | null): (() => void) | null {
  const { LIVE_STREAMS_PER_ADDRESS: perAddress, LIVE_STREAMS_TOTAL: total } = getEnv();
  const table = slots();
  const key = address ?? "unknown";
  const open = table.byAddress.get(key) ?? 0;
  if (open >= perAddress || table.total >= total) return null;
  table.byAddress.set(key, open + 1);
  table.total += 1;
  let given = false;
  return () => {
    if (given) return;
    given = true;
    table.total -= 1;
    const left = (table.byAddress.get(key) ?? 1) - 1;
    if (left > 0) table.byAddress.set(key, left);
    else table.byAddress.delete(key);
  };
}

/** Streams open now, for one address or in all (tests, diagnostics). */
export function openStreamCount(address?: string) {
  const table = slots();
  return address === undefined ? table.total : (table.byAddress.get(address) ?? 0);
}
