// The projector view: the whole screen (the route hides the site's header and footer),
// type readable from the back of the room. While people can join in, the board's join QR
// code; during a discussion the topic, its countdown and the Roman tally fill the screen;
// otherwise the ranking. Facilitators get keys (presenter-keys.tsx). Live like the board.
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import type { PresenterLoader } from "~/board/presenter-route.server";
import { PHASE_LABELS, ROMAN_LABELS, ROMAN_VOTES } from "~/board/board-schema";
import { Countdown, formatDuration, useServerClock } from "~/board/ui/countdown";
import { LiveIndicator, useLiveBoard } from "~/board/ui/live";
import { FacilitatorKeys } from "~/board/ui/presenter-keys";
import { useBoardOverrides } from "~/board/ui/votes";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { QrCode } from "~/components/qr-code";

type PresenterData = ReturnType<typeof useLoaderData<PresenterLoader>>;
type JoinData = NonNullable<PresenterData["join"]>;

/** Topics listed while collecting: more would run off the screen; the count says how many in all. */
const LISTED_TOPICS = 16;

export default function BoardPresenter() {
  const data = useLoaderData<PresenterLoader>();
  const base = data.view ? `/events/${data.event.slug}/boards/${data.view.board.id}` : "";
  // Tallies and Roman votes arrive in the frames and are applied in place; the rest reloads.
  // A dot vote under hidden tallies changes nothing here: the projector shows the room's
  // view, without counts, to facilitators too (presenter-route.server.ts).
  const overrides = useBoardOverrides(data.view, base, () => {});
  const stream = useLiveBoard(data.view ? `${base}/live` : null, { onFrame: overrides.onFrame });
  const view = overrides.view;
  const now = useServerClock(view?.serverNow ?? new Date(0).toISOString());
  if (!view) {
    return (
      <div className="flex flex-1 items-center justify-center p-10">
        <h1 className="text-5xl font-bold">This event has no board yet.</h1>
      </div>
    );
  }
  const { board, discussing, roman } = view;
  const timeUp = Boolean(discussing?.timerEndsAt && Date.parse(discussing.timerEndsAt) <= now);
  return (
    <div className="flex min-h-screen flex-1 flex-col bg-white px-[3vw] py-6 text-slate-900">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <p className="text-3xl font-semibold uppercase tracking-wide text-brand-700">
          {board.title} · {PHASE_LABELS[board.phase]}
        </p>
        <div className="no-print flex items-center gap-6 text-lg">
          <LiveIndicator status={stream.status} />
          <Link to={base}>← Back to the board</Link>
        </div>
      </div>
      <div className="flex flex-1 flex-col justify-center py-6">
        {discussing ? (
          <section className="text-center" aria-labelledby="presenter-topic">
            <p className="text-3xl font-semibold uppercase tracking-wide text-slate-600">Now discussing</p>
            <h1 id="presenter-topic" className="mx-auto mt-2 max-w-[90vw] break-words text-[clamp(3rem,5vw,7rem)] font-bold leading-tight">
              {discussing.title}
            </h1>
            <div className="mt-10 flex flex-wrap items-center justify-center gap-x-20 gap-y-10">
              {discussing.timerEndsAt ? <Countdown endsAt={discussing.timerEndsAt} now={now} size="xl" /> : null}
              {roman && (roman.open || timeUp) ? (
                <dl aria-label="Roman vote tally" className="grid grid-cols-3 gap-6">
                  {ROMAN_VOTES.map((v) => (
                    <div key={v} className="rounded-2xl bg-slate-100 px-8 py-6">
                      <dt className="text-3xl">{ROMAN_LABELS[v]}</dt>
                      <dd className="text-[clamp(4rem,8vw,10rem)] font-bold leading-none tabular-nums">{roman[v]}</dd>
                    </div>
                  ))}
                </dl>
              ) : null}
            </div>
          </section>
        ) : board.phase === "collect" ? (
          <WithJoinCode join={data.join} boardTitle={board.title}>
            <h1 className="text-[clamp(3rem,5vw,6rem)] font-bold leading-tight">Propose your topics</h1>
            <p className="mt-2 text-4xl text-slate-700">
              {view.open.length === 1 ? "1 topic so far" : `${view.open.length} topics so far`}
            </p>
            <ul className="mt-8 gap-12 text-3xl sm:columns-2">
              {view.open.slice(0, LISTED_TOPICS).map((t) => (
                <li key={t.id} className="mb-3 break-inside-avoid break-words">
                  {t.title}
                </li>
              ))}
            </ul>
          </WithJoinCode>
        ) : board.phase === "closed" ? (
          <section className="text-center">
            <h1 className="text-[clamp(3rem,5vw,6rem)] font-bold">Thank you!</h1>
            <p className="mt-4 text-4xl text-slate-700">
              {view.discussed.length === 1 ? "1 topic discussed." : `${view.discussed.length} topics discussed.`}
            </p>
          </section>
        ) : (
          <WithJoinCode join={board.phase === "vote" ? data.join : null} boardTitle={board.title}>
            <Ranking view={view} heading={board.phase === "vote" ? "Voting is open" : "Up next"} />
          </WithJoinCode>
        )}
      </div>
      {view.discussed.length ? (
        <p className="text-center text-2xl text-slate-600">
          Discussed so far: {view.discussed.map((t) => `${t.title} (${formatDuration(t.discussedSeconds ?? null)})`).join(" · ")}
        </p>
      ) : null}
      {view.role === "facilitator" ? (
        <FacilitatorKeys
          boardPath={base}
          inDiscussPhase={board.phase === "discuss"}
          discussing={discussing}
          next={view.open[0] ?? null}
          timeUp={timeUp}
          extensionMinutes={Math.round(board.extensionSeconds / 60)}
        />
      ) : null}
    </div>
  );
}

function WithJoinCode({ join, boardTitle, children }: { join: JoinData | null; boardTitle: string; children: ReactNode }) {
  if (!join) return <div>{children}</div>;
  return (
    <div className="grid items-center gap-[4vw] lg:grid-cols-[1fr_auto]">
      {/* min-w-0: a long word wraps inside the column instead of widening the page (on a phone). */}
      <section className="min-w-0">{children}</section>
      <section aria-labelledby="join-heading" className="mx-auto w-[min(80vw,58vh)]">
        <h2 id="join-heading" className="mb-4 text-center text-4xl font-bold">
          Scan to join
        </h2>
        <QrCode svg={join.qrSvg} url={join.url} label={`QR code to join “${boardTitle}”`} className="text-2xl" />
      </section>
    </div>
  );
}

type RankingView = { talliesVisible: boolean; maxVotes: number; open: Array<{ id: number; title: string; votes: number | null }> };

function Ranking({ view, heading }: { view: RankingView; heading: string }) {
  return (
    <section aria-labelledby="ranking-heading" className="mx-auto w-full max-w-6xl">
      <h1 id="ranking-heading" className="mb-6 text-[clamp(3rem,4.5vw,5.5rem)] font-bold leading-tight">
        {heading}
      </h1>
      {view.talliesVisible ? null : <p className="mb-6 text-3xl text-slate-600">Tallies stay hidden until voting closes.</p>}
      <ol className="space-y-5">
        {view.open.slice(0, 8).map((t) => (
          <li key={t.id} className="text-4xl">
            <div className="flex justify-between gap-6">
              <span className="break-words font-semibold">{t.title}</span>
              <span className="tabular-nums">{t.votes ?? ""}</span>
            </div>
            {t.votes !== null ? (
              <div className="mt-2 h-5 rounded-full bg-slate-200">
                <div
                  className="h-5 rounded-full bg-brand-500 transition-all"
                  style={{ width: `${Math.round((t.votes / view.maxVotes) * 100)}%` }}
                />
              </div>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function PresenterErrorBoundary() {
  return <GeneralErrorBoundary />;
}
