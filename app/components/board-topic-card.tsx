// A topic on the board: title, author, tally bar, the viewer's dots and the actions the
// viewer may take. Every action is a plain form post; with JavaScript, dot votes are
// sent in the background and shown at once (optimistic), then settled by the server's
// reply (see board-votes.tsx).
import { Form } from "@remix-run/react";
import type { FormEvent, ReactNode } from "react";
import type { BoardTopicView } from "~/board/board.server";
import { Badge } from "~/components/badge";
import { buttonClass } from "~/components/button";
import { EnhancedFlag } from "~/components/board-live";

type SerializedTopic = Omit<BoardTopicView, never>;

export function TallyBar({ votes, max, title }: { votes: number | null; max: number; title: string }) {
  if (votes === null) {
    return <p className="text-xs italic text-slate-500">Tally hidden until voting closes</p>;
  }
  const percent = max > 0 ? Math.round((votes / max) * 100) : 0;
  return (
    <div className="flex items-center gap-2">
      <div
        role="meter"
        aria-label={`Dots on “${title}”`}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={votes}
        className="h-3 flex-1 overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-brand-500 transition-all duration-300" style={{ width: `${percent}%` }} />
      </div>
      <span className="w-16 text-right text-sm font-semibold tabular-nums text-slate-800" data-testid="tally">
        {votes} {votes === 1 ? "dot" : "dots"}
      </span>
    </div>
  );
}

export function Dots({ used, total, label }: { used: number; total: number; label: string }) {
  return (
    <span className="inline-flex items-center gap-1" role="img" aria-label={label}>
      {Array.from({ length: total }, (_, i) => (
        <span
          key={i}
          aria-hidden="true"
          className={`inline-block h-3.5 w-3.5 rounded-full border-2 ${i < used ? "border-brand-600 bg-brand-600" : "border-slate-300 bg-white"}`}
        />
      ))}
    </span>
  );
}

function HiddenFields({ intent, topicId }: { intent: string; topicId: number }) {
  return (
    <>
      <EnhancedFlag />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="topicId" value={topicId} />
    </>
  );
}

/** A one-button form (withdraw, start…) that posts without leaving the page. */
export function ActionButton({
  intent,
  topicId,
  label,
  children,
  variant = "secondary",
  disabled,
  extra,
}: {
  intent: string;
  topicId?: number;
  label?: string;
  children: ReactNode;
  variant?: "primary" | "secondary" | "danger" | "ghost";
  disabled?: boolean;
  extra?: Record<string, string | number>;
}) {
  return (
    <Form method="post" preventScrollReset className="inline">
      <EnhancedFlag />
      <input type="hidden" name="intent" value={intent} />
      {topicId !== undefined ? <input type="hidden" name="topicId" value={topicId} /> : null}
      {Object.entries(extra ?? {}).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <button type="submit" aria-label={label} disabled={disabled} className={`${buttonClass(variant, "sm")} disabled:opacity-50`}>
        {children}
      </button>
    </Form>
  );
}

export type OnVote = (intent: "vote" | "unvote", topicId: number) => void;

/**
 * One form per topic: "take a dot back" and "add a dot" are its two submit buttons
 * (`intent`). Without JavaScript it posts and the server redirects back; with it, the
 * click goes to `onVote` (each click its own request, so quick clicks are never dropped).
 */
function VoteControls({ topic, myVotes, canAdd, onVote }: { topic: SerializedTopic; myVotes: number; canAdd: boolean; onVote?: OnVote }) {
  const send = (event: FormEvent<HTMLFormElement>) => {
    if (!onVote) return;
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    onVote(submitter?.value === "unvote" ? "unvote" : "vote", topic.id);
  };
  return (
    <form method="post" onSubmit={send} className="flex items-center gap-2">
      <input type="hidden" name="topicId" value={topic.id} />
      <button
        type="submit"
        name="intent"
        value="unvote"
        disabled={myVotes <= 0}
        aria-label={`Take a dot back from “${topic.title}”`}
        className="flex h-11 w-11 items-center justify-center rounded-full border border-slate-300 bg-white text-xl font-bold text-slate-700 hover:bg-slate-100 disabled:opacity-40"
      >
        −
      </button>
      <button
        type="submit"
        name="intent"
        value="vote"
        disabled={!canAdd}
        aria-label={`Add a dot to “${topic.title}”`}
        className="flex h-11 w-11 items-center justify-center rounded-full bg-brand-600 text-xl font-bold text-white hover:bg-brand-700 disabled:bg-slate-300"
      >
        +
      </button>
      <span className="text-sm text-slate-600" data-testid="my-dots">
        {myVotes > 0 ? `Your dots: ${myVotes}` : "No dot from you"}
      </span>
    </form>
  );
}

function EditTopic({ topic }: { topic: SerializedTopic }) {
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-brand-700">Edit</summary>
      <Form method="post" preventScrollReset className="mt-2 space-y-2">
        <HiddenFields intent="edit-topic" topicId={topic.id} />
        <div>
          <label htmlFor={`edit-title-${topic.id}`} className="block text-xs font-medium text-slate-700">
            Title
          </label>
          <input
            id={`edit-title-${topic.id}`}
            name="title"
            defaultValue={topic.title}
            maxLength={120}
            required
            className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1"
          />
        </div>
        <div>
          <label htmlFor={`edit-description-${topic.id}`} className="block text-xs font-medium text-slate-700">
            Description
          </label>
          <textarea
            id={`edit-description-${topic.id}`}
            name="description"
            defaultValue={topic.description}
            maxLength={1000}
            rows={2}
            className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1"
          />
        </div>
        <button type="submit" className={buttonClass("primary", "sm")}>
          Save topic
        </button>
      </Form>
    </details>
  );
}

export function TopicCard({
  topic,
  phase,
  role,
  maxVotes,
  dotsLeft,
  allowStacking,
  discussionRunning,
  onVote,
  children,
}: {
  topic: SerializedTopic;
  phase: "collect" | "vote" | "discuss" | "closed";
  role: "facilitator" | "participant" | "viewer";
  maxVotes: number;
  dotsLeft: number;
  allowStacking: boolean;
  discussionRunning: boolean;
  onVote?: OnVote;
  children?: ReactNode;
}) {
  const { myVotes, votes } = topic;
  const canAdd = dotsLeft > 0 && (allowStacking || myVotes === 0);
  return (
    <li id={`topic-${topic.id}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label={topic.title}>
      <div className="flex items-start justify-between gap-2">
        <h3 className="break-words font-semibold text-slate-900">{topic.title}</h3>
        {topic.isMine ? <Badge tone="info">Yours</Badge> : null}
      </div>
      {topic.description ? <p className="mt-1 whitespace-pre-line break-words text-sm text-slate-700">{topic.description}</p> : null}
      <p className="mt-1 text-xs text-slate-500">by {topic.authorName}</p>
      {topic.carriedFrom ? (
        <p className="mt-1 text-xs text-slate-600">
          Carried over from {topic.carriedFrom.eventTitle} ({topic.carriedFrom.votes} {topic.carriedFrom.votes === 1 ? "dot" : "dots"} there)
        </p>
      ) : null}
      {phase !== "collect" || topic.votes ? (
        <div className="mt-3">
          <TallyBar votes={votes} max={Math.max(maxVotes, votes ?? 0)} title={topic.title} />
        </div>
      ) : null}
      {phase === "vote" && role !== "viewer" ? (
        <div className="mt-3">
          <VoteControls topic={topic} myVotes={myVotes} canAdd={canAdd} onVote={onVote} />
        </div>
      ) : null}
      <div className="mt-3 flex flex-wrap items-center gap-2">
        {phase === "collect" && topic.isMine ? <EditTopic topic={topic} /> : null}
        {(phase === "collect" && topic.isMine) || (role === "facilitator" && (phase === "collect" || phase === "vote")) ? (
          <ActionButton intent="withdraw" topicId={topic.id} label={`${topic.isMine ? "Withdraw" : "Remove"} “${topic.title}”`} variant="ghost">
            {topic.isMine ? "Withdraw" : "Remove"}
          </ActionButton>
        ) : null}
        {phase === "discuss" && role === "facilitator" ? (
          <ActionButton intent="start" topicId={topic.id} label={`Start discussing “${topic.title}”`} variant="primary" disabled={discussionRunning}>
            Start discussing
          </ActionButton>
        ) : null}
        {children}
      </div>
    </li>
  );
}
