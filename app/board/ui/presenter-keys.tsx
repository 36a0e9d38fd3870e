// The facilitator's keys on the projector: N next topic, E extend, X end the time-box.
// Each key is also a button in the legend. They post to the board's own actions (the
// same intents as the board page's buttons) through one fetcher; while one is in flight
// further presses are ignored, so a key held down or pressed twice does not skip a topic.
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useHydrated } from "~/components/enhanced-flag";

type Topic = { id: number; title: string };

/** The board action's reply to a fetcher: `{ initialValue: null, intent }` on success, Conform's error reply otherwise. */
type Reply = { status?: "success" | "error"; intent?: string; error?: Record<string, string[] | null> | null };

type Command = { key: "N" | "E" | "X"; label: string; run: (() => void) | null };

export function FacilitatorKeys({
  boardPath,
  inDiscussPhase,
  discussing,
  next,
  timeUp,
  extensionMinutes,
}: {
  boardPath: string;
  inDiscussPhase: boolean;
  discussing: Topic | null;
  /** The top-ranked open topic: what N starts. */
  next: Topic | null;
  timeUp: boolean;
  extensionMinutes: number;
}) {
  const fetcher = useFetcher<Reply>();
  // Before JavaScript runs (or without it) the buttons cannot post: the board page has the same actions as forms.
  const hydrated = useHydrated();
  const busy = fetcher.state !== "idle";
  // The second half of "next topic" while one is discussed: start `next` once finishing it succeeded.
  const startAfterFinish = useRef<Topic | null>(null);

  const post = (intent: string, topicId: number) =>
    fetcher.submit({ intent, topicId: String(topicId), _js: "1" }, { method: "post", action: boardPath });

  const commands: Command[] = [
    {
      key: "N",
      label: discussing ? (next ? `Next topic: “${next.title}”` : "Finish this topic") : next ? `Start “${next.title}”` : "Next topic",
      run: !inDiscussPhase
        ? null
        : discussing
          ? () => {
              startAfterFinish.current = next;
              post("finish", discussing.id);
            }
          : next
            ? () => post("start", next.id)
            : null,
    },
    { key: "E", label: `Extend by ${extensionMinutes} min`, run: discussing ? () => post("extend", discussing.id) : null },
    { key: "X", label: "End the time-box", run: discussing && !timeUp ? () => post("end-timebox", discussing.id) : null },
  ];

  const latest = useRef({ commands, busy });
  latest.current = { commands, busy };

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      const command = latest.current.commands.find((c) => c.key === event.key.toUpperCase());
      if (!command) return;
      event.preventDefault();
      if (!latest.current.busy) command.run?.();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  const reply = fetcher.data;
  useEffect(() => {
    if (fetcher.state !== "idle" || !reply) return;
    const then = startAfterFinish.current;
    startAfterFinish.current = null;
    if (then && reply.status !== "error" && reply.intent === "finish") post("start", then.id);
    // `post` is rebuilt every render; only a new reply matters here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, reply]);

  const problem =
    reply?.status === "error"
      ? Object.values(reply.error ?? {})
          .flat()
          .find(Boolean)
      : null;

  return (
    <section
      aria-labelledby="facilitator-keys"
      className="no-print mt-6 flex flex-wrap items-center gap-x-8 gap-y-3 rounded-2xl bg-slate-100 px-6 py-4 text-xl"
    >
      <h2 id="facilitator-keys" className="font-semibold">
        Facilitator keys
      </h2>
      <ul className="flex flex-wrap gap-4">
        {commands.map((c) => (
          <li key={c.key}>
            <button
              type="button"
              aria-keyshortcuts={c.key}
              disabled={!c.run || busy || !hydrated}
              onClick={() => c.run?.()}
              className="flex items-center gap-2 rounded-lg bg-white px-3 py-2 shadow-sm hover:bg-brand-50 disabled:opacity-50"
            >
              <kbd className="rounded border border-slate-400 bg-slate-50 px-2 font-mono font-bold">{c.key}</kbd>
              {c.label}
            </button>
          </li>
        ))}
      </ul>
      <p role="status" className="text-lg text-slate-700">
        {busy ? (
          "Working…"
        ) : problem ? (
          <span className="text-red-700">{problem}</span>
        ) : inDiscussPhase ? (
          ""
        ) : (
          "The keys work in the Discuss phase."
        )}
      </p>
    </section>
  );
}
