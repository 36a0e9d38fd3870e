// Search over the notes archive: SQLite FTS5 (exact and forgiving indexes, ADR 006 and
// ADR 026), highlighted snippets, filters, two sort orders and pagination. The SQL lives in
// fts.sql.server.ts; the visibility rule is part of it, so a hidden note can never show up
// in a result, a count or a snippet. Outcomes are kept per database state (outcome cache).
import { and, asc, desc, eq, exists, inArray, notInArray, sql } from "drizzle-orm";
import { databaseVersion, getDb, type Db } from "#db/client";
import { events, notes, organisations } from "#db/schema";
import { COUNT_CAP, highlightedRows, matchingNoteIds } from "~/notes/fts.sql.server";
import { SEARCH_PAGE_SIZE, type NoteSearchParams } from "~/notes/note-schema";
import { loadNoteCards, type NoteCard } from "~/notes/note-cards.server";
import {
  escapeHtml,
  MARK_CLOSE,
  MARK_OPEN,
  markedToHtml,
  plainExcerpt,
  stripMarkdown,
  toFtsQuery,
  toForgivingFtsQuery,
} from "~/notes/search-text";
import { viewerScope, type Viewer, type ViewerScope } from "~/notes/visibility.server";
import { visibleAuthorName } from "~/notes/visible-notes.sql.server";

// The search page reads its parameters through this server module, so the lenient schema
// (and zod with it) stays out of the page's browser bundle.
export { parseNoteSearch } from "~/notes/note-schema";
export { COUNT_CAP } from "~/notes/fts.sql.server";

export type NoteSearchResult = NoteCard & { titleHtml: string; snippetHtml: string };

export type NoteSearchOutcome = {
  results: NoteSearchResult[];
  /** Visible matches, counted up to COUNT_CAP + 1. */
  total: number;
  totalIsCapped: boolean;
  page: number;
  pageCount: number;
  sort: "relevance" | "newest";
  query: string | null;
};

/**
 * One page of notes the viewer may read, matching the query and filters: exact matches
 * first, then forgiving ones (fts.sql.server.ts, matchingNoteIds). Counting stops at
 * COUNT_CAP. Every query carries the visibility rule.
 */
export function searchNotes(
  params: NoteSearchParams,
  viewer: Viewer,
  options: { db?: Db; scope?: ViewerScope; pageSize?: number } = {},
): NoteSearchOutcome {
  const db = options.db ?? getDb();
  const pageSize = options.pageSize ?? SEARCH_PAGE_SIZE;
  const scope = options.scope ?? viewerScope(viewer, db);
  const cache = outcomeCache(db);
  if (!cache) return runSearch(params, scope, db, pageSize);
  // Everything the outcome depends on besides the database state: the parameters and the
  // viewer's visibility scope (anonymous visitors share one; each member has their own).
  const key = JSON.stringify([params, scope, pageSize]);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const outcome = runSearch(params, scope, db, pageSize);
  cache.set(key, outcome);
  if (cache.size > OUTCOME_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return outcome;
}

/** How many search outcomes are kept (least recently used go first). */
const OUTCOME_CACHE_SIZE = 200;
const outcomeCaches = new WeakMap<object, { version: string; entries: Map<string, NoteSearchOutcome> }>();

/**
 * Outcomes computed from the database as it is now, keyed by `databaseVersion` (changes
 * with every write, by this connection or any other). Any write,
 * to any table, empties the cache — so a new note, an edit, a co-author, a registration
 * or a changed visibility shows at once. KX_NOTES_SEARCH_CACHE=off disables it (cold figures).
 */
function outcomeCache(db: Db) {
  if (process.env.KX_NOTES_SEARCH_CACHE === "off") return null;
  const version = databaseVersion(db);
  let cache = outcomeCaches.get(db.$client);
  if (!cache || cache.version !== version) {
    cache = { version, entries: new Map() };
    outcomeCaches.set(db.$client, cache);
  }
  return cache.entries;
}

function runSearch(params: NoteSearchParams, scope: ViewerScope, db: Db, pageSize: number): NoteSearchOutcome {
  const match = toFtsQuery(params.q);
  const page = params.page ?? 1;
  const queries = match ? { match, forgiving: toForgivingFtsQuery(params.q) } : null;
  const { ids, total, sort } = matchingNoteIds(queries, params, scope, db, { offset: (page - 1) * pageSize, size: pageSize });

  const cards = loadNoteCards(ids, db);
  // The start of each note's text, for excerpts (results without a highlight).
  const bodies = () =>
    new Map(
      db
        .select({ id: notes.id, body: sql<string>`substr(${notes.body}, 1, 2000)` })
        .from(notes)
        .where(inArray(notes.id, ids))
        .all()
        .map((b) => [b.id, b.body]),
    );
  let results: NoteSearchResult[];
  if (match) {
    const byId = new Map(highlightedRows(match, ids, { open: MARK_OPEN, close: MARK_CLOSE }, db).map((r) => [r.id, r]));
    // A forgiving match has no highlight from the exact index: it shows the note's start.
    const excerpts = cards.some((card) => !byId.has(card.id)) ? bodies() : new Map<number, string>();
    results = cards.map((card) => {
      const row = byId.get(card.id);
      return {
        ...card,
        titleHtml: row ? markedToHtml(row.title) : escapeHtml(card.title),
        snippetHtml: row ? markedToHtml(stripMarkdown(row.snippet)) : escapeHtml(plainExcerpt(excerpts.get(card.id) ?? "")),
      };
    });
  } else {
    const excerpts = bodies();
    results = cards.map((card) => ({
      ...card,
      titleHtml: escapeHtml(card.title),
      snippetHtml: escapeHtml(plainExcerpt(excerpts.get(card.id) ?? "")),
    }));
  }

  const counted = Math.min(total, COUNT_CAP);
  return {
    results,
    total: counted,
    totalIsCapped: total > COUNT_CAP,
    page,
    pageCount: Math.max(1, Math.ceil(counted / pageSize)),
    sort,
    query: match ? (params.q ?? null) : null,
  };
}

/**
 * Choices for the filter controls: events and series the viewer may see that have
 * notes, and organisations. Tags and authors are filtered through links on the results
 * (counting them over a large archive on every page view would cost more than it helps).
 */
export function searchFacets(viewer: Viewer, options: { db?: Db; scope?: ViewerScope } = {}) {
  const db = options.db ?? getDb();
  const scope = options.scope ?? viewerScope(viewer, db);
  const eventsList = db
    .select({ slug: events.slug, title: events.title, series: events.series })
    .from(events)
    .where(
      and(
        notInArray(events.id, scope.hiddenEventIds),
        exists(
          db
            .select({ one: sql`1` })
            .from(notes)
            .where(eq(notes.eventId, events.id)),
        ),
      ),
    )
    .orderBy(desc(events.startsAt))
    .limit(300)
    .all();
  const organisationList = db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .orderBy(asc(organisations.name))
    .limit(300)
    .all();
  const series = [...new Set(eventsList.map((e) => e.series).filter((s): s is string => Boolean(s)))].sort();
  return { events: eventsList, series, organisations: organisationList };
}

/**
 * The name shown for the active author filter: only of someone who (co-)authored a note
 * the viewer may read; anyone else is "no such author" (null), so an id does not reveal
 * an account's name (issue 18, finding 7).
 */
export function authorName(userId: number, scope: ViewerScope, db: Db = getDb()) {
  return visibleAuthorName(userId, scope, db);
}
