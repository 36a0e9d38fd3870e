// The discussion: the topic on the table with its countdown and Roman vote, and the
// discussed topics with time spent and their takeaways.
import { Form, Link } from "@remix-run/react";
import type { PageTopic } from "~/board/board-route.server";
import { ROMAN_LABELS, ROMAN_VOTES } from "~/board/board-schema";
import { SubmitButton } from "~/components/submit-button";
import { ActionButton, TallyBar } from "~/board/ui/topic-card";
import { Countdown, formatDuration } from "~/board/ui/countdown";
import { EnhancedFlag } from "~/board/ui/live";
import type { RomanTally } from "~/board/vote-results";

const romanStyles = {
  continue: "bg-green-700 hover:bg-green-800 text-white",
  neutral: "bg-slate-500 hover:bg-slate-600 text-white",
  move_on: "bg-red-600 hover:bg-red-700 text-white",
} as const;

export function RomanVote({ topic, roman, canVote }: { topic: PageTopic; roman: RomanTally; canVote: boolean }) {
  const total = roman.continue + roman.neutral + roman.move_on;
  return (
    <section aria-labelledby="roman-heading" className="rounded-lg border-2 border-red-200 bg-red-50 p-3 sm:p-4">
      <h3 id="roman-heading" className="font-semibold text-red-900">
        Roman vote{roman.round > 0 ? ` (after extension ${roman.round})` : ""}: keep going?
      </h3>
      {canVote ? (
        <Form method="post" preventScrollReset className="mt-3 grid grid-cols-3 gap-1 sm:gap-2">
          <EnhancedFlag />
          <input type="hidden" name="intent" value="roman" />
          <input type="hidden" name="topicId" value={topic.id} />
          {ROMAN_VOTES.map((value) => (
            <button
              key={value}
              type="submit"
              name="value"
              value={value}
              aria-pressed={roman.mine === value}
              className={`min-w-0 rounded-lg px-0.5 py-3 text-sm font-semibold leading-tight sm:px-2 sm:text-base ${romanStyles[value]} ${roman.mine === value ? "ring-4 ring-offset-2 ring-slate-900" : ""}`}
            >
              {ROMAN_LABELS[value]}
            </button>
          ))}
        </Form>
      ) : null}
      <dl className="mt-3 grid grid-cols-3 gap-2 text-center" aria-label="Roman vote tally">
        {ROMAN_VOTES.map((value) => (
          <div key={value} className="rounded-md bg-white p-2">
            <dt className="text-xs text-slate-600">{ROMAN_LABELS[value]}</dt>
            <dd className="text-2xl font-bold tabular-nums" data-testid={`roman-${value}`}>
              {roman[value]}
            </dd>
          </div>
        ))}
      </dl>
      <p className="mt-2 text-xs text-slate-600">
        {total} {total === 1 ? "vote" : "votes"} so far. Who voted how is never shown.
      </p>
    </section>
  );
}

function VisibilitySelect({ id }: { id: string }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        Who may read the note
      </label>
      <select
        id={id}
        name="visibility"
        defaultValue="attendees"
        className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
      >
        <option value="attendees">Attendees of this event</option>
        <option value="partners">Members of the partner organisations</option>
        <option value="public">Everyone (public)</option>
      </select>
    </div>
  );
}

export function TakeawaysFields({ idPrefix, required, errors }: { idPrefix: string; required?: boolean; errors?: string[] }) {
  return (
    <>
      <div>
        <label htmlFor={`${idPrefix}-takeaways`} className="block text-sm font-medium text-slate-800">
          Takeaways (Markdown)
        </label>
        <textarea
          id={`${idPrefix}-takeaways`}
          name="takeaways"
          rows={4}
          required={required}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={`${idPrefix}-takeaways-hint`}
          placeholder={"- What we agreed\n- Links worth sharing"}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2"
        />
        <p id={`${idPrefix}-takeaways-hint`} className="mt-1 text-xs text-slate-500">
          Saved as a note in the archive, linked to this topic and event, with you as author.
        </p>
        {errors?.length ? <p className="mt-1 text-sm text-red-700">{errors[0]}</p> : null}
      </div>
      <VisibilitySelect id={`${idPrefix}-visibility`} />
    </>
  );
}

export function CurrentTopic({
  topic,
  roman,
  now,
  role,
  extensionMinutes,
  maxVotes,
}: {
  topic: PageTopic;
  roman: RomanTally;
  now: number;
  role: "facilitator" | "participant" | "viewer";
  extensionMinutes: number;
  maxVotes: number;
}) {
  const timeUp = topic.timerEndsAt ? Date.parse(topic.timerEndsAt) <= now : false;
  return (
    <section
      aria-labelledby="current-topic-heading"
      className="rounded-2xl border-4 border-brand-500 bg-white p-3 shadow-lg sm:p-5"
      data-testid="current-topic"
    >
      <p className="text-xs font-semibold uppercase tracking-wide text-brand-700">Now discussing</p>
      <h2 id="current-topic-heading" className="mt-1 break-words text-2xl font-bold sm:text-3xl">
        {topic.title}
      </h2>
      {topic.description ? <p className="mt-1 whitespace-pre-line text-slate-700">{topic.description}</p> : null}
      <p className="mt-1 text-sm text-slate-500">
        by {topic.authorName}
        {topic.extensions ? ` · extended ${topic.extensions}×` : ""}
      </p>
      <TallyBar votes={topic.votes} max={maxVotes} title={topic.title} />
      {topic.timerEndsAt ? (
        <div className="my-6">
          <Countdown endsAt={topic.timerEndsAt} now={now} />
        </div>
      ) : null}
      {timeUp || roman.open ? <RomanVote topic={topic} roman={roman} canVote={role !== "viewer"} /> : null}
      {role === "facilitator" ? (
        <div className="mt-4 space-y-3 border-t border-slate-200 pt-4">
          <div className="flex flex-wrap gap-2">
            {!timeUp ? (
              <ActionButton intent="end-timebox" topicId={topic.id} variant="secondary">
                End time-box now
              </ActionButton>
            ) : null}
            <ActionButton intent="extend" topicId={topic.id} variant="secondary">
              Extend by {extensionMinutes} min
            </ActionButton>
          </div>
          <Form method="post" preventScrollReset className="space-y-3 rounded-lg bg-slate-50 p-3">
            <EnhancedFlag />
            <input type="hidden" name="intent" value="finish" />
            <input type="hidden" name="topicId" value={topic.id} />
            <TakeawaysFields idPrefix="finish" />
            <SubmitButton pendingLabel="Finishing…">Finish topic</SubmitButton>
          </Form>
        </div>
      ) : null}
    </section>
  );
}

export function DiscussedTopic({
  topic,
  canRecordTakeaways,
  maxVotes,
  takeawaysErrors,
}: {
  topic: PageTopic;
  canRecordTakeaways: boolean;
  maxVotes: number;
  takeawaysErrors?: string[];
}) {
  return (
    <li id={`topic-${topic.id}`} className="lc-card">
      <h3>{topic.title}</h3>
      <p className="lc-by">{`by ${topic.authorName}`}</p>
      <TallyBar votes={topic.votes} max={maxVotes} title={topic.title} />
      <p className="mt-2 text-sm text-slate-700">
        Discussed for <strong>{formatDuration(topic.discussedSeconds ?? null)}</strong>
        {topic.extensions ? ` (${topic.extensions} ${topic.extensions === 1 ? "extension" : "extensions"})` : ""}
      </p>
      {topic.noteId ? (
        <p className="mt-2 text-sm">
          <Link to={`/notes/${topic.noteId}`}>
            Takeaways in the archive →<span className="sr-only"> (“{topic.title}”)</span>
          </Link>
        </p>
      ) : canRecordTakeaways ? (
        <details className="mt-2" open={Boolean(takeawaysErrors?.length)}>
          <summary className="cursor-pointer text-sm text-brand-700">Record takeaways</summary>
          <Form method="post" preventScrollReset className="mt-2 space-y-3">
            <EnhancedFlag />
            <input type="hidden" name="intent" value="takeaways" />
            <input type="hidden" name="topicId" value={topic.id} />
            <TakeawaysFields idPrefix={`takeaways-${topic.id}`} required errors={takeawaysErrors} />
            <SubmitButton size="sm" pendingLabel="Saving…">
              Save takeaways
            </SubmitButton>
          </Form>
        </details>
      ) : (
        <p className="mt-2 text-xs italic text-slate-500">No takeaways recorded.</p>
      )}
    </li>
  );
}
