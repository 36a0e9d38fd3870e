// Trust signals for a note: who wrote it (and for which organisation), where it came
// from, when it was written and changed, and whether an organiser vouched for it.
import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { Badge } from "~/components/badge";
import { formatDate, formatDateTime } from "~/utils/dates";

export type NoteTrustData = {
  id: number;
  visibility: "public" | "attendees" | "partners";
  version: number;
  createdAt: string;
  updatedAt: string;
  event: { slug: string; title: string; timeZone: string };
  session: { id: number; title: string } | null;
  topic: { id: number; title: string } | null;
  /** The official takeaways of its topic or notes page of its session; else a related note. */
  official?: boolean;
  authors: { id: number; name: string | null; organisation: string | null }[];
  tags: string[];
  verification: { by: string | null; at: string; version: number; changedSince: boolean } | null;
};

const visibilityBadge = {
  public: null,
  attendees: "Attendees only",
  partners: "Partner organisations only",
} as const;

/** `plainLinks`: <a href> instead of <Link> (see NoteResultList in note-result.tsx). */
export function NoteAuthors({
  authors,
  linkAuthors = true,
  plainLinks = false,
}: {
  authors: NoteTrustData["authors"];
  linkAuthors?: boolean;
  plainLinks?: boolean;
}) {
  if (authors.length === 0) return <span>Unknown author</span>;
  return (
    <>
      {authors.map((a, i) => (
        <span key={a.id}>
          {i > 0 ? ", " : ""}
          {a.name === null ? (
            <span className="italic">former attendee</span>
          ) : linkAuthors ? (
            <AnyLink to={`/notes?author=${a.id}`} plain={plainLinks}>
              {a.name}
            </AnyLink>
          ) : (
            a.name
          )}
          {a.name !== null && a.organisation ? <span className="text-slate-500"> ({a.organisation})</span> : null}
        </span>
      ))}
    </>
  );
}

export function VerificationBadge({ verification, timeZone }: { verification: NoteTrustData["verification"]; timeZone: string }) {
  if (!verification) return <Badge>Not verified yet</Badge>;
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <Badge tone="good">
        ✓ Verified by {verification.by ?? "a former organiser"} on {formatDate(verification.at, timeZone)}
      </Badge>
      {verification.changedSince ? <Badge tone="warn">Changed since verification</Badge> : null}
    </span>
  );
}

function AnyLink({ to, plain, className, children }: { to: string; plain: boolean; className?: string; children: ReactNode }) {
  return plain ? (
    <a href={to} className={className}>
      {children}
    </a>
  ) : (
    <Link to={to} className={className}>
      {children}
    </Link>
  );
}

/** The compact form, for search results and lists. */
export function NoteTrustLine({ note, plainLinks = false }: { note: NoteTrustData; plainLinks?: boolean }) {
  const tz = note.event.timeZone;
  return (
    <div className="mt-2 space-y-1 text-sm text-slate-600">
      <p>
        <NoteAuthors authors={note.authors} plainLinks={plainLinks} /> ·{" "}
        <AnyLink to={`/events/${note.event.slug}`} plain={plainLinks}>
          {note.event.title}
        </AnyLink>
        {note.session ? <> · session “{note.session.title}”</> : null}
        {note.topic ? <> · topic “{note.topic.title}”</> : null}
      </p>
      <p className="flex flex-wrap items-center gap-2">
        <span>
          Updated <time dateTime={note.updatedAt}>{formatDate(note.updatedAt, tz)}</time>
        </span>
        <VerificationBadge verification={note.verification} timeZone={tz} />
        {visibilityBadge[note.visibility] ? <Badge tone="info">{visibilityBadge[note.visibility]}</Badge> : null}
        {note.tags.map((tag) => (
          <AnyLink
            key={tag}
            to={`/notes?tag=${encodeURIComponent(tag)}`}
            plain={plainLinks}
            className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700 no-underline hover:bg-slate-200"
          >
            #{tag}
          </AnyLink>
        ))}
      </p>
    </div>
  );
}

/** The full panel on the note page. */
export function NoteTrustPanel({ note }: { note: NoteTrustData }) {
  const tz = note.event.timeZone;
  return (
    <dl className="grid gap-3 text-sm sm:grid-cols-2">
      <div>
        <dt className="font-medium text-slate-800">Written by</dt>
        <dd className="text-slate-700">
          <NoteAuthors authors={note.authors} />
        </dd>
      </div>
      <div>
        <dt className="font-medium text-slate-800">From</dt>
        <dd className="text-slate-700">
          <Link to={`/events/${note.event.slug}`}>{note.event.title}</Link>
          {note.session ? (
            <span className="block">
              {note.official ? "Official notes page of session" : "Related to session"}: {note.session.title}
            </span>
          ) : null}
          {note.topic ? (
            <span className="block">
              {note.official ? "Official takeaways of Lean Coffee topic" : "Related to Lean Coffee topic"}: {note.topic.title}
            </span>
          ) : null}
        </dd>
      </div>
      <div>
        <dt className="font-medium text-slate-800">Created</dt>
        <dd className="text-slate-700">
          <time dateTime={note.createdAt}>{formatDateTime(note.createdAt, tz)}</time>
        </dd>
      </div>
      <div>
        <dt className="font-medium text-slate-800">Last updated</dt>
        <dd className="text-slate-700">
          <time dateTime={note.updatedAt}>{formatDateTime(note.updatedAt, tz)}</time> · version {note.version}
        </dd>
      </div>
      <div className="sm:col-span-2">
        <dt className="sr-only">Verification</dt>
        <dd className="flex flex-wrap items-center gap-2">
          <VerificationBadge verification={note.verification} timeZone={tz} />
          {note.verification?.changedSince ? (
            <Link to={`/notes/${note.id}/history?from=${note.verification.version}&to=${note.version}`} className="text-sm">
              See what changed since version {note.verification.version}
            </Link>
          ) : null}
          {visibilityBadge[note.visibility] ? <Badge tone="info">{visibilityBadge[note.visibility]}</Badge> : <Badge>Public</Badge>}
        </dd>
      </div>
      {note.tags.length ? (
        <div className="sm:col-span-2">
          <dt className="sr-only">Tags</dt>
          <dd className="flex flex-wrap gap-1">
            {note.tags.map((tag) => (
              <Link
                key={tag}
                to={`/notes?tag=${encodeURIComponent(tag)}`}
                className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700 no-underline hover:bg-slate-200"
              >
                #{tag}
              </Link>
            ))}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
