// A topic on the board: title, author, tally bar, the viewer's dots and the actions the
// viewer may take. Every action is a plain form post; with JavaScript, dot votes are
// sent in the background and shown at once (optimistic), then settled by the server's
// reply (see board-votes.tsx).
import { Form } from "@remix-run/react";
import { useEffect, useRef, type FormEvent, type ReactNode } from "react";
import type { PageTopic } from "~/board/board-route.server";
import { Badge } from "~/components/badge";
import { SubmitButton } from "~/components/submit-button";
import { EnhancedFlag } from "~/board/ui/live";
import { PersonalSlot } from "~/components/personal-slot";

// Markup repeated per topic uses the board's component classes (`lc-…` in
// app/tailwind.css) instead of long utility lists: a 100-topic board stays small.
type SerializedTopic = PageTopic;

export function TallyBar({ votes, max, title }: { votes: number | null; max: number; title: string }) {
  if (votes === null) {
    return <p className="lc-hidden">Tally hidden until voting closes</p>;
  }
  const percent = max > 0 ? Math.round((votes / max) * 100) : 0;
  return (
    <p className="lc-tally">
      <span role="meter" aria-label={`Dots on “${title}”`} aria-valuemax={max} aria-valuenow={votes}>
        <i style={{ width: `${percent}%` }} />
      </span>
      <b>{`${votes} ${votes === 1 ? "dot" : "dots"}`}</b>
    </p>
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

/** The voter's budget in the voting bar: a personal slot of the board page. */
export function DotsLeft({ dotsLeft, dotsUsed, total }: { dotsLeft: number; dotsUsed: number; total: number }) {
  return (
    <>
      <p className="font-semibold text-brand-900" data-testid="dots-left" aria-live="polite">
        {`${dotsLeft} of ${total} dots left`}
        {dotsLeft === 0 ? <span className="block text-sm font-normal">All your dots are placed: take one back to move it.</span> : null}
      </p>
      <Dots used={dotsUsed} total={total} label={`${dotsUsed} of ${total} dots used`} />
    </>
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
      <SubmitButton variant="bare" aria-label={label} disabled={disabled} className={`lc-btn lc-btn-${variant}`}>
        {children}
      </SubmitButton>
    </Form>
  );
}

export type OnVote = (intent: "vote" | "unvote", topicId: number) => void;

/**
 * One form per topic: "take a dot back" and "add a dot" are its two submit buttons
 * (`intent`). Without JavaScript it posts and the server redirects back; with it, the
 * click goes to `onVote` (each click its own request, so quick clicks are never dropped).
 */
/** Whether the viewer may put one more dot on a topic they have `myVotes` dots on. */
export const canAddDot = (dotsLeft: number, allowStacking: boolean, myVotes: number) => dotsLeft > 0 && (allowStacking || myVotes === 0);

export function VoteControls({
  topic,
  myVotes,
  canAdd,
  onVote,
}: {
  topic: Pick<SerializedTopic, "id" | "title">;
  myVotes: number;
  canAdd: boolean;
  onVote?: OnVote;
}) {
  const form = useRef<HTMLFormElement>(null);
  // A keyboard voter whose button just vanished ("−" after the last dot) or turned
  // disabled ("+" after the last dot left) would be thrown back to the top of the page:
  // keep the focus in this form, on the button that is still there.
  const keepFocus = useRef(false);
  useEffect(() => {
    const el = form.current;
    if (!keepFocus.current || !el) return;
    const active = document.activeElement;
    if (active && active !== document.body && el.contains(active) && !(active as HTMLButtonElement).disabled) return;
    if (active && active !== document.body && !el.contains(active)) return void (keepFocus.current = false);
    el.querySelector<HTMLButtonElement>("button:not(:disabled)")?.focus();
  }, [myVotes, canAdd]);
  const send = (event: FormEvent<HTMLFormElement>) => {
    if (!onVote) return;
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    keepFocus.current = submitter !== null && document.activeElement === submitter;
    onVote(submitter?.value === "unvote" ? "unvote" : "vote", topic.id);
  };
  // Styled by `.lc-vote > button[value=…]`. "Take back" only where one has a dot (an
  // empty slot keeps "+" in place); "+" stays, disabled when no dot may be added.
  return (
    <form ref={form} method="post" onSubmit={send} className="lc-vote">
      <input type="hidden" name="topicId" value={topic.id} />
      {myVotes > 0 ? (
        <button name="intent" value="unvote" aria-label={`Take a dot back from “${topic.title}”`}>
          −
        </button>
      ) : (
        <span aria-hidden="true" />
      )}
      <button name="intent" value="vote" disabled={!canAdd} aria-label={`Add a dot to “${topic.title}”`}>
        +
      </button>
      {myVotes > 0 ? <span data-testid="my-dots">{`Your dots: ${myVotes}`}</span> : null}
    </form>
  );
}

/** The card's heading; "Yours" on one's own topics (a personal slot: see TopicCard). */
export function TopicHeading({ title, isMine }: { title: string; isMine: boolean }) {
  return isMine ? (
    <div className="lc-head">
      <h3>{title}</h3>
      <Badge tone="info">Yours</Badge>
    </div>
  ) : (
    <h3>{title}</h3>
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
            Topic<span className="sr-only"> “{topic.title}”</span>
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
        <SubmitButton size="sm" pendingLabel="Saving…">
          Save topic
        </SubmitButton>
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
  const canAdd = canAddDot(dotsLeft, allowStacking, myVotes);
  // Authors withdraw while collecting (DESIGN §2); facilitators remove, their own topics too while voting.
  const mayWithdraw = phase === "collect" && Boolean(topic.isMine);
  const mayRemove = !mayWithdraw && role === "facilitator" && (phase === "collect" || phase === "vote");
  const mayStart = phase === "discuss" && role === "facilitator";
  const editable = phase === "collect" && topic.isMine;
  return (
    <li id={`topic-${topic.id}`} className="lc-card">
      {/* The heading and the dots are the viewer's own; the rest of the card is the same for everyone. */}
      <PersonalSlot name={`head:${topic.id}`}>
        <TopicHeading title={topic.title} isMine={Boolean(topic.isMine)} />
      </PersonalSlot>
      {topic.description ? <p className="lc-desc">{topic.description}</p> : null}
      <p className="lc-by">{`by ${topic.authorName}`}</p>
      {topic.carriedFrom ? (
        <p className="lc-by">
          {topic.carriedFrom.votes === null
            ? `Carried over from ${topic.carriedFrom.eventTitle}`
            : `Carried over from ${topic.carriedFrom.eventTitle} (${topic.carriedFrom.votes} ${topic.carriedFrom.votes === 1 ? "dot" : "dots"} there)`}
        </p>
      ) : null}
      {phase !== "collect" || topic.votes ? <TallyBar votes={votes} max={Math.max(maxVotes, votes ?? 0)} title={topic.title} /> : null}
      {phase === "vote" && role !== "viewer" ? (
        <PersonalSlot name={`vote:${topic.id}`}>
          <VoteControls topic={topic} myVotes={myVotes} canAdd={canAdd} onVote={onVote} />
        </PersonalSlot>
      ) : null}
      {editable || mayWithdraw || mayRemove || mayStart || children ? (
        <div className="lc-actions">
          {editable ? <EditTopic topic={topic} /> : null}
          {mayWithdraw || mayRemove ? (
            <ActionButton
              intent="withdraw"
              topicId={topic.id}
              label={`${mayWithdraw ? "Withdraw" : "Remove"} “${topic.title}”`}
              variant="ghost"
            >
              {mayWithdraw ? "Withdraw" : "Remove"}
            </ActionButton>
          ) : null}
          {mayStart ? (
            <ActionButton
              intent="start"
              topicId={topic.id}
              label={`Start discussing “${topic.title}”`}
              variant="primary"
              disabled={discussionRunning}
            >
              Start discussing
            </ActionButton>
          ) : null}
          {children}
        </div>
      ) : null}
    </li>
  );
}
