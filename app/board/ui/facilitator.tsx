// What only facilitators see: phase switch, board settings, merging duplicates,
// carrying topics over, promoting topics and adding boards.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { BOARD_PHASES, boardSettingsSchema, PHASE_LABELS } from "~/board/board-schema";
import { useZodForm } from "~/components/use-zod-form";
import { SubmitButton } from "~/components/submit-button";
import { CheckboxField, Field, FormErrors, SelectField } from "~/components/forms";
import { EnhancedFlag } from "~/board/ui/live";

type Phase = (typeof BOARD_PHASES)[number];

const NEXT_LABEL: Record<Phase, string> = {
  collect: "Back to collecting topics",
  vote: "Open voting",
  discuss: "Close voting and discuss",
  closed: "Close the board",
};

export function PhaseSteps({ phase }: { phase: Phase }) {
  const index = BOARD_PHASES.indexOf(phase);
  return (
    <ol className="flex w-full gap-1 text-xs sm:text-sm" aria-label="Board phases">
      {BOARD_PHASES.map((p, i) => (
        <li
          key={p}
          aria-current={p === phase ? "step" : undefined}
          className={`flex-1 rounded-md px-2 py-1.5 text-center font-medium ${
            p === phase ? "bg-brand-600 text-white" : i < index ? "bg-brand-100 text-brand-900" : "bg-slate-100 text-slate-600"
          }`}
        >
          {i + 1}. {PHASE_LABELS[p]}
        </li>
      ))}
    </ol>
  );
}

export function PhaseControls({ phase, discussionRunning }: { phase: Phase; discussionRunning: boolean }) {
  const index = BOARD_PHASES.indexOf(phase);
  const next = BOARD_PHASES[index + 1];
  const others = BOARD_PHASES.filter((p) => p !== phase && p !== next);
  return (
    <Form method="post" preventScrollReset className="flex flex-wrap items-center gap-2" aria-label="Change phase">
      <EnhancedFlag />
      <input type="hidden" name="intent" value="phase" />
      {next ? (
        <SubmitButton size="sm" name="phase" value={next} disabled={discussionRunning} className="disabled:opacity-50">
          {NEXT_LABEL[next]}
        </SubmitButton>
      ) : null}
      {others.map((p) => (
        <SubmitButton key={p} variant="ghost" size="sm" name="phase" value={p} disabled={discussionRunning} className="disabled:opacity-50">
          Switch to “{PHASE_LABELS[p]}”
        </SubmitButton>
      ))}
      {discussionRunning ? <span className="text-xs text-slate-500">Finish the current topic to change the phase.</span> : null}
    </Form>
  );
}

function Panel({ title, children, id, open }: { title: string; children: ReactNode; id?: string; open?: boolean }) {
  return (
    <details id={id} open={open} className="rounded-lg border border-slate-200 bg-white p-4">
      <summary className="cursor-pointer font-semibold">{title}</summary>
      <div className="mt-3">{children}</div>
    </details>
  );
}

export type BoardSettingsDefaults = {
  title: string;
  votesPerPerson: number;
  allowStacking: boolean;
  hideTallies: boolean;
  timeboxSeconds: number;
  extensionSeconds: number;
  takeawaysBy: "facilitator" | "anyone";
};

function SettingsForm({ board, lastResult }: { board: BoardSettingsDefaults; lastResult?: SubmissionResult<string[]> | null }) {
  const [form, fields] = useZodForm(boardSettingsSchema, {
    id: "board-settings",
    lastResult,
    defaultValue: {
      title: board.title,
      votesPerPerson: String(board.votesPerPerson),
      allowStacking: board.allowStacking ? "on" : undefined,
      hideTallies: board.hideTallies ? "on" : undefined,
      timeboxMinutes: String(Math.round(board.timeboxSeconds / 60)),
      extensionMinutes: String(Math.round(board.extensionSeconds / 60)),
      takeawaysBy: board.takeawaysBy,
    },
    shouldRevalidate: "onBlur",
  });
  return (
    <Form method="post" preventScrollReset {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
      <EnhancedFlag />
      <input type="hidden" name="intent" value="settings" />
      <div className="sm:col-span-2">
        <FormErrors id={form.errorId} errors={form.errors} />
      </div>
      <Field label="Board title" meta={fields.title} />
      <Field label="Dots per person" meta={fields.votesPerPerson} type="number" min={1} max={20} />
      <Field label="Time-box (minutes)" meta={fields.timeboxMinutes} type="number" min={1} max={60} />
      <Field label="Extension (minutes)" meta={fields.extensionMinutes} type="number" min={1} max={30} />
      <CheckboxField label="Allow several dots on one topic" meta={fields.allowStacking} />
      <CheckboxField
        label="Hide tallies until voting closes"
        meta={fields.hideTallies}
        hint="Against groupthink: only facilitators see counts while voting."
      />
      <SelectField
        label="Who records takeaways"
        meta={fields.takeawaysBy}
        options={[
          { value: "facilitator", label: "Facilitators only" },
          { value: "anyone", label: "Any participant" },
        ]}
      />
      <div className="flex items-end">
        <SubmitButton>Save settings</SubmitButton>
      </div>
    </Form>
  );
}

type TopicOption = { id: number; title: string };

function TopicSelect({ id, name, label, topics }: { id: string; name: string; label: string; topics: TopicOption[] }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select id={id} name={name} required className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2">
        <option value="">Choose…</option>
        {topics.map((t) => (
          <option key={t.id} value={t.id}>
            {t.title}
          </option>
        ))}
      </select>
    </div>
  );
}

export function FacilitatorTools({
  board,
  phase,
  openTopics,
  promotable,
  carryTargets,
  promoteTargets,
  promoted,
  settingsResult,
}: {
  board: BoardSettingsDefaults;
  phase: Phase;
  openTopics: TopicOption[];
  promotable: TopicOption[];
  carryTargets: { id: number; title: string; eventTitle: string }[];
  promoteTargets: { id: number; title: string; slug: string }[];
  promoted: { topicId: number | null; sessionId: number; eventSlug: string; eventTitle: string }[];
  settingsResult?: SubmissionResult<string[]> | null;
}) {
  return (
    <section aria-labelledby="facilitator-heading" className="no-print space-y-3">
      <h2 id="facilitator-heading" className="text-lg font-semibold">
        Facilitator tools
      </h2>
      <Panel title="Board settings">
        <SettingsForm board={board} lastResult={settingsResult} />
      </Panel>
      {(phase === "collect" || phase === "vote") && openTopics.length >= 2 ? (
        <Panel title="Merge duplicate topics">
          <Form method="post" preventScrollReset className="grid gap-3 sm:grid-cols-3 sm:items-end">
            <EnhancedFlag />
            <input type="hidden" name="intent" value="merge" />
            <TopicSelect id="merge-source" name="sourceId" label="Duplicate (goes away)" topics={openTopics} />
            <TopicSelect id="merge-target" name="targetId" label="Topic to keep" topics={openTopics} />
            <SubmitButton variant="secondary">Merge topics</SubmitButton>
          </Form>
          <p className="mt-2 text-xs text-slate-500">Dots move to the kept topic; without stacking, a person’s second dot is given back.</p>
        </Panel>
      ) : null}
      {openTopics.length > 0 ? (
        <Panel title="Carry undiscussed topics over">
          {carryTargets.length ? (
            <Form method="post" preventScrollReset className="grid gap-3 sm:grid-cols-2 sm:items-end">
              <EnhancedFlag />
              <input type="hidden" name="intent" value="carry-over" />
              <div>
                <label htmlFor="carry-target" className="block text-sm font-medium text-slate-800">
                  Board to carry {openTopics.length} {openTopics.length === 1 ? "topic" : "topics"} to
                </label>
                <select
                  id="carry-target"
                  name="targetBoardId"
                  required
                  className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
                >
                  {carryTargets.map((b) => (
                    <option key={b.id} value={b.id}>
                      {b.eventTitle}: {b.title}
                    </option>
                  ))}
                </select>
              </div>
              <SubmitButton variant="secondary">Carry over</SubmitButton>
            </Form>
          ) : (
            <p className="text-sm text-slate-600">No board of another event you organise is collecting topics right now.</p>
          )}
        </Panel>
      ) : null}
      {promotable.length ? (
        <Panel title="Promote a topic to an unconference session" id="promoted" open={promoted.length > 0}>
          {promoteTargets.length ? (
            <Form method="post" preventScrollReset className="grid gap-3 sm:grid-cols-3 sm:items-end">
              <EnhancedFlag />
              <input type="hidden" name="intent" value="promote" />
              <TopicSelect id="promote-topic" name="topicId" label="Topic to propose as a session" topics={promotable} />
              <div>
                <label htmlFor="promote-event" className="block text-sm font-medium text-slate-800">
                  Unconference
                </label>
                <select
                  id="promote-event"
                  name="targetEventId"
                  required
                  className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
                >
                  {promoteTargets.map((e) => (
                    <option key={e.id} value={e.id}>
                      {e.title}
                    </option>
                  ))}
                </select>
              </div>
              <SubmitButton variant="secondary">Propose as session</SubmitButton>
            </Form>
          ) : (
            <p className="text-sm text-slate-600">You organise no unconference to propose sessions to.</p>
          )}
          {promoted.length ? (
            <>
              <h3 className="mt-4 text-sm font-semibold text-slate-800">Already proposed as sessions</h3>
              <ul className="mt-1 list-disc pl-5 text-sm text-slate-700">
                {promoted.map((p) => (
                  <li key={p.sessionId}>
                    {promotable.find((t) => t.id === p.topicId)?.title ?? "A topic"} →{" "}
                    <a href={`/events/${p.eventSlug}/sessions/${p.sessionId}`}>proposal at {p.eventTitle}</a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </Panel>
      ) : null}
      <Panel title="Add another board">
        <Form method="post" preventScrollReset className="flex flex-wrap items-end gap-3">
          <input type="hidden" name="intent" value="create-board" />
          <div className="flex-1">
            <label htmlFor="new-board-title" className="block text-sm font-medium text-slate-800">
              New board title
            </label>
            <input
              id="new-board-title"
              name="title"
              required
              maxLength={80}
              defaultValue="Lean Coffee: round 2"
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2"
            />
          </div>
          <SubmitButton variant="secondary">Create board</SubmitButton>
        </Form>
      </Panel>
    </section>
  );
}
