// The archive search's SQL: raw, because Drizzle cannot say FTS5 (MATCH, bm25, snippet,
// rowid bounds). Two indexes (ADR 006, ADR 026): notes_fts, exact words with prefix
// indexes, ranked first; notes_fts_forgiving (migration 0013), Porter stems over text
// without hyphens, which adds what the exact one misses ("runbooks" → runbook, "oncall" →
// on-call). Every statement carries the visibility rule, so a hidden note never reaches a
// result, a count or a snippet. Statements are prepared once per connection (prepared()).
import { prepared, type Db } from "#db/client";
import type { NoteSearchParams } from "~/notes/note-schema";
import { visibilitySql, type ViewerScope } from "~/notes/visibility.server";

/** A raw statement, prepared once per connection: its text is its key. */
export function sqlStatement(db: Db, text: string) {
  return prepared(db, `notes.sql:${text}`, (d) => d.$client.prepare(text));
}

/** bm25 column weights: a word in the title counts ten times a word in the body. */
const TITLE_WEIGHT = 10;
const BODY_WEIGHT = 1;
/** Counting stops here: "more than 1,000 notes" is all anyone needs to know. */
export const COUNT_CAP = 1000;

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

type FtsTable = "notes_fts" | "notes_fts_forgiving";

/**
 * The n-th newest match (FTS5 walks the doclist backwards and stops there), or undefined
 * when there are fewer: never reads the whole doclist of a common word.
 */
function nthNewestMatch(table: FtsTable, match: string, n: number, db: Db) {
  return sqlStatement(db, `SELECT rowid FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?`)
    .pluck()
    .get(match, n - 1) as number | undefined;
}

/**
 * The rowid floor of the ranking window, 0 when every match fits in it. Always bound as
 * an INTEGER (CAST in the SQL): a JavaScript number arrives as a REAL, which FTS5 does not
 * use as a rowid bound (it then scores every match) — and for `rowid = ?` FTS5 would even
 * return every match.
 */
function rankFloor(table: FtsTable, match: string, db: Db): number {
  const wide = nthNewestMatch(table, match, RANK_WINDOW, db);
  if (wide === undefined) return 0;
  const newestNote = sqlStatement(db, "SELECT max(id) FROM notes").pluck().get() as number;
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

export type MatchedPage = {
  ids: number[];
  /** Visible matches, counted up to COUNT_CAP + 1. */
  total: number;
  sort: "relevance" | "newest";
};

/** The words of a search: the exact FTS5 query and the forgiving one (search-text.ts). */
export type FtsQueries = { match: string; forgiving: string | null } | null;

/**
 * One page of ids of notes the viewer may read, matching the query and filters, and how
 * many match (up to COUNT_CAP + 1).
 *
 * Relevance: exact matches first, in two tiers (notes with a query term in the title, then
 * the rest, each by bm25 with the title weighted ten times the body); then the forgiving
 * matches that are not exact ones, by bm25 over the forgiving index. Besides being what
 * people expect, the tiers keep a very common word fast: bm25 runs over the (small) set
 * of title hits, and over all matches only when a page reaches past them. The forgiving
 * index is read only when the exact matches stay under COUNT_CAP: past it no page a person
 * reaches would show a forgiving match.
 */
export function matchingNoteIds(
  queries: FtsQueries,
  params: NoteSearchParams,
  scope: ViewerScope,
  db: Db,
  page: { offset: number; size: number },
): MatchedPage {
  const { offset, size: pageSize } = page;
  const visibility = visibilitySql(scope);
  const { selective, dates } = filterSql(params);
  const hasSelective = selective.where.length > 0;
  const values: Record<string, unknown> = { ...visibility.params, ...selective.values, ...dates.values };
  const noteConditions = [visibility.sql, ...selective.where, ...dates.where].join("\n AND ");
  const newest = "n.created_at DESC, n.id DESC";

  if (!queries) {
    const total = sqlStatement(db, `SELECT count(*) FROM (SELECT 1 FROM notes n WHERE ${noteConditions} LIMIT ${COUNT_CAP + 1})`)
      .pluck()
      .get(values) as number;
    const ids = sqlStatement(db, `SELECT n.id FROM notes n WHERE ${noteConditions} ORDER BY ${newest} LIMIT @limit OFFSET @offset`)
      .pluck()
      .all({ ...values, limit: pageSize, offset }) as number[];
    return { ids, total, sort: "newest" };
  }

  const { match, forgiving } = queries;
  values.match = match;
  // For FTS-driven queries, selective filters become one id set (unary + keeps SQLite
  // from turning it into thousands of FTS rowid look-ups).
  const ftsConditions = (table: FtsTable, alias: string, param: string) =>
    [
      `${table} MATCH @${param}`,
      ...(hasSelective ? [`+${alias}.rowid IN (${selective.ids.join(" INTERSECT ")})`] : []),
      visibility.sql,
      ...dates.where,
    ].join("\n AND ");
  const exactFrom = "notes_fts f JOIN notes n ON n.id = f.rowid";
  const exactConditions = ftsConditions("notes_fts", "f", "match");
  const forgivingFrom = "notes_fts_forgiving g JOIN notes n ON n.id = g.rowid";
  // Forgiving matches that the exact query does not find (those rank above), among the
  // newest RANK_WINDOW forgiving matches: when a filter keeps the exact matches under the
  // cap, finding few or no extras would otherwise walk the whole doclist of a common stem.
  const forgivingConditions = `${ftsConditions("notes_fts_forgiving", "g", "forgiving")}
    AND g.rowid >= CAST(@forgivingFloor AS INTEGER)
    AND +g.rowid NOT IN (SELECT rowid FROM notes_fts WHERE notes_fts MATCH @match AND rowid >= CAST(@forgivingFloor AS INTEGER))`;
  const count = (from: string, where: string, cap: number) =>
    sqlStatement(db, `SELECT count(*) FROM (SELECT 1 FROM ${from} WHERE ${where} LIMIT @cap)`)
      .pluck()
      .get({ ...values, cap }) as number;

  // Driven by the text match, which FTS5 reads lazily: it stops at the cap. (Collecting
  // every match of a common word into a set for the filters to probe cost ~16 ms.)
  const exactTotal = count(exactFrom, exactConditions, COUNT_CAP + 1);
  let forgivingTotal = 0;
  if (forgiving && exactTotal <= COUNT_CAP) {
    values.forgiving = forgiving;
    values.forgivingFloor = nthNewestMatch("notes_fts_forgiving", forgiving, RANK_WINDOW, db) ?? 0;
    forgivingTotal = count(forgivingFrom, forgivingConditions, COUNT_CAP + 1 - exactTotal);
  }
  const total = exactTotal + forgivingTotal;
  const sort = params.sort === "newest" ? "newest" : "relevance";
  if (total === 0 || offset >= Math.min(total, COUNT_CAP + 1)) return { ids: [], total, sort };

  if (sort === "newest") {
    if (forgivingTotal > 0) {
      // Few exact matches (under the cap): the union of both, by date.
      const ids = sqlStatement(
        db,
        `SELECT n.id FROM notes n
          WHERE +n.id IN (SELECT rowid FROM notes_fts WHERE notes_fts MATCH @match
                          UNION SELECT rowid FROM notes_fts_forgiving
                                 WHERE notes_fts_forgiving MATCH @forgiving AND rowid >= CAST(@forgivingFloor AS INTEGER))
            AND ${noteConditions} ORDER BY ${newest} LIMIT @limit OFFSET @offset`,
      )
        .pluck()
        .all({ ...values, limit: pageSize, offset }) as number[];
      return { ids, total, sort };
    }
    // Walking the date index pays off for a broad match without a selective filter;
    // otherwise sorting the (small) filtered set is cheaper. Unary + keeps SQLite from
    // driving the walk by thousands of look-ups from the match list.
    const broad = !hasSelective && nthNewestMatch("notes_fts", match, WALK_THRESHOLD + 1, db) !== undefined;
    const ids = (
      broad
        ? sqlStatement(
            db,
            `SELECT n.id FROM notes n INDEXED BY notes_search_by_created_idx
              WHERE +n.id IN (SELECT rowid FROM notes_fts WHERE notes_fts MATCH @match) AND ${noteConditions}
              ORDER BY ${newest} LIMIT @limit OFFSET @offset`,
          )
        : sqlStatement(db, `SELECT n.id FROM ${exactFrom} WHERE ${exactConditions} ORDER BY ${newest} LIMIT @limit OFFSET @offset`)
    )
      .pluck()
      .all({ ...values, limit: pageSize, offset }) as number[];
    return { ids, total, sort };
  }

  let ids = offset < exactTotal ? rankExact(match, { db, values, exactFrom, exactConditions, newest }, exactTotal, offset, pageSize) : [];
  if (ids.length < pageSize && forgivingTotal > 0) {
    const floor = rankFloor("notes_fts_forgiving", forgiving!, db);
    const rankForgiving = (rankFloor: number) =>
      sqlStatement(
        db,
        `SELECT n.id FROM ${forgivingFrom} WHERE ${forgivingConditions} AND g.rowid >= CAST(@rankFloor AS INTEGER)
          ORDER BY bm25(notes_fts_forgiving, ${TITLE_WEIGHT}, ${BODY_WEIGHT}), ${newest} LIMIT @limit OFFSET @offset`,
      )
        .pluck()
        .all({ ...values, rankFloor, limit: pageSize - ids.length, offset: Math.max(0, offset - exactTotal) }) as number[];
    let rest = rankForgiving(floor);
    if (floor > 0 && rest.length < pageSize - ids.length) rest = rankForgiving(0);
    ids = [...ids, ...rest];
  }
  return { ids, total, sort };
}

/** One page of the exact matches by relevance: title hits first, then the rest (ADR 006). */
function rankExact(
  match: string,
  sql: { db: Db; values: Record<string, unknown>; exactFrom: string; exactConditions: string; newest: string },
  exactTotal: number,
  offset: number,
  pageSize: number,
) {
  const { db, values, exactFrom, exactConditions, newest } = sql;
  const inWindow = "f.rowid >= CAST(@rankFloor AS INTEGER)";
  // Title hits as a plain id set (no ranking function runs over it): bm25 then scores
  // only the query's own phrases, and each of those costs one pass over its doclist.
  const titleHits = `f.rowid IN (SELECT rowid FROM notes_fts WHERE notes_fts MATCH @titleMatch AND rowid >= CAST(@rankFloor AS INTEGER))`;
  const ranked = (tier: string) =>
    sqlStatement(
      db,
      `SELECT n.id FROM ${exactFrom} WHERE ${exactConditions} AND ${inWindow} AND ${tier}
        ORDER BY bm25(notes_fts, ${TITLE_WEIGHT}, ${BODY_WEIGHT}), ${newest} LIMIT @limit OFFSET @offset`,
    ).pluck();
  const rankPage = (rankFloor: number) => {
    const v = { ...values, titleMatch: titleQuery(match), rankFloor };
    let page = ranked(`+${titleHits}`).all({ ...v, limit: pageSize, offset }) as number[];
    if (page.length < pageSize) {
      // The page reaches past the title hits: continue with the other matches.
      const titleHitCount =
        page.length > 0
          ? offset + page.length
          : (sqlStatement(db, `SELECT count(*) FROM ${exactFrom} WHERE ${exactConditions} AND ${inWindow} AND +${titleHits}`)
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
  const floor = rankFloor("notes_fts", match, db);
  const ids = rankPage(floor);
  if (floor > 0 && ids.length < pageSize && offset + ids.length < Math.min(exactTotal, COUNT_CAP)) {
    // The window held fewer matches this viewer may see than the count promises
    // (mostly hidden notes among the newest): rank every match instead.
    return rankPage(0);
  }
  return ids;
}

/**
 * Highlighted titles and snippets for the rows on a page (snippet() re-reads each
 * document), in one pass over the part of the exact match between the page's lowest and
 * highest id: FTS5 takes the range as rowid bounds. (Looking the ids up one by one costs
 * ~0.2 ms each for a word like "kafka", and a prefix without its own index would be merged
 * again per id.) Forgiving matches have no row here: the exact index does not find them.
 */
export function highlightedRows(match: string, ids: number[], marks: { open: string; close: string }, db: Db) {
  if (ids.length === 0) return [];
  return sqlStatement(
    db,
    `SELECT rowid AS id, highlight(notes_fts, 0, @open, @close) AS title,
            snippet(notes_fts, 1, @open, @close, '…', 28) AS snippet
       FROM notes_fts
      WHERE notes_fts MATCH @match AND rowid BETWEEN CAST(@low AS INTEGER) AND CAST(@high AS INTEGER)
        AND +rowid IN (SELECT value FROM json_each(@ids))`,
  ).all({ match, low: Math.min(...ids), high: Math.max(...ids), ids: JSON.stringify(ids), ...marks }) as {
    id: number;
    title: string;
    snippet: string;
  }[];
}
