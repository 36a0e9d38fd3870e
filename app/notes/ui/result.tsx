// Search results: highlighted title and snippet (HTML built by the search module: escaped
// text with <mark> only), plus the trust signals.
//
// The rows use plain <a href> and the list follows them client-side through one delegated
// click handler: a Remix <Link> resolves its path with several hooks on every server
// render, ~100 of them per results page (≈ 14 % of the page's CPU at 20 results). Without
// JavaScript, and with modifier keys or middle clicks, they are ordinary links.
import type { MouseEvent } from "react";
import { useNavigate } from "@remix-run/react";
import { NoteTrustLine, type NoteTrustData } from "~/notes/ui/trust";

export type NoteResultData = NoteTrustData & { titleHtml: string; snippetHtml: string };

export function NoteResult({ note }: { note: NoteResultData }) {
  return (
    <article className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="text-lg font-semibold">
        <a
          href={`/notes/${note.id}`}
          className="[&_mark]:rounded [&_mark]:bg-yellow-200 [&_mark]:px-0.5"
          dangerouslySetInnerHTML={{ __html: note.titleHtml }}
        />
      </h2>
      {note.snippetHtml ? (
        <p
          className="mt-1 text-slate-700 [&_mark]:rounded [&_mark]:bg-yellow-200 [&_mark]:px-0.5"
          dangerouslySetInnerHTML={{ __html: note.snippetHtml }}
        />
      ) : null}
      <NoteTrustLine note={note} plainLinks />
    </article>
  );
}

/** Same-origin link clicks inside `event.currentTarget` become client-side navigations. */
export function useFollowLinksClientSide() {
  const navigate = useNavigate();
  return (event: MouseEvent<HTMLElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
    const anchor = (event.target as Element).closest("a");
    if (!anchor || !event.currentTarget.contains(anchor) || anchor.target || anchor.hasAttribute("download")) return;
    if (anchor.origin !== window.location.origin) return;
    event.preventDefault();
    navigate(anchor.pathname + anchor.search + anchor.hash);
  };
}

export function NoteResultList({ results, label = "Search results" }: { results: NoteResultData[]; label?: string }) {
  const followLink = useFollowLinksClientSide();
  return (
    // The click handler only delegates the links' own clicks (keyboard activation included):
    // the list itself is not interactive.
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-noninteractive-element-interactions
    <ol className="space-y-3" aria-label={label} onClick={followLink}>
      {results.map((note) => (
        <li key={note.id}>
          <NoteResult note={note} />
        </li>
      ))}
    </ol>
  );
}
