// The Lean Coffee board page, shared by /events/:slug/board and /events/:slug/boards/:id.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { useRef } from "react";
import type { BoardLoader } from "~/board/board-route.server";
import { PHASE_LABELS, proposeTopicSchema } from "~/board/board-schema";
import { useZodForm } from "~/components/use-zod-form";
import { Badge } from "~/components/badge";
import { buttonClass } from "~/components/button";
import { Card } from "~/components/card";
import { CurrentTopic, DiscussedTopic } from "~/board/ui/discussion";
import { FacilitatorTools, PhaseControls, PhaseSteps } from "~/board/ui/facilitator";
import { EnhancedFlag, LiveIndicator, useLiveBoard } from "~/board/ui/live";
import { DotsLeft, TopicCard } from "~/board/ui/topic-card";
import { useBoardOverrides } from "~/board/ui/votes";
import { useServerClock } from "~/board/ui/countdown";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, TextareaField } from "~/components/forms";
import { PersonalSlot } from "~/components/personal-slot";
import { SubmitButton } from "~/components/submit-button";

type ActionResult = SubmissionResult<string[]> & { intent?: string };

export const boardMeta: MetaFunction<BoardLoader> = ({ data }) => [
  { title: data?.view ? `${data.view.board.title} · ${data.event.title} · Knowledge Exchange` : "Lean Coffee board · Knowledge Exchange" },
];

/**
 * Dot votes sent with JavaScript come back with the new state, which the page applies
 * itself (see board-votes.tsx): no reload of the board data for them. Everything else
 * reloads as usual.
 */
export const boardShouldRevalidate: ShouldRevalidateFunction = ({ formData, actionResult, defaultShouldRevalidate }) => {
  const intent = formData?.get("intent");
  if ((intent === "vote" || intent === "unvote") && (actionResult as { status?: string } | undefined)?.status === "success") return false;
  return defaultShouldRevalidate;
};

function resultFor(result: ActionResult | undefined, intent: string) {
  if (!result) return null;
  const submitted = result.intent ?? (result.initialValue as Record<string, unknown> | null | undefined)?.intent;
  return submitted === intent ? result : null;
}

function ProposeForm({ lastResult }: { lastResult: ActionResult | null }) {
  const [form, fields] = useZodForm(proposeTopicSchema, {
    id: "propose-topic",
    lastResult,
  });
  return (
    <Card aria-labelledby="propose-heading">
      <h2 id="propose-heading" className="font-semibold">
        Propose a topic
      </h2>
      <Form method="post" preventScrollReset {...getFormProps(form)} className="mt-3 space-y-3">
        <EnhancedFlag />
        <input type="hidden" name="intent" value="propose" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field label="Topic" meta={fields.title} hint="One line, at most 120 characters." autoComplete="off" />
        <TextareaField label="Details (optional)" meta={fields.description} rows={2} />
        <SubmitButton pendingLabel="Adding…">Add topic</SubmitButton>
      </Form>
    </Card>
  );
}

function NoBoard() {
  const { event, canCreateBoard } = useLoaderData<BoardLoader>();
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <p>
        <Link to={`/events/${event.slug}`}>← {event.title}</Link>
      </p>
      <h1 className="text-3xl font-bold">Lean Coffee board</h1>
      <EmptyState title="This event has no board yet.">
        {canCreateBoard ? (
          <Form method="post" className="mt-3">
            <input type="hidden" name="intent" value="create-board" />
            <input type="hidden" name="title" value="Lean Coffee" />
            <SubmitButton pendingLabel="Creating…">Create the board</SubmitButton>
          </Form>
        ) : (
          "The organisers will open it before the session."
        )}
      </EmptyState>
    </div>
  );
}

export default function BoardPage() {
  const data = useLoaderData<BoardLoader>();
  // One page state per board: live overrides (tallies, one's dots) never carry over to
  // another board of the event when the visitor switches boards.
  return <BoardScreen key={data.view?.board.id ?? 0} />;
}

function BoardScreen() {
  const data = useLoaderData<BoardLoader>();
  const actionData = useActionData<ActionResult>();
  const base = data.view ? `/events/${data.event.slug}/boards/${data.view.board.id}` : "";
  const reload = useRef(() => {});
  const live = useBoardOverrides(data.view, base, () => reload.current());
  const stream = useLiveBoard(data.view ? `${base}/live` : null, {
    onFrame: live.onFrame,
    reloadOnHiddenVotes: data.view?.role === "facilitator",
  });
  reload.current = stream.refresh;
  const view = live.view;
  const now = useServerClock(view?.serverNow ?? new Date(0).toISOString());
  if (!view) return <NoBoard />;

  const { board, role, dotsLeft, dotsUsed } = view;
  const discussionRunning = view.discussing !== null;
  const formError = actionData?.status === "error" ? actionData.error?.[""]?.[0] : null;
  const takeawaysResult = resultFor(actionData, "takeaways");
  const twoColumn = board.phase === "discuss" || board.phase === "closed";

  const topicCard = (topic: (typeof view.open)[number]) => (
    <TopicCard
      key={topic.id}
      topic={topic}
      phase={board.phase}
      role={role}
      maxVotes={view.maxVotes}
      dotsLeft={dotsLeft}
      onVote={live.vote}
      allowStacking={board.allowStacking}
      discussionRunning={discussionRunning}
    />
  );

  return (
    <div className="space-y-6">
      <header className="space-y-3">
        <p className="text-sm">
          <Link to={`/events/${data.event.slug}`}>← {data.event.title}</Link>
        </p>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">{board.title}</h1>
            <Badge tone={board.phase === "closed" ? "neutral" : "info"}>{PHASE_LABELS[board.phase]}</Badge>
            <LiveIndicator status={stream.status} />
          </div>
          <nav aria-label="Board views" className="no-print flex flex-wrap gap-2">
            <Link to={`${base}/present`} className={buttonClass("secondary", "sm")}>
              Presenter view
            </Link>
            <Link to={`${base}/summary`} className={buttonClass("secondary", "sm")}>
              Summary
            </Link>
          </nav>
        </div>
        {data.boards.length > 1 ? (
          <nav aria-label="Boards of this event" className="no-print flex flex-wrap gap-1">
            {data.boards.map((b) => (
              <Link
                key={b.id}
                to={`/events/${data.event.slug}/boards/${b.id}`}
                aria-current={b.id === board.id ? "page" : undefined}
                className={`rounded-full px-3 py-1 text-sm no-underline hover:no-underline ${b.id === board.id ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-700 hover:bg-slate-200"}`}
              >
                {b.title}
              </Link>
            ))}
          </nav>
        ) : null}
        <PhaseSteps phase={board.phase} />
        {role === "facilitator" ? <PhaseControls phase={board.phase} discussionRunning={discussionRunning} /> : null}
      </header>

      {formError || live.error ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {formError ?? live.error}
        </div>
      ) : null}

      {role === "viewer" ? (
        <p className="rounded-md bg-slate-100 p-3 text-sm text-slate-700">
          You are looking at this board read-only.{" "}
          {data.signedIn ? (
            <>
              Confirmed attendees take part: <Link to={`/events/${data.event.slug}/register`}>register for the event</Link>.
            </>
          ) : data.guestsWelcome ? (
            <>
              To join as a guest with your name, scan the QR code on the screen or open the join link the organisers shared; or{" "}
              <Link to={`/login?redirectTo=${encodeURIComponent(`/events/${data.event.slug}/board`)}`}>log in</Link> to take part.
            </>
          ) : (
            <>
              <Link to={`/login?redirectTo=${encodeURIComponent(`/events/${data.event.slug}/board`)}`}>Log in</Link> to take part.
            </>
          )}
        </p>
      ) : null}

      {data.guestName ? (
        <p className="rounded-md bg-slate-100 p-3 text-sm text-slate-700">
          You take part as a guest: <strong>{data.guestName}</strong>. Only on this event&apos;s boards, on this device.
        </p>
      ) : null}

      {board.phase === "vote" && role !== "viewer" ? (
        <div className="sticky top-0 z-10 flex flex-wrap items-center justify-between gap-2 rounded-lg border border-brand-100 bg-brand-50 p-3 shadow-sm">
          <PersonalSlot name="dots-left">
            <DotsLeft dotsLeft={dotsLeft} dotsUsed={dotsUsed} total={board.votesPerPerson} />
          </PersonalSlot>
          <p className="w-full text-xs text-brand-900/80">
            {board.allowStacking ? "You may put several dots on one topic." : "One dot per topic."}{" "}
            {!board.hideTallies
              ? ""
              : view.talliesVisible
                ? "Attendees see no tallies until voting closes; facilitators do."
                : "Tallies stay hidden until voting closes."}{" "}
            Nobody sees who voted for what.
          </p>
        </div>
      ) : null}

      {board.phase === "collect" && role !== "viewer" ? <ProposeForm lastResult={resultFor(actionData, "propose")} /> : null}

      {twoColumn ? (
        <div className="grid gap-6 lg:grid-cols-3">
          <section aria-labelledby="to-discuss-heading" className="order-2 lg:order-1">
            <h2 id="to-discuss-heading" className="mb-2 text-lg font-semibold">
              {board.phase === "closed" ? "Not discussed" : "To discuss"}{" "}
              <span className="text-sm font-normal text-slate-500">({view.open.length}, most dots first)</span>
            </h2>
            {view.open.length ? <ul className="space-y-3">{view.open.map(topicCard)}</ul> : <EmptyState title="Nothing left to discuss." />}
          </section>
          <section aria-labelledby="discussing-heading" className="order-1 lg:order-2">
            <h2 id="discussing-heading" className="mb-2 text-lg font-semibold">
              Discussing
            </h2>
            {view.discussing && view.roman ? (
              <CurrentTopic
                topic={view.discussing}
                roman={view.roman}
                now={now}
                role={role}
                extensionMinutes={Math.round(board.extensionSeconds / 60)}
                maxVotes={view.maxVotes}
              />
            ) : (
              <EmptyState title={board.phase === "closed" ? "The board is closed." : "No topic on the table."}>
                {role === "facilitator" && board.phase === "discuss" && view.open.length ? "Start the top topic from the list." : null}
              </EmptyState>
            )}
          </section>
          <section aria-labelledby="discussed-heading" className="order-3">
            <h2 id="discussed-heading" className="mb-2 text-lg font-semibold">
              Discussed <span className="text-sm font-normal text-slate-500">({view.discussed.length})</span>
            </h2>
            {view.discussed.length ? (
              <ul className="space-y-3">
                {view.discussed.map((t) => (
                  <DiscussedTopic
                    key={t.id}
                    topic={t}
                    canRecordTakeaways={view.canRecordTakeaways}
                    maxVotes={view.maxVotes}
                    takeawaysErrors={
                      takeawaysResult && (takeawaysResult.initialValue as Record<string, unknown> | null)?.topicId === String(t.id)
                        ? (takeawaysResult.error?.takeaways ?? takeawaysResult.error?.[""] ?? undefined)
                        : undefined
                    }
                  />
                ))}
              </ul>
            ) : (
              <EmptyState title="No topic discussed yet." />
            )}
          </section>
        </div>
      ) : (
        <section aria-labelledby="topics-heading">
          <h2 id="topics-heading" className="mb-2 text-lg font-semibold">
            Topics <span className="text-sm font-normal text-slate-500">({view.open.length})</span>
          </h2>
          {view.open.length ? (
            <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">{view.open.map(topicCard)}</ul>
          ) : (
            <EmptyState title="No topics yet.">{board.phase === "collect" ? "Propose the first one." : null}</EmptyState>
          )}
        </section>
      )}

      {view.carriedOverCount ? (
        <p className="text-sm text-slate-600">
          {view.carriedOverCount} undiscussed {view.carriedOverCount === 1 ? "topic was" : "topics were"} carried over to another board.
        </p>
      ) : null}

      {role === "facilitator" && data.facilitation ? (
        <FacilitatorTools
          board={board}
          phase={board.phase}
          openTopics={view.open.map((t) => ({ id: t.id, title: t.title }))}
          promotable={[...view.open, ...(view.discussing ? [view.discussing] : []), ...view.discussed].map((t) => ({
            id: t.id,
            title: t.title,
          }))}
          carryTargets={data.facilitation.carryTargets}
          promoteTargets={data.facilitation.promoteTargets}
          promoted={data.facilitation.promoted}
          settingsResult={resultFor(actionData, "settings")}
        />
      ) : null}
    </div>
  );
}

export function BoardErrorBoundary() {
  return <GeneralErrorBoundary />;
}
