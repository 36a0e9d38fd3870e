// One search result: highlighted title and snippet (HTML built by the search module:
// escaped text with <mark> only), plus the trust signals.
import { Link } from "@remix-run/react";
import { NoteTrustLine, type NoteTrustData } from "~/components/note-trust";

export function NoteResult({ note }: { note: NoteTrustData & { title: string; titleHtml: string; snippetHtml: string } }) {
  return (
    <article className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="text-lg font-semibold">
        <Link to={`/notes/${note.id}`} className="[&_mark]:rounded [&_mark]:bg-yellow-200 [&_mark]:px-0.5" dangerouslySetInnerHTML={{ __html: note.titleHtml }} />
      </h2>
      {note.snippetHtml ? (
        <p className="mt-1 text-slate-700 [&_mark]:rounded [&_mark]:bg-yellow-200 [&_mark]:px-0.5" dangerouslySetInnerHTML={{ __html: note.snippetHtml }} />
      ) : null}
      <NoteTrustLine note={note} />
    </article>
  );
}
