import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getSessionUser } from "~/accounts/session.server";
import { buttonClass } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MarkdownView } from "~/components/markdown";
import { NoteAuthors, VerificationBadge } from "~/notes/ui/trust";
import { requireVisibleEvent } from "~/events/permissions.server";
import { eventNotesForExport } from "~/notes/export.server";
import { formatDate, formatRange } from "~/utils/dates";
import { renderMarkdown } from "~/utils/markdown.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Notes: ${data.event.title} · Knowledge Exchange` : "Notes · Knowledge Exchange" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await getSessionUser(request);
  const event = requireVisibleEvent(params.slug, viewer);
  const notes = eventNotesForExport(event, viewer).map(({ body, ...card }) => ({ ...card, html: renderMarkdown(body) }));
  return json({
    event: {
      slug: event.slug,
      title: event.title,
      venue: event.venue,
      timeZone: event.timeZone,
      startsAt: event.startsAt.toISOString(),
      endsAt: event.endsAt.toISOString(),
    },
    notes,
  });
}

export default function PrintableNotes() {
  const { event, notes } = useLoaderData<typeof loader>();
  const tz = event.timeZone;
  return (
    <article className="mx-auto max-w-3xl print:max-w-none">
      <div className="no-print mb-6 flex flex-wrap gap-2">
        <Link to={`/notes?event=${event.slug}`} className={buttonClass("ghost", "sm")}>
          ← Back to the notes
        </Link>
        <button type="button" className={buttonClass("primary", "sm")} onClick={() => window.print()}>
          Print
        </button>
        <a href={`/events/${event.slug}/notes.md`} className={buttonClass("secondary", "sm")}>
          Download as Markdown
        </a>
      </div>
      <header className="mb-8 border-b border-slate-300 pb-4">
        <h1 className="text-3xl font-bold">Notes: {event.title}</h1>
        <p className="mt-1 text-slate-700">
          {formatRange(event.startsAt, event.endsAt, tz)}
          {event.venue ? ` · ${event.venue}` : ""}
        </p>
        <p className="text-sm text-slate-600">
          {notes.length} {notes.length === 1 ? "note" : "notes"}
        </p>
        {notes.length > 1 ? (
          <nav aria-label="Contents" className="mt-4">
            <ol className="list-decimal pl-6 text-sm">
              {notes.map((n) => (
                <li key={n.id}>
                  <a href={`#note-${n.id}`}>{n.title}</a>
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
      </header>
      {notes.length === 0 ? <p>No notes for this event yet.</p> : null}
      {notes.map((note) => (
        <section
          key={note.id}
          id={`note-${note.id}`}
          aria-labelledby={`note-${note.id}-title`}
          className="mb-10 break-inside-avoid-page print:break-before-page first-of-type:print:break-before-auto"
        >
          <h2 id={`note-${note.id}-title`} className="text-2xl font-semibold">
            {note.title}
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            <NoteAuthors authors={note.authors} linkAuthors={false} />
            {note.session ? ` · Session: ${note.session.title}` : ""}
            {note.topic ? ` · Topic: ${note.topic.title}` : ""} · updated {formatDate(note.updatedAt, tz)} (version {note.version})
          </p>
          <div className="mt-1">
            <VerificationBadge verification={note.verification} timeZone={tz} />
          </div>
          <MarkdownView html={note.html} className="mt-3" />
        </section>
      ))}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
