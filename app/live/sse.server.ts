// Server-sent events over a pub/sub channel: one long response per open page.
// - frames are serialised once at publish time and shared by every subscriber;
// - a comment line every `heartbeatMs` keeps proxies from closing an idle stream and
//   surfaces dead connections;
// - a client that reconnects with Last-Event-ID gets what it missed, or a `reset`
//   event telling it to load afresh when the missed events are not known;
// - everything is released when the client goes away (request aborted or stream
//   cancelled), the client's stream slot too;
// - a client address (or the process) at its cap of open streams gets a 429 with
//   Retry-After instead (stream-slots.server.ts).
import { getPubSub, type LiveEvent, type PubSub } from "./pubsub.server";
import { STREAM_RETRY_AFTER_SECONDS, takeStreamSlot } from "./stream-slots.server";

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(": heartbeat\n\n");

export type EventStreamOptions = {
  request: Request;
  channel: string;
  /** The client's address (clientIp of the load context): its open streams are capped. */
  clientAddress?: string | null;
  pubsub?: PubSub;
  heartbeatMs?: number;
  /** Milliseconds the browser waits before reconnecting. */
  retryMs?: number;
};

export function lastEventIdOf(request: Request) {
  return request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("lastEventId");
}

export function eventStream({
  request,
  channel,
  clientAddress = null,
  pubsub = getPubSub(),
  heartbeatMs = 15_000,
  retryMs = 2_000,
}: EventStreamOptions) {
  const releaseSlot = takeStreamSlot(clientAddress);
  if (!releaseSlot) {
    return new Response("Too many live connections from your address. Reload the page in a while.", {
      status: 429,
      headers: {
        "Retry-After": String(STREAM_RETRY_AFTER_SECONDS),
        "Cache-Control": "no-store",
        "Content-Type": "text/plain; charset=utf-8",
      },
    });
  }
  let cleanup = releaseSlot;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (chunk: Uint8Array) => {
        if (closed) return;
        try {
          controller.enqueue(chunk);
        } catch {
          cleanup();
        }
      };
      // Subscribe before replaying, so nothing published in between is lost.
      const unsubscribe = pubsub.subscribe(channel, (event: LiveEvent) => send(event.frame));
      const heartbeat = setInterval(() => send(HEARTBEAT), heartbeatMs);
      cleanup = () => {
        if (closed) return;
        closed = true;
        releaseSlot();
        clearInterval(heartbeat);
        unsubscribe();
        request.signal.removeEventListener("abort", cleanup);
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      request.signal.addEventListener("abort", cleanup);
      if (request.signal.aborted) return cleanup();

      send(encoder.encode(`retry: ${retryMs}\n: connected\n\n`));
      const lastEventId = lastEventIdOf(request);
      if (lastEventId) {
        const missed = pubsub.since(channel, lastEventId);
        if (missed === null) send(encoder.encode(`event: reset\ndata: {}\n\n`));
        else for (const event of missed) send(event.frame);
      }
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      // nginx and similar proxies: do not buffer this response.
      "X-Accel-Buffering": "no",
    },
  });
}
