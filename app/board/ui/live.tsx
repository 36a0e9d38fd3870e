// Keeps a page in step with the server: listens to the board's event stream. Frames that
// carry the change itself (a topic's new tally, a Roman vote's counts) are handed to
// `onFrame` and applied in place; for the others the route data is reloaded, coalesced.
// EventSource reconnects by itself and sends Last-Event-ID; after a `reset` (missed
// events unknown) or a reconnect we load afresh. A refused stream (429) is asked for again
// only after a growing, jittered wait (liveRetryDelayMs).
import { useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useHydrated } from "~/components/enhanced-flag";

// Shared with the schedule and other pages; re-exported so board files keep importing them from here.
export { EnhancedFlag, useHydrated } from "~/components/enhanced-flag";

export type LiveStatus = "connecting" | "live" | "offline";

export type LiveFrame = { kind?: string; topicId?: number; votes?: number; [key: string]: unknown };

export function useLiveBoard(
  url: string | null,
  options: {
    /** Applies a frame in place; true when nothing needs reloading. */
    onFrame?: (id: string, data: LiveFrame) => boolean;
    /** Whether a vote frame without a tally (tallies hidden) should reload: facilitators see counts. */
    reloadOnHiddenVotes?: boolean;
  } = {},
) {
  const revalidator = useRevalidator();
  const state = useRef({ revalidator, queued: false, options });
  state.current.revalidator = revalidator;
  state.current.options = options;
  const [status, setStatus] = useState<LiveStatus>("connecting");

  // Coalesce bursts: while a reload is in flight, remember that one more is needed.
  useEffect(() => {
    if (revalidator.state === "idle" && state.current.queued) {
      state.current.queued = false;
      revalidator.revalidate();
    }
  }, [revalidator.state, revalidator]);

  const refresh = useCallback(() => {
    const current = state.current.revalidator;
    if (current.state === "idle") current.revalidate();
    else state.current.queued = true;
  }, []);

  useEffect(() => {
    if (!url || typeof EventSource === "undefined") return;
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let refusals = 0;
    let hadError = false;
    const connect = () => {
      const current = (source = new EventSource(url));
      current.addEventListener("board", (event) => {
        const { onFrame, reloadOnHiddenVotes } = state.current.options;
        let data: LiveFrame;
        try {
          data = JSON.parse((event as MessageEvent<string>).data) as LiveFrame;
        } catch {
          return refresh();
        }
        const id = (event as MessageEvent).lastEventId;
        if (id && onFrame?.(id, data)) return;
        // A dot vote without a tally ("votes": tallies hidden, no topic named; see ADR 016):
        // nothing this page shows changed, unless it shows the counts (facilitators).
        if ((data.kind === "vote" || data.kind === "votes") && !reloadOnHiddenVotes) return;
        refresh();
      });
      current.addEventListener("reset", refresh);
      current.onopen = () => {
        refusals = 0;
        setStatus("live");
        if (hadError) refresh();
        hadError = false;
      };
      current.onerror = () => {
        hadError = true;
        if (current.readyState !== EventSource.CLOSED) return setStatus("connecting");
        // Refused (429: too many open streams from this address; or another error status):
        // the browser gives up. Try again later, waiting longer after each refusal.
        setStatus("offline");
        retry = setTimeout(connect, liveRetryDelayMs(refusals++));
      };
    };
    connect();
    return () => {
      clearTimeout(retry);
      source?.close();
    };
  }, [url, refresh]);

  return { status, refresh };
}

/**
 * How long a page waits before asking for a refused live stream again: the server's
 * Retry-After (30 s) doubled after each refusal up to 5 minutes, plus up to half again at
 * random, so the phones of a room refused together do not come back together.
 */
export function liveRetryDelayMs(refusals: number, random: () => number = Math.random) {
  return Math.round(Math.min(300_000, 30_000 * 2 ** refusals) * (1 + random() / 2));
}

/** Reloads the route data on every frame (pages without in-place updates). */
export function useLiveRevalidation(url: string | null) {
  return useLiveBoard(url, { reloadOnHiddenVotes: true }).status;
}

export function LiveIndicator({ status }: { status: LiveStatus }) {
  // Without JavaScript nothing listens for changes: say so instead of "Connecting…" forever.
  const hydrated = useHydrated();
  if (!hydrated) {
    return (
      <noscript>
        <span className="text-xs font-medium text-slate-600">Reload the page to see changes</span>
      </noscript>
    );
  }
  const label = status === "live" ? "Live" : status === "connecting" ? "Connecting…" : "Offline: reload to update";
  const dot = status === "live" ? "bg-green-500" : status === "connecting" ? "bg-amber-400" : "bg-red-500";
  return (
    <span className="inline-flex items-center gap-1.5 text-xs font-medium text-slate-600" data-live-status={status}>
      <span aria-hidden="true" className={`h-2 w-2 rounded-full ${dot} ${status === "live" ? "animate-pulse" : ""}`} />
      {label}
    </span>
  );
}
