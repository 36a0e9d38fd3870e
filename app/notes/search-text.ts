// The words of a search and the text around its results: the user's input as safe FTS5
// queries (exact and forgiving), highlight markers turned into escaped HTML, Markdown turned
// into plain text for excerpts and snippets. No database here.

const MAX_TERMS = 12;

// Highlight markers chosen from characters the note forms strip, so user text cannot
// forge them; the snippet is HTML-escaped first and only then turned into <mark>.
export const MARK_OPEN = "\u0002";
export const MARK_CLOSE = "\u0003";

/**
 * The user's words as a safe FTS5 query: every term is a quoted string (so quotes,
 * `*`, `-`, `NEAR`, `AND`/`OR`/`NOT`, parentheses and column filters are plain text),
 * all terms must match, and the last one matches as a prefix while the user is still
 * typing it. Returns null when nothing searchable is left.
 */
export function toFtsQuery(input: string | undefined | null): string | null {
  const terms = searchTerms(input);
  if (terms.length === 0) return null;
  const stillTyping = !/\s$/.test(input!);
  return terms
    .map((term, i) => {
      const isLast = i === terms.length - 1;
      return isLast && stillTyping && term.length >= 2 ? `${quoted(term)}*` : quoted(term);
    })
    .join(" ");
}

/**
 * The same words for the forgiving index (migration 0013: Porter stems over text with its
 * hyphens taken out): hyphenated words joined ("on-call" → oncall), so "on-call" and
 * "oncall" find each other, and the stemmer makes "runbooks" and "runbook" one word. No
 * prefix: the exact query already serves "search as you type". Null when nothing is left.
 */
export function toForgivingFtsQuery(input: string | undefined | null): string | null {
  const terms = searchTerms(input?.replace(/([\p{L}\p{N}\p{M}])-+(?=[\p{L}\p{N}\p{M}])/gu, "$1"));
  return terms.length ? terms.map(quoted).join(" ") : null;
}

function searchTerms(input: string | undefined | null): string[] {
  if (!input) return [];
  return (input.normalize("NFKC").match(/[\p{L}\p{N}\p{M}]+/gu) ?? []).map((t) => t.slice(0, 64)).slice(0, MAX_TERMS);
}

const quoted = (term: string) => `"${term.replace(/"/g, '""')}"`;

export function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** FTS5 output with sentinel markers → escaped HTML with balanced <mark> elements. */
export function markedToHtml(text: string): string {
  let open = false;
  let html = "";
  // eslint-disable-next-line no-control-regex -- the highlight markers are control characters on purpose
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

/** Marks where a block (heading, list item, paragraph, hard line break) starts, until BLOCKS turns it into a separator. */
const BLOCK = "\uE000";
const BLOCKS = /(?: ?\uE000)+ ?/g;

/**
 * Between two blocks: " · ", or a space after a sentence's end; nothing at either end, so a
 * session note's template reads "Hosts: Bea · Room: Studio 1 · What we discussed · Takeaways".
 */
function blockSeparator(match: string, offset: number, text: string) {
  if (offset === 0 || offset + match.length === text.length) return "";
  return /[.!?:;…]$/.test(text.slice(0, offset).replaceAll(MARK_CLOSE, "")) ? " " : " · ";
}

/**
 * Markdown syntax → readable plain text for excerpts and snippets: link targets, list and
 * heading markers, emphasis and code marks go; the words stay, with no stray space before
 * punctuation, and blocks stay apart (see blockSeparator). Highlight markers (control
 * characters) pass through untouched.
 */
export function stripMarkdown(markdown: string) {
  return markdown
    .replace(/(?: {2,}|\\)\r?\n/g, `${BLOCK}\n`)
    .replace(/\n[ \t]*\r?\n/g, `\n${BLOCK}\n`)
    .replace(/!\[([^\]]*)\]\([^)\s]*\)?/g, " ")
    .replace(/\[([^\]]*)\]\([^)\s…]*(?:\)|(?=…)|$)/g, "$1")
    .replace(/\]\([^)\s]*\)/g, "")
    .replace(/`{3,}[\w+-]*/g, " ")
    .replace(/^[ \t]*(?:[-*_][ \t]*){3,}$/gm, " ")
    .replace(/^[ \t|:-]*-{3,}[ \t|:-]*$/gm, " ")
    .replace(/^[ \t]*(?:#{1,6}|>+|[-*+])[ \t]+(?:\[[ xX]\][ \t]+)?/gm, BLOCK)
    .replace(/\*+|~~|`/g, "")
    .replace(/(^|[^\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu, "$1")
    .replace(/[ \t]*\|[ \t]*/g, " ")
    .replace(/\s+/g, " ")
    .replace(BLOCKS, blockSeparator)
    .replace(/ ([,.;:!?)\]…])/g, "$1")
    .replace(/([([]) /g, "$1")
    .trim();
}

/** A plain-text start of a Markdown body, for results without a query. */
export function plainExcerpt(markdown: string, length = 220) {
  const text = stripMarkdown(markdown.replace(/```[\s\S]*?```/g, " "));
  return text.length > length
    ? `${text
        .slice(0, length)
        .replace(/\s+\S*$/, "")
        .replace(/ ·$/, "")}…`
    : text;
}
