// A board's summary: what was discussed (in order), dots, time spent and takeaways;
// then what was left. Laid out to print well.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getSessionUser } from "~/accounts/session.server";
import { getBoard } from "~/board/boards.server";
import { PHASE_LABELS } from "~/board/board-schema";
import { getBoardSummary } from "~/board/summary.server";
import { NoteAudience } from "~/notes/ui/audience";
import { RelatedNotes } from "~/notes/ui/related";
import { formatDuration } from "~/board/ui/countdown";
import { buttonClass } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MarkdownView } from "~/components/markdown";
import { requireVisibleEvent } from "~/events/permissions.server";
import { formatRange } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Summary: ${data.summary.board.title} · ${data.event.title}` : "Board summary" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  const event = requireVisibleEvent(params.slug, user);
  const board = getBoard(Number(params.boardId));
  if (!board || board.eventId !== event.id) throw new Response("This event has no such board.", { status: 404 });
  const summary = getBoardSummary(board.id, user);
  return json({
    event: { slug: event.slug, title: event.title, when: formatRange(event.startsAt, event.endsAt, event.timeZone) },
    summary,
  });
}

function votesText(votes: number | null) {
  return votes === null ? "hidden" : `${votes} ${votes === 1 ? "dot" : "dots"}`;
}

export default function BoardSummary() {
  const { event, summary } = useLoaderData<typeof loader>();
  const boardUrl = `/events/${event.slug}/boards/${summary.board.id}`;
  const maxVotes = summary.maxVotes;
  return (
    <article className="mx-auto max-w-3xl space-y-8 print:max-w-none">
      <header>
        <p className="no-print text-sm">
          <Link to={boardUrl}>← Back to the board</Link>
        </p>
        <h1 className="mt-2 text-3xl font-bold">{summary.board.title}: summary</h1>
        <p className="mt-1 text-slate-700">
          {event.title} · {event.when}
        </p>
        <p className="mt-1 text-sm text-slate-600">
          Phase: {PHASE_LABELS[summary.board.phase]} · {summary.discussed.length} discussed in {formatDuration(summary.totalSeconds)} ·{" "}
          {summary.open.length} not discussed
        </p>
        <button type="button" className={`${buttonClass("secondary", "sm")} no-print mt-3`} onClick={() => window.print()}>
          Print
        </button>
      </header>

      <section aria-labelledby="discussed-heading">
        <h2 id="discussed-heading" className="mb-3 text-xl font-semibold">
          Discussed
        </h2>
        {summary.discussed.length === 0 ? <p className="text-slate-600">Nothing has been discussed yet.</p> : null}
        <ol className="space-y-5">
          {summary.discussed.map((topic, i) => (
            <li key={topic.id} className="break-inside-avoid rounded-lg border border-slate-200 bg-white p-4 print:border-slate-400">
              <h3 className="text-lg font-semibold">
                {i + 1}. {topic.title}
              </h3>
              <p className="text-sm text-slate-600">
                by {topic.authorName} · {votesText(topic.votes)} · {formatDuration(topic.discussedSeconds)}
                {topic.extensions ? ` · extended ${topic.extensions}×` : ""}
              </p>
              {topic.votes !== null ? (
                <div className="mt-2 h-2 w-full rounded-full bg-slate-200 print:border print:border-slate-400" aria-hidden="true">
                  <div
                    className="h-2 rounded-full bg-brand-500"
                    style={{ width: `${Math.round(((topic.votes ?? 0) / maxVotes) * 100)}%` }}
                  />
                </div>
              ) : null}
              {topic.takeaways ? (
                <div className="mt-3">
                  <h4 className="text-sm font-semibold text-slate-700">Takeaways (by {topic.takeaways.author})</h4>
                  <MarkdownView html={topic.takeaways.html} className="text-sm" />
                  {topic.takeawaysVisibility ? <NoteAudience visibility={topic.takeawaysVisibility} readable className="text-xs" /> : null}
                  <p className="no-print text-xs">
                    <Link to={`/notes/${topic.noteId}`}>
                      Open the note<span className="sr-only"> on “{topic.title}”</span>
                    </Link>
                  </p>
                </div>
              ) : topic.noteId && topic.takeawaysVisibility ? (
                <NoteAudience visibility={topic.takeawaysVisibility} readable={false} className="mt-2 italic" />
              ) : (
                <p className="mt-2 text-sm italic text-slate-500">No takeaways recorded.</p>
              )}
              <RelatedNotes notes={topic.related} heading="h4" className="mt-3" />
            </li>
          ))}
        </ol>
      </section>

      {summary.open.length || summary.carriedOver.length ? (
        <section aria-labelledby="left-heading" className="break-inside-avoid">
          <h2 id="left-heading" className="mb-3 text-xl font-semibold">
            Not discussed
          </h2>
          <table className="w-full border-collapse text-sm">
            <thead>
              <tr className="border-b border-slate-300 text-left">
                <th className="py-1 pr-2">Topic</th>
                <th className="py-1 pr-2">Author</th>
                <th className="py-1 text-right">Dots</th>
              </tr>
            </thead>
            <tbody>
              {[...summary.open, ...summary.carriedOver].map((topic) => (
                <tr key={topic.id} className="border-b border-slate-200">
                  <td className="py-1 pr-2">
                    {topic.title}
                    {topic.status === "carried_over" ? <span className="text-slate-500"> (carried over)</span> : null}
                  </td>
                  <td className="py-1 pr-2">{topic.authorName}</td>
                  <td className="py-1 text-right tabular-nums">{votesText(topic.votes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
