// The projector view: readable from the back of the room. The current topic and its
// countdown fill the screen; otherwise the ranking (or the topic count while collecting).
import { Link, useLoaderData } from "@remix-run/react";
import type { BoardLoader } from "~/board/board-route.server";
import { PHASE_LABELS, ROMAN_LABELS, ROMAN_VOTES } from "~/board/board-schema";
import { Countdown, formatDuration, useServerClock } from "~/board/ui/countdown";
import { LiveIndicator, useLiveBoard } from "~/board/ui/live";
import { useBoardOverrides } from "~/board/ui/votes";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export default function BoardPresenter() {
  const data = useLoaderData<BoardLoader>();
  const base = data.view ? `/events/${data.event.slug}/boards/${data.view.board.id}` : "";
  // Tallies and Roman votes arrive in the frames and are applied in place; the rest reloads.
  const overrides = useBoardOverrides(data.view, base, () => {});
  const stream = useLiveBoard(data.view ? `${base}/live` : null, {
    onFrame: overrides.onFrame,
    reloadOnHiddenVotes: data.view?.role === "facilitator",
  });
  const live = stream.status;
  const view = overrides.view;
  const now = useServerClock(view?.serverNow ?? new Date(0).toISOString());
  if (!view) return <p>This event has no board yet.</p>;
  const { board, discussing, roman } = view;
  const ranking = view.open.slice(0, 8);
  return (
    <div className="space-y-8">
      <div className="no-print flex items-center justify-between text-sm">
        <Link to={`/events/${data.event.slug}/boards/${board.id}`}>← Back to the board</Link>
        <LiveIndicator status={live} />
      </div>
      <header className="text-center">
        <p className="text-lg font-semibold uppercase tracking-wide text-brand-700">
          {board.title} · {PHASE_LABELS[board.phase]}
        </p>
      </header>
      {discussing ? (
        <section className="text-center" aria-labelledby="presenter-topic">
          <h1 id="presenter-topic" className="mx-auto max-w-5xl break-words text-4xl font-bold sm:text-6xl">
            {discussing.title}
          </h1>
          {discussing.timerEndsAt ? (
            <div className="mt-8">
              <Countdown endsAt={discussing.timerEndsAt} now={now} size="xl" />
            </div>
          ) : null}
          {roman && (roman.open || (discussing.timerEndsAt && Date.parse(discussing.timerEndsAt) <= now)) ? (
            <dl className="mx-auto mt-8 grid max-w-3xl grid-cols-3 gap-4">
              {ROMAN_VOTES.map((v) => (
                <div key={v} className="rounded-xl bg-white p-4 shadow">
                  <dt className="text-xl">{ROMAN_LABELS[v]}</dt>
                  <dd className="text-6xl font-bold tabular-nums">{roman[v]}</dd>
                </div>
              ))}
            </dl>
          ) : null}
        </section>
      ) : board.phase === "collect" ? (
        <section className="text-center">
          <h1 className="text-5xl font-bold">Propose your topics</h1>
          <p className="mt-4 text-3xl text-slate-700">{view.open.length} so far</p>
          <ul className="mx-auto mt-8 max-w-4xl space-y-2 text-2xl">
            {view.open.map((t) => (
              <li key={t.id}>{t.title}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {!discussing && board.phase !== "collect" ? (
        <section aria-labelledby="ranking-heading" className="mx-auto max-w-5xl">
          <h2 id="ranking-heading" className="mb-4 text-3xl font-bold">
            {board.phase === "vote" ? "Voting is open" : "Up next"}
          </h2>
          {view.talliesVisible ? null : <p className="mb-4 text-xl text-slate-600">Tallies stay hidden until voting closes.</p>}
          <ol className="space-y-4">
            {ranking.map((t) => (
              <li key={t.id} className="text-2xl">
                <div className="flex justify-between gap-4">
                  <span className="font-semibold">{t.title}</span>
                  <span className="tabular-nums">{t.votes ?? ""}</span>
                </div>
                {t.votes !== null ? (
                  <div className="mt-1 h-4 rounded-full bg-slate-200">
                    <div className="h-4 rounded-full bg-brand-500 transition-all" style={{ width: `${Math.round((t.votes / view.maxVotes) * 100)}%` }} />
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {view.discussed.length ? (
        <p className="text-center text-lg text-slate-600">
          Discussed so far: {view.discussed.map((t) => `${t.title} (${formatDuration(t.discussedSeconds ?? null)})`).join(" · ")}
        </p>
      ) : null}
    </div>
  );
}

export function PresenterErrorBoundary() {
  return <GeneralErrorBoundary />;
}
