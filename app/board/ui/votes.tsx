// What the board page shows between two loads of its data: live tallies from the board's
// frames, the voter's own dot votes (sent in the background, shown at once, settled by the
// server's reply) and the Roman vote's counts. Everything here is an override of the
// loader's view tagged with the live revision (event id) it belongs to; an override is
// used only while it is newer than the loader's data (`view.live`), so a frame that
// arrives late never hides fresher data, and a reload makes the overrides obsolete.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import type { DotVoteResult, RomanCounts, RomanTally } from "~/board/vote-results";
import { compareEventIds } from "~/live/event-ids";

type Versioned<T> = { live: string; value: T };

type Pending = { ref: string; topicId: number; delta: 1 | -1; seen: boolean };

export type OverrideState = {
  tally: Map<number, Versioned<number>>;
  mine: Map<number, Versioned<number>>;
  dotsLeft: Versioned<number> | null;
  roman: Versioned<RomanCounts & { topicId: number }> | null;
  pending: Pending[];
};

export type OverrideAction =
  | { type: "frame-vote"; live: string; topicId: number; votes?: number; ref?: string }
  | { type: "frame-roman"; live: string; topicId: number; roman: RomanCounts }
  | { type: "send"; pending: Pending }
  | { type: "reply"; ref: string; reply: DotVoteResult | null }
  | { type: "prune"; live: string };

/**
 * True when `id` is newer than the data of revision `than`. Ids of another epoch (the
 * server restarted in between) cannot be ordered: false, and the page reloads anyway
 * (the stream reconnects and says `reset`).
 */
export function isNewer(id: string, than: string) {
  const order = compareEventIds(id, than);
  return order !== null && order > 0;
}

/** Between two overrides the later arrival wins unless it is known to be older. */
function supersedes(next: string, current: Versioned<unknown> | null | undefined) {
  if (!current) return true;
  const order = compareEventIds(next, current.live);
  return order === null || order > 0;
}

function setIfNewer<T>(map: Map<number, Versioned<T>>, key: number, next: Versioned<T>) {
  if (!supersedes(next.live, map.get(key))) return map;
  const copy = new Map(map);
  copy.set(key, next);
  return copy;
}

export function overridesReducer(state: OverrideState, action: OverrideAction): OverrideState {
  switch (action.type) {
    case "frame-vote": {
      const pending = action.ref ? state.pending.map((p) => (p.ref === action.ref ? { ...p, seen: true } : p)) : state.pending;
      const tally =
        action.votes === undefined ? state.tally : setIfNewer(state.tally, action.topicId, { live: action.live, value: action.votes });
      return { ...state, tally, pending };
    }
    case "frame-roman":
      if (!supersedes(action.live, state.roman)) return state;
      return { ...state, roman: { live: action.live, value: { ...action.roman, topicId: action.topicId } } };
    case "send":
      return { ...state, pending: [...state.pending, action.pending] };
    case "reply": {
      const pending = state.pending.filter((p) => p.ref !== action.ref);
      const reply = action.reply;
      if (!reply) return { ...state, pending };
      const at = reply.live;
      return {
        ...state,
        pending,
        mine: setIfNewer(state.mine, reply.topicId, { live: at, value: reply.myVotes }),
        tally: reply.votes === null ? state.tally : setIfNewer(state.tally, reply.topicId, { live: at, value: reply.votes }),
        dotsLeft: supersedes(at, state.dotsLeft) ? { live: at, value: reply.dotsLeft } : state.dotsLeft,
      };
    }
    case "prune": {
      // Overrides the loader's data has caught up with are of no use any more.
      const keep = <T,>(map: Map<number, Versioned<T>>) => new Map([...map].filter(([, v]) => isNewer(v.live, action.live)));
      return {
        ...state,
        tally: keep(state.tally),
        mine: keep(state.mine),
        dotsLeft: state.dotsLeft && isNewer(state.dotsLeft.live, action.live) ? state.dotsLeft : null,
        roman: state.roman && isNewer(state.roman.live, action.live) ? state.roman : null,
      };
    }
  }
}

export const initialOverrides = (): OverrideState => ({ tally: new Map(), mine: new Map(), dotsLeft: null, roman: null, pending: [] });

/** `reached: false`: the request never got an answer (offline, server restarting). */
export type VoteOutcome = { ok: true; reply: DotVoteResult } | { ok: false; message: string; reached: boolean };

/**
 * The one place that sends a dot vote from the browser: to the board's dot endpoint
 * (`POST /events/:slug/boards/:id/dots`, app/board/dot-endpoint.server.ts), which answers
 * JSON. `ref` comes back in the live frame, so the page recognises its own vote. Without
 * JavaScript the board's form does the same job with a redirect.
 */
export async function postDotVote(boardPath: string, intent: "vote" | "unvote", topicId: number, ref: string): Promise<VoteOutcome> {
  const body = new URLSearchParams({ intent, topicId: String(topicId), ref });
  try {
    const response = await fetch(`${boardPath}/dots`, {
      method: "POST",
      body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (response.status === 401) {
      window.location.assign(`/login?redirectTo=${encodeURIComponent(window.location.pathname)}`);
      return { ok: false, message: "Please sign in again.", reached: true };
    }
    const data = (response.headers.get("content-type") ?? "").includes("json") ? await response.json() : null;
    if (response.ok && data?.ok) return { ok: true, reply: data as DotVoteResult };
    const fieldErrors = data?.fieldErrors as Record<string, string[]> | undefined;
    const message = (data?.error as string | undefined) ?? Object.values(fieldErrors ?? {}).find((e) => e?.length)?.[0];
    return { ok: false, message: message ?? "That vote did not count. Please try again.", reached: true };
  } catch {
    return { ok: false, message: "That vote did not reach the server. Please try again.", reached: false };
  }
}

type TopicLike = { id: number; votes: number | null; myVotes: number };
type ViewLike<T extends TopicLike> = {
  live: string;
  open: T[];
  discussed: T[];
  discussing: T | null;
  talliesVisible: boolean;
  dotsLeft: number;
  board: { votesPerPerson: number };
  roman: RomanTally | null;
};

/** The loader's view with the overrides that are newer than it (pure: see useBoardOverrides). */
export function mergeBoardView<T extends TopicLike, V extends ViewLike<T>>(view: V, state: OverrideState) {
  const votesPerPerson = view.board.votesPerPerson;
  if (!state.pending.length && !state.tally.size && !state.mine.size && !state.dotsLeft && !state.roman) {
    // Nothing newer than the loader's data (every first render, and the server's).
    const dotsLeft = Math.min(votesPerPerson, Math.max(0, view.dotsLeft));
    const maxVotes = Math.max(1, ...view.open.map((t) => t.votes ?? 0), ...view.discussed.map((t) => t.votes ?? 0));
    return { ...view, dotsLeft, dotsUsed: votesPerPerson - dotsLeft, maxVotes } as V & { dotsUsed: number; maxVotes: number };
  }
  const fresh = <X,>(v: Versioned<X> | null | undefined) => (v && isNewer(v.live, view.live) ? v.value : undefined);
  const delta = new Map<number, number>();
  const unseen = new Map<number, number>();
  let pendingTotal = 0;
  for (const p of state.pending) {
    delta.set(p.topicId, (delta.get(p.topicId) ?? 0) + p.delta);
    if (!p.seen) unseen.set(p.topicId, (unseen.get(p.topicId) ?? 0) + p.delta);
    pendingTotal += p.delta;
  }
  const confirmedVotes = new Map<number, number>();
  const apply = (t: T): T => {
    const confirmed = t.votes === null ? null : (fresh(state.tally.get(t.id)) ?? t.votes);
    if (confirmed !== null) confirmedVotes.set(t.id, confirmed);
    return {
      ...t,
      votes: confirmed === null ? null : Math.max(0, confirmed + (unseen.get(t.id) ?? 0)),
      myVotes: Math.max(0, (fresh(state.mine.get(t.id)) ?? t.myVotes) + (delta.get(t.id) ?? 0)),
    };
  };
  let open = view.open.map(apply);
  // Most dots first, as the server sorts (ties keep the server's order); pending
  // votes of one's own do not move cards under the pointer.
  if (view.talliesVisible && (state.tally.size || state.mine.size)) {
    open = open
      .map((t, i) => ({ t, i }))
      .sort((a, b) => (confirmedVotes.get(b.t.id) ?? 0) - (confirmedVotes.get(a.t.id) ?? 0) || a.i - b.i)
      .map(({ t }) => t);
  }
  const discussed = view.discussed.map(apply);
  const discussing = view.discussing ? apply(view.discussing) : null;
  const romanOverride = fresh(state.roman);
  const roman =
    view.roman && discussing && romanOverride && romanOverride.topicId === discussing.id && romanOverride.round === view.roman.round
      ? { ...view.roman, continue: romanOverride.continue, neutral: romanOverride.neutral, move_on: romanOverride.move_on }
      : view.roman;
  const dotsLeft = Math.min(votesPerPerson, Math.max(0, (fresh(state.dotsLeft) ?? view.dotsLeft) - pendingTotal));
  const maxVotes = Math.max(1, ...open.map((t) => t.votes ?? 0), ...discussed.map((t) => t.votes ?? 0));
  return { ...view, open, discussed, discussing, roman, dotsLeft, dotsUsed: votesPerPerson - dotsLeft, maxVotes } as V & {
    dotsUsed: number;
    maxVotes: number;
  };
}

/**
 * The loader's view with everything newer merged in. Returns the merged view, a frame
 * handler for the live stream (true when the frame was applied in place), and `vote`.
 */
export function useBoardOverrides<T extends TopicLike, V extends ViewLike<T>>(
  view: V | null,
  boardPath: string,
  onVoteRefused: () => void,
) {
  const [state, dispatch] = useReducer(overridesReducer, undefined, initialOverrides);
  const [error, setError] = useState<string | null>(null);
  const refused = useRef(onVoteRefused);
  refused.current = onVoteRefused;

  const live = view?.live;
  useEffect(() => {
    if (live) dispatch({ type: "prune", live });
  }, [live]);

  useEffect(() => {
    if (!error) return;
    const timer = setTimeout(() => setError(null), 5000);
    return () => clearTimeout(timer);
  }, [error]);

  const onFrame = useCallback(
    (id: string, data: { kind?: string; topicId?: number; votes?: number; ref?: string; roman?: RomanCounts }) => {
      if (data.kind === "vote" && typeof data.topicId === "number") {
        dispatch({ type: "frame-vote", live: id, topicId: data.topicId, votes: data.votes, ref: data.ref });
        return data.votes !== undefined;
      }
      if (data.kind === "roman" && typeof data.topicId === "number" && data.roman) {
        dispatch({ type: "frame-roman", live: id, topicId: data.topicId, roman: data.roman });
        return true;
      }
      return false;
    },
    [],
  );

  const vote = useCallback(
    async (intent: "vote" | "unvote", topicId: number) => {
      const ref = Math.random().toString(36).slice(2, 12);
      dispatch({ type: "send", pending: { ref, topicId, delta: intent === "vote" ? 1 : -1, seen: false } });
      const outcome = await postDotVote(boardPath, intent, topicId, ref);
      dispatch({ type: "reply", ref, reply: outcome.ok ? outcome.reply : null });
      if (!outcome.ok) {
        setError(outcome.message);
        // Refused (budget, phase…): the optimistic dot is gone; load the truth. Not when
        // the server was out of reach: that reload would fail too and replace the board
        // with the error page; the live stream reloads once it reconnects.
        if (outcome.reached) refused.current();
      }
    },
    [boardPath],
  );

  const merged = useMemo(() => (view ? mergeBoardView(view, state) : null), [view, state]);

  return { view: merged, onFrame, vote, error };
}
