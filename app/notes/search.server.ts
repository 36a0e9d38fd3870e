// Search over the notes archive: SQLite FTS5 (see migration 0001_notes_fts), bm25 with
// the title weighted above the body, highlighted snippets, filters, two sort orders and
// pagination. The visibility rule is part of the SQL, so a hidden note can never show
// up in a result, a count or a snippet.
import { databaseVersion, getDb, type Db } from "#db/client";
import { SEARCH_PAGE_SIZE, type NoteSearchParams } from "~/notes/note-schema";
import { prepare } from "~/notes/sql.server";
import { loadNoteCards, type NoteCard } from "~/notes/notes.server";
import { viewerScope, visibilitySql, type Viewer, type ViewerScope } from "~/notes/visibility.server";

// The search page reads its parameters through this server module, so the lenient schema
// (and zod with it) stays out of the page's browser bundle.
export { parseNoteSearch } from "~/notes/note-schema";

/** bm25 column weights: a word in the title counts ten times a word in the body. */
const TITLE_WEIGHT = 10;
const BODY_WEIGHT = 1;
const MAX_TERMS = 12;
/** Counting stops here: "more than 1,000 notes" is all anyone needs to know. */
export const COUNT_CAP = 1000;

// Highlight markers chosen from characters the note forms strip, so user text cannot
// forge them; the snippet is HTML-escaped first and only then turned into <mark>.
const MARK_OPEN = "\u0002";
const MARK_CLOSE = "\u0003";

/**
 * The user's words as a safe FTS5 query: every term is a quoted string (so quotes,
 * `*`, `-`, `NEAR`, `AND`/`OR`/`NOT`, parentheses and column filters are plain text),
 * all terms must match, and the last one matches as a prefix while the user is still
 * typing it. Returns null when nothing searchable is left.
 */
export function toFtsQuery(input: string | undefined | null): string | null {
  if (!input) return null;
  const terms = (input.normalize("NFKC").match(/[\p{L}\p{N}\p{M}]+/gu) ?? [])
    .map((t) => t.slice(0, 64))
    .slice(0, MAX_TERMS);
  if (terms.length === 0) return null;
  const stillTyping = !/\s$/.test(input);
  return terms
    .map((term, i) => {
      const quoted = `"${term.replace(/"/g, '""')}"`;
      const isLast = i === terms.length - 1;
      return isLast && stillTyping && term.length >= 2 ? `${quoted}*` : quoted;
    })
    .join(" ");
}

export function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** FTS5 output with sentinel markers → escaped HTML with balanced <mark> elements. */
export function markedToHtml(text: string): string {
  let open = false;
  let html = "";
  for (const part of text.split(/([\u0002\u0003])/)) {
    if (part === MARK_OPEN) {
      if (!open) html += "<mark>";
      open = true;
    } else if (part === MARK_CLOSE) {
      if (open) html += "</mark>";
      open = false;
    } else {
      html += escapeHtml(part);
    }
  }
  return open ? `${html}</mark>` : html;
}

/**
 * Markdown syntax → readable plain text for excerpts and snippets: link targets, list and
 * heading markers, emphasis and code marks go; the words stay, with no stray space before
 * punctuation. Highlight markers (control characters) pass through untouched.
 */
export function stripMarkdown(markdown: string) {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)\s]*\)?/g, " ")
    .replace(/\[([^\]]*)\]\([^)\s…]*(?:\)|(?=…)|$)/g, "$1")
    .replace(/\]\([^)\s]*\)/g, "")
    .replace(/`{3,}[\w+-]*/g, " ")
    .replace(/^[ \t]*(?:[-*_][ \t]*){3,}$/gm, " ")
    .replace(/^[ \t|:-]*-{3,}[ \t|:-]*$/gm, " ")
    .replace(/^[ \t]*(?:#{1,6}|>+|[-*+])[ \t]+(?:\[[ xX]\][ \t]+)?/gm, "")
    .replace(/\*+|~~|`/g, "")
    .replace(/(^|[^\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu, "$1")
    .replace(/[ \t]*\|[ \t]*/g, " ")
    .replace(/\s+/g, " ")
    .replace(/ ([,.;:!?)\]…])/g, "$1")
    .replace(/([(\[]) /g, "$1")
    .trim();
}

/** A plain-text start of a Markdown body, for results without a query. */
export function plainExcerpt(markdown: string, length = 220) {
  const text = stripMarkdown(markdown.replace(/```[\s\S]*?```/g, " "));
  return text.length > length ? `${text.slice(0, length).replace(/\s+\S*$/, "")}…` : text;
}

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

const DAY = 24 * 60 * 60 * 1000;
/** Above this many text matches, "newest first" walks the date index instead of sorting. */
const WALK_THRESHOLD = 2000;
/**
 * Relevance ranks at most this many matches: for a word found in most of the archive
 * ("team", "the"), bm25 over every match costs ~200 ms and says little, so the ranking
 * runs over the newest RANK_WINDOW matches (rowids grow with time). Larger than any page
 * a person reaches (COUNT_CAP).
 */
const RANK_WINDOW = 5000;
/**
 * When those matches are more than half of the newest notes, every term of the query is in
 * more than half of the archive: bm25 then gives each term the same near-zero weight (its
 * IDF is clamped) and can only tell notes apart by how often they use the words. That
 * ranking runs over the newest DENSE_RANK_WINDOW matches (~40 % less work for "team").
 */
const DENSE_RANK_WINDOW = 2000;

/**
 * The n-th newest match (FTS5 walks the doclist backwards and stops there), or undefined
 * when there are fewer: never reads the whole doclist of a common word.
 */
function nthNewestMatch(match: string, n: number, db: Db) {
  return prepare(db, "SELECT rowid FROM notes_fts WHERE notes_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?")
    .pluck()
    .get(match, n - 1) as number | undefined;
}

/**
 * The rowid floor of the ranking window, 0 when every match fits in it. Always bound as
 * an INTEGER (CAST in the SQL): a JavaScript number arrives as a REAL, which FTS5 does not
 * use as a rowid bound (it then scores every match) — and for `rowid = ?` FTS5 would even
 * return every match.
 */
function rankFloor(match: string, db: Db): number {
  const wide = nthNewestMatch(match, RANK_WINDOW, db);
  if (wide === undefined) return 0;
  const newestNote = prepare(db, "SELECT max(id) FROM notes").pluck().get() as number;
  const span = newestNote - wide;
  // Dense: the window's matches are more than half of the newest notes (ids grow with
  // time). Its newest DENSE_RANK_WINDOW matches lie, near enough, in the same share of the span.
  return span < 2 * RANK_WINDOW ? newestNote - Math.ceil((span * DENSE_RANK_WINDOW) / RANK_WINDOW) : wide;
}

type Sql = { where: string[]; values: Record<string, unknown> };

/**
 * Filters split in two: the selective ones (event, series, tag, author, organisation)
 * become one id subquery that can drive a search from the small side; dates stay plain
 * conditions on the covering index.
 */
function filterSql(params: NoteSearchParams): { selective: Sql & { ids: string[] }; dates: Sql } {
  const selective: Sql & { ids: string[] } = { where: [], values: {}, ids: [] };
  const dates: Sql = { where: [], values: {} };
  // Each selective filter twice: as a condition on `n`, and as the bare id list it stands
  // for (intersected for the text search: a set built straight from the indexes, ~0.2 ms,
  // where the same set filtered through `notes n` cost ~7 ms).
  const add = (where: string, ids: string, key: string, value: unknown) => {
    selective.where.push(where);
    selective.ids.push(ids);
    selective.values[key] = value;
  };
  if (params.event) {
    const events = "(SELECT id FROM events WHERE slug = @event)";
    add(`n.event_id = ${events}`, `SELECT id FROM notes WHERE event_id = ${events}`, "event", params.event);
  }
  if (params.series) {
    const events = "(SELECT id FROM events WHERE series = @series)";
    add(`n.event_id IN ${events}`, `SELECT id FROM notes WHERE event_id IN ${events}`, "series", params.series);
  }
  if (params.tag) {
    const ids = "SELECT note_id FROM note_tags WHERE tag = @tag";
    add(`n.id IN (${ids})`, ids, "tag", params.tag);
  }
  if (params.author) {
    const ids = "SELECT note_id FROM note_authors WHERE user_id = @author";
    add(`n.id IN (${ids})`, ids, "author", params.author);
  }
  if (params.organisation) {
    const ids = `SELECT na.note_id FROM users u JOIN note_authors na ON na.user_id = u.id
                  WHERE u.organisation_id = @organisation AND u.name IS NOT NULL`;
    add(`n.id IN (${ids})`, ids, "organisation", params.organisation);
  }
  if (params.from) {
    dates.where.push("n.created_at >= @from");
    dates.values.from = Date.parse(`${params.from}T00:00:00Z`);
  }
  if (params.to) {
    dates.where.push("n.created_at < @to");
    dates.values.to = Date.parse(`${params.to}T00:00:00Z`) + DAY;
  }
  return { selective, dates };
}

/** Any of the query's terms in the title column: the first tier of relevance. */
function titleQuery(match: string) {
  return `title : (${match.split(" ").join(" OR ")})`;
}

/**
 * One page of notes the viewer may read, matching the query and filters.
 *
 * Relevance is bm25 with the title weighted ten times the body, in two tiers: notes with a query
 * term in the title first, then the rest, each tier by bm25. Besides being what people
 * expect, the tiers keep a very common word fast: bm25 runs over the (small) set of
 * title hits, and over all matches only when a page reaches past them. Counting stops
 * at COUNT_CAP. Every query carries the visibility rule.
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
  const sort = params.sort === "newest" || !match ? "newest" : "relevance";
  const page = params.page ?? 1;
  const offset = (page - 1) * pageSize;

  const visibility = visibilitySql(scope);
  const { selective, dates } = filterSql(params);
  const hasSelective = selective.where.length > 0;
  const values: Record<string, unknown> = { ...visibility.params, ...selective.values, ...dates.values };
  const noteConditions = [visibility.sql, ...selective.where, ...dates.where].join("\n AND ");
  // For FTS-driven queries, selective filters become one id set (unary + keeps SQLite
  // from turning it into thousands of FTS rowid look-ups).
  const ftsConditions = [
    "notes_fts MATCH @match",
    ...(hasSelective
      ? [`+f.rowid IN (${selective.ids.join(" INTERSECT ")})`]
      : []),
    visibility.sql,
    ...dates.where,
  ].join("\n AND ");
  const ftsFrom = "notes_fts f JOIN notes n ON n.id = f.rowid";
  // Unary + keeps SQLite from driving the query by thousands of look-ups from the match
  // list: the filters' indexes drive, the match set is only probed.
  const matchedIds = "+n.id IN (SELECT rowid FROM notes_fts WHERE notes_fts MATCH @match)";
  const newest = "n.created_at DESC, n.id DESC";

  let total: number;
  let ids: number[];
  if (!match) {
    total = prepare(db, `SELECT count(*) FROM (SELECT 1 FROM notes n WHERE ${noteConditions} LIMIT ${COUNT_CAP + 1})`)
      .pluck()
      .get(values) as number;
    ids = prepare(db, `SELECT n.id FROM notes n WHERE ${noteConditions} ORDER BY ${newest} LIMIT @limit OFFSET @offset`)
      .pluck()
      .all({ ...values, limit: pageSize, offset }) as number[];
  } else {
    values.match = match;
    // Driven by the text match, which FTS5 reads lazily: it stops at the cap. (Collecting
    // every match of a common word into a set for the filters to probe cost ~16 ms.)
    total = prepare(db, `SELECT count(*) FROM (SELECT 1 FROM ${ftsFrom} WHERE ${ftsConditions} LIMIT ${COUNT_CAP + 1})`)
      .pluck()
      .get(values) as number;
    if (total === 0 || offset >= Math.min(total, COUNT_CAP + 1)) {
      ids = [];
    } else if (sort === "newest") {
      // Walking the date index pays off for a broad match without a selective filter;
      // otherwise sorting the (small) filtered set is cheaper.
      const broad = !hasSelective && nthNewestMatch(match, WALK_THRESHOLD + 1, db) !== undefined;
      ids = (
        broad
          ? prepare(
              db,
              `SELECT n.id FROM notes n INDEXED BY notes_search_by_created_idx
                WHERE ${matchedIds} AND ${noteConditions} ORDER BY ${newest} LIMIT @limit OFFSET @offset`,
            )
          : prepare(db, `SELECT n.id FROM ${ftsFrom} WHERE ${ftsConditions} ORDER BY ${newest} LIMIT @limit OFFSET @offset`)
      )
        .pluck()
        .all({ ...values, limit: pageSize, offset }) as number[];
    } else {
      values.titleMatch = titleQuery(match);
      const inWindow = "f.rowid >= CAST(@rankFloor AS INTEGER)";
      // Title hits as a plain id set (no ranking function runs over it): bm25 then scores
      // only the query's own phrases, and each of those costs one pass over its doclist.
      const titleHits = `f.rowid IN (SELECT rowid FROM notes_fts WHERE notes_fts MATCH @titleMatch AND rowid >= CAST(@rankFloor AS INTEGER))`;
      const ranked = (tier: string) =>
        prepare(
          db,
          `SELECT n.id FROM ${ftsFrom} WHERE ${ftsConditions} AND ${inWindow} AND ${tier}
            ORDER BY bm25(notes_fts, ${TITLE_WEIGHT}, ${BODY_WEIGHT}), ${newest} LIMIT @limit OFFSET @offset`,
        ).pluck();
      const rankPage = (rankFloor: number) => {
        const v = { ...values, rankFloor };
        let page = ranked(`+${titleHits}`).all({ ...v, limit: pageSize, offset }) as number[];
        if (page.length < pageSize) {
          // The page reaches past the title hits: continue with the other matches.
          const titleHitCount =
            page.length > 0
              ? offset + page.length
              : (prepare(db, `SELECT count(*) FROM ${ftsFrom} WHERE ${ftsConditions} AND ${inWindow} AND +${titleHits}`)
                  .pluck()
                  .get(v) as number);
          const rest = ranked(`+${titleHits.replace(" IN ", " NOT IN ")}`).all({
            ...v,
            limit: pageSize - page.length,
            offset: Math.max(0, offset - titleHitCount),
          }) as number[];
          page = [...page, ...rest];
        }
        return page;
      };
      const floor = rankFloor(match, db);
      ids = rankPage(floor);
      if (floor > 0 && ids.length < pageSize && offset + ids.length < Math.min(total, COUNT_CAP)) {
        // The window held fewer matches this viewer may see than the count promises
        // (mostly hidden notes among the newest): rank every match instead.
        ids = rankPage(0);
      }
    }
  }

  const cards = loadNoteCards(ids, db);
  let results: NoteSearchResult[];
  if (match) {
    // Snippets only for the rows on this page (snippet() re-reads each document), in one
    // pass over the part of the match between the page's lowest and highest id: FTS5 takes
    // the range as rowid bounds. (Looking the ids up one by one costs ~0.2 ms each for a
    // word like "kafka", and a prefix without its own index would be merged again per id.)
    const rows = ids.length
      ? (prepare(
          db,
          `SELECT rowid AS id, highlight(notes_fts, 0, @open, @close) AS title,
                  snippet(notes_fts, 1, @open, @close, '…', 28) AS snippet
             FROM notes_fts
            WHERE notes_fts MATCH @match AND rowid BETWEEN CAST(@low AS INTEGER) AND CAST(@high AS INTEGER)
              AND +rowid IN (SELECT value FROM json_each(@ids))`,
        ).all({ match, low: Math.min(...ids), high: Math.max(...ids), ids: JSON.stringify(ids), open: MARK_OPEN, close: MARK_CLOSE }) as {
          id: number;
          title: string;
          snippet: string;
        }[])
      : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    results = cards.map((card) => {
      const row = byId.get(card.id);
      return {
        ...card,
        titleHtml: markedToHtml(row?.title ?? card.title),
        snippetHtml: markedToHtml(stripMarkdown(row?.snippet ?? "")),
      };
    });
  } else {
    const bodies = prepare(db, "SELECT id, substr(body, 1, 2000) AS body FROM notes WHERE id IN (SELECT value FROM json_each(?))").all(
      JSON.stringify(ids),
    ) as { id: number; body: string }[];
    results = cards.map((card) => ({
      ...card,
      titleHtml: escapeHtml(card.title),
      snippetHtml: escapeHtml(plainExcerpt(bodies.find((b) => b.id === card.id)?.body ?? "")),
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
  const eventsList = prepare(
    db,
    `SELECT e.slug, e.title, e.series FROM events e
      WHERE e.id NOT IN (SELECT value FROM json_each(?))
        AND EXISTS (SELECT 1 FROM notes n WHERE n.event_id = e.id)
      ORDER BY e.starts_at DESC LIMIT 300`,
  ).all(JSON.stringify(scope.hiddenEventIds)) as { slug: string; title: string; series: string | null }[];
  const organisations = prepare(db, "SELECT id, name FROM organisations ORDER BY name LIMIT 300").all() as {
    id: number;
    name: string;
  }[];
  const series = [...new Set(eventsList.map((e) => e.series).filter((s): s is string => Boolean(s)))].sort();
  return { events: eventsList, series, organisations };
}

/**
 * The name shown for the active author filter: only of someone who (co-)authored a note
 * the viewer may read; anyone else is "no such author" (null), so an id does not reveal
 * an account's name (issue 18, finding 7).
 */
export function authorName(userId: number, scope: ViewerScope, db: Db = getDb()) {
  const visibility = visibilitySql(scope);
  const name = prepare(
    db,
    `SELECT u.name FROM users u
      WHERE u.id = @author
        AND EXISTS (SELECT 1 FROM note_authors na JOIN notes n ON n.id = na.note_id
                     WHERE na.user_id = u.id AND ${visibility.sql})`,
  )
    .pluck()
    .get({ author: userId, ...visibility.params }) as string | null | undefined;
  return name ?? null;
}
