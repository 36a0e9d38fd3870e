import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useOptionalUser } from "~/root";
import { getSessionUser } from "~/accounts/session.server";
import { buttonClass } from "~/components/button";
import { PageHeader } from "~/components/card";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SearchFilters } from "~/notes/ui/search-filters";
import { NoteResultList } from "~/notes/ui/result";
import { authorName, parseNoteSearch, searchFacets, searchNotes } from "~/notes/search.server";
import { viewerScope } from "~/notes/visibility.server";

/** Kept for a few seconds for visitors without a cookie (app/utils/page-cache.server.ts). */
export const handle = { pageCache: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.query ? `“${data.query}” · Notes · Knowledge Exchange` : "Notes archive · Knowledge Exchange" },
  { name: "description", content: "Searchable notes and takeaways from cross-company knowledge exchanges." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getSessionUser(request);
  const params = parseNoteSearch(new URL(request.url).searchParams);
  const scope = viewerScope(viewer);
  const outcome = searchNotes(params, viewer, { scope });
  return json({
    ...outcome,
    params,
    facets: searchFacets(viewer, { scope }),
    authorFilterName: params.author ? authorName(params.author, scope) : null,
  });
}

export default function NotesSearch() {
  const { results, total, totalIsCapped, page, pageCount, sort, params, facets, authorFilterName } = useLoaderData<typeof loader>();
  const user = useOptionalUser();
  const submit = useSubmit();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);

  // Only the filters in use go into the address, so it stays short and shareable.
  const submitFilters = (form: HTMLFormElement | null, options: { replace?: boolean } = {}) => {
    if (!form) return;
    const query = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (typeof value === "string" && value.trim()) query.append(key, value);
    submit(query, { method: "get", action: "/notes", preventScrollReset: true, ...options });
  };

  // Search as you type (with JavaScript): the query is sent 200 ms after the last key.
  const searchAsYouType = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      submitFilters(formRef.current, { replace: true });
    }, 200);
  };
  const pageLink = (target: number) => {
    const next = new URLSearchParams(searchParams);
    next.set("page", String(target));
    return `?${next}`;
  };
  const without = (...keys: string[]) => {
    const next = new URLSearchParams(searchParams);
    for (const key of [...keys, "page"]) next.delete(key);
    return `?${next}`;
  };
  const first = (page - 1) * 20 + 1;
  const filtered = [...searchParams.entries()].some(([key, value]) => value && !["q", "sort", "page"].includes(key));
  const busy = navigation.state === "loading" && navigation.location?.pathname === "/notes";

  return (
    <div>
      <PageHeader
        title="Notes archive"
        subtitle="What was learned at the exchanges: takeaways, session notes and write-ups."
        actions={
          <>
            <a href="/notes/feed.xml" className={buttonClass("ghost", "sm")}>
              Atom feed
            </a>
            {params.event ? (
              <>
                <a href={`/events/${encodeURIComponent(params.event)}/notes.md`} className={buttonClass("ghost", "sm")}>
                  Export as Markdown
                </a>
                <Link to={`/events/${encodeURIComponent(params.event)}/notes/print`} className={buttonClass("ghost", "sm")}>
                  Printable page
                </Link>
              </>
            ) : null}
            {user ? (
              <Link
                to={params.event ? `/notes/new?event=${encodeURIComponent(params.event)}` : "/notes/new"}
                className={buttonClass("primary", "sm")}
              >
                Write a note
              </Link>
            ) : null}
          </>
        }
      />
      <Form
        method="get"
        ref={formRef}
        role="search"
        className="mb-6 space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          submitFilters(e.currentTarget);
        }}
      >
        <div>
          <label htmlFor="notes-q" className="block text-sm font-medium text-slate-800">
            Search notes
          </label>
          <div className="mt-1 flex gap-2">
            <input
              id="notes-q"
              type="search"
              name="q"
              defaultValue={params.q ?? ""}
              maxLength={200}
              autoComplete="off"
              placeholder="e.g. on-call runbooks"
              onChange={searchAsYouType}
              className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 shadow-sm"
            />
            <button type="submit" className={buttonClass("primary")}>
              Search
            </button>
          </div>
        </div>
        <SearchFilters params={params} facets={facets} onChoose={submitFilters} />
      </Form>

      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <p role="status" aria-live="polite" className="text-sm text-slate-700">
          {total === 0
            ? "No notes found."
            : `${totalIsCapped ? "More than " : ""}${total.toLocaleString("en")} ${total === 1 ? "note" : "notes"}${
                pageCount > 1 ? `, showing ${first}–${first + results.length - 1}` : ""
              }${sort === "relevance" ? ", best match first" : ", newest first"}`}
          {busy ? <span className="ml-2 text-slate-500">Searching…</span> : null}
        </p>
        <div className="flex flex-wrap gap-2 text-sm">
          {authorFilterName ? (
            <Link to={without("author")} className="rounded-full bg-brand-100 px-3 py-1 text-brand-900 no-underline">
              Author: {authorFilterName} <span aria-hidden="true">×</span>
              <span className="sr-only">(remove filter)</span>
            </Link>
          ) : null}
          {params.tag ? (
            <Link to={without("tag")} className="rounded-full bg-brand-100 px-3 py-1 text-brand-900 no-underline">
              Tag: #{params.tag} <span aria-hidden="true">×</span>
              <span className="sr-only">(remove filter)</span>
            </Link>
          ) : null}
        </div>
      </div>

      {results.length === 0 ? (
        total > 0 ? (
          <EmptyState title="No more notes on this page">
            <Link to={pageLink(1)}>Back to the first page</Link>
          </EmptyState>
        ) : params.q ? (
          <EmptyState title={`Nothing matches “${params.q}”`}>Try fewer or different words, or remove a filter.</EmptyState>
        ) : filtered ? (
          <EmptyState title="No notes match these filters">Remove a filter or widen the dates.</EmptyState>
        ) : (
          <EmptyState title="No notes here yet">Notes appear here after an exchange.</EmptyState>
        )
      ) : (
        <NoteResultList results={results} />
      )}

      {pageCount > 1 ? (
        <nav aria-label="Pages" className="mt-6 flex items-center justify-between">
          {page > 1 ? (
            <Link to={pageLink(page - 1)} className={buttonClass("secondary", "sm")} rel="prev">
              ← Previous
            </Link>
          ) : (
            <span />
          )}
          <span className="text-sm text-slate-600">
            Page {page} of {pageCount}
            {totalIsCapped ? "+" : ""}
          </span>
          {page < pageCount ? (
            <Link to={pageLink(page + 1)} className={buttonClass("secondary", "sm")} rel="next">
              Next →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
