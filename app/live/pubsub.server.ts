// A tiny publish/subscribe seam for live updates. The app talks only to `PubSub`; the
// in-process implementation below is enough for one server process. When the app runs
// on several machines a shared broker (Redis, Postgres LISTEN/NOTIFY, NATS…) can
// implement the same interface, and nothing else changes.
import crypto from "node:crypto";
import { remember, replaceRemembered } from "~/utils/remember";

export type LiveEvent = {
  /** "<epoch>-<sequence>": the epoch changes on restart, so stale ids never match. */
  id: string;
  type: string;
  data: unknown;
  /** The SSE frame, serialised once and shared by every subscriber. */
  frame: Uint8Array;
};

export type Listener = (event: LiveEvent) => void;

export interface PubSub {
  publish(channel: string, type: string, data: unknown): LiveEvent;
  /**
   * Publishes one frame for every call within `windowMs` on `channel` (the data of the
   * window's first call) when the window ends, and returns the id that frame will carry,
   * so a caller can tag its reply with it. A `publish` on the channel in between sends the
   * pending frame first: ids on a channel stay in order. For news whose every occurrence
   * must not be told apart (hidden dot votes: see ADR 016).
   */
  publishCoalesced(channel: string, type: string, data: unknown, windowMs: number): string;
  subscribe(channel: string, listener: Listener): () => void;
  /**
   * Events published on `channel` after `lastEventId`, oldest first; `null` when they
   * cannot be known (unknown id, other epoch, fell out of the buffer): the client then
   * has to load afresh.
   */
  since(channel: string, lastEventId: string): LiveEvent[] | null;
  subscriberCount(channel?: string): number;
  /**
   * The id of the newest event published on `channel` (`"<epoch>-0"` when none yet): a
   * revision of whatever the channel reports on. Pages load it with their data so that a
   * frame older than the data is recognised (see `compareEventIds`), and caches key on it.
   */
  lastEventId(channel: string): string;
}

export { compareEventIds } from "./event-ids";

const encoder = new TextEncoder();

/** One SSE frame: `id`, `event` and single-line JSON `data`. */
export function serialiseFrame(id: string, type: string, data: unknown) {
  return encoder.encode(`id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
}

export class InProcessPubSub implements PubSub {
  private readonly epoch = crypto.randomBytes(4).toString("hex");
  private sequence = 0;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly history = new Map<string, LiveEvent[]>();
  /** Per channel, the coalesced frame waiting for its window to end (its id already taken). */
  private readonly pending = new Map<string, { id: string; type: string; data: unknown; timer: ReturnType<typeof setTimeout> }>();

  constructor(private readonly historySize = 200) {}

  publish(channel: string, type: string, data: unknown): LiveEvent {
    this.flush(channel);
    return this.deliver(channel, `${this.epoch}-${++this.sequence}`, type, data);
  }

  publishCoalesced(channel: string, type: string, data: unknown, windowMs: number): string {
    const waiting = this.pending.get(channel);
    if (waiting) return waiting.id;
    const id = `${this.epoch}-${++this.sequence}`;
    const timer = setTimeout(() => this.flush(channel), windowMs);
    timer.unref?.();
    this.pending.set(channel, { id, type, data, timer });
    return id;
  }

  /** Sends the channel's pending coalesced frame, if any. */
  private flush(channel: string) {
    const waiting = this.pending.get(channel);
    if (!waiting) return;
    this.pending.delete(channel);
    clearTimeout(waiting.timer);
    this.deliver(channel, waiting.id, waiting.type, waiting.data);
  }

  private deliver(channel: string, id: string, type: string, data: unknown): LiveEvent {
    const event: LiveEvent = { id, type, data, frame: serialiseFrame(id, type, data) };
    const buffer = this.history.get(channel) ?? [];
    buffer.push(event);
    if (buffer.length > this.historySize) buffer.splice(0, buffer.length - this.historySize);
    this.history.set(channel, buffer);
    for (const listener of [...(this.listeners.get(channel) ?? [])]) {
      try {
        listener(event);
      } catch (error) {
        // One broken connection must not stop the others from hearing the news.
        console.error("live listener failed", error);
      }
    }
    return event;
  }

  subscribe(channel: string, listener: Listener) {
    const set = this.listeners.get(channel) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(channel, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(channel);
    };
  }

  since(channel: string, lastEventId: string): LiveEvent[] | null {
    const [epoch, seqText] = lastEventId.split("-");
    const seq = Number(seqText);
    if (epoch !== this.epoch || !Number.isInteger(seq) || seq > this.sequence) return null;
    const buffer = this.history.get(channel) ?? [];
    const missed = buffer.filter((e) => Number(e.id.split("-")[1]) > seq);
    // If the oldest kept event is newer than seq + 1 on a busy channel we may have lost
    // some; we cannot tell per channel, so only trust the buffer while it is not full.
    if (buffer.length >= this.historySize && missed.length === buffer.length) return null;
    return missed;
  }

  lastEventId(channel: string) {
    const buffer = this.history.get(channel);
    return buffer?.length ? buffer[buffer.length - 1].id : `${this.epoch}-0`;
  }

  subscriberCount(channel?: string) {
    if (channel) return this.listeners.get(channel)?.size ?? 0;
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }
}

// One instance per process, shared by the server build and test code that calls domain
// functions directly (they load separate module copies).
export function getPubSub(): PubSub {
  return remember<PubSub>("pubsub", () => new InProcessPubSub());
}

/** For a future shared broker, or for tests. */
export function setPubSub(pubsub: PubSub) {
  replaceRemembered("pubsub", pubsub);
}
