// Search benchmark for the notes archive (not a test): builds a temporary database with
// the real migrations, fills it with 100,000 notes through the real FTS triggers, then
// times searchNotes() in the domain layer for common, rare, prefix and filtered queries.
//
//   npx tsx bench/notes-search.ts            (NOTES=20000 for a quicker run)
//
// Cold figures: the search outcome cache (ADR 006) is off unless KX_NOTES_SEARCH_CACHE=on,
// since repeating one query would otherwise time cache hits.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "#db/client";
import { runMigrations } from "#db/migrate";
import { parseNoteSearch } from "~/notes/note-schema";
import { searchNotes } from "~/notes/search.server";
import { viewerScope, type Viewer } from "~/notes/visibility.server";

process.env.KX_NOTES_SEARCH_CACHE = process.env.KX_NOTES_SEARCH_CACHE === "on" ? "on" : "off";
const NOTE_COUNT = Number(process.env.NOTES ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 200);

// Deterministic pseudo-random numbers (mulberry32), so every run searches the same archive.
let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];

// A Zipf-distributed vocabulary like real prose: function words at the head, the
// subject words of engineering notes next (each in roughly 5-30 % of notes, like
// "deployment" in a real archive), then a long tail of rare words (synthetic).
const FUNCTION_WORDS = (
  "the of and to a in is that for it we was on with as be this are at by not but have from or " +
  "they you an which one had were there their all can more if has will about what so when who would " +
  "out up some into them than then its also our only just how other"
).split(/\s+/);
const SUBJECT_WORDS = (
  "team service deployment platform release incident review process data pipeline api latency test " +
  "monitoring alert on-call runbook database migration schema queue cache frontend backend design " +
  "architecture ownership documentation onboarding metrics dashboard cost cloud cluster kubernetes " +
  "kubectl terraform observability tracing logging security access budget roadmap planning"
).split(/\s+/);
const syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "sha", "dor", "fen", "gul", "hix"];
const TAIL = Array.from({ length: 30_000 }, (_, i) => {
  let word = "";
  let n = i + 1;
  while (n > 0) {
    word += syllables[n % syllables.length];
    n = Math.floor(n / syllables.length);
  }
  return word;
});
const VOCABULARY = [...FUNCTION_WORDS, ...SUBJECT_WORDS, ...TAIL];
const cumulative: number[] = [];
{
  let sum = 0;
  for (let rank = 1; rank <= VOCABULARY.length; rank++) cumulative.push((sum += 1 / rank));
  for (let i = 0; i < cumulative.length; i++) cumulative[i] /= sum;
}
function word() {
  const r = random();
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < r) lo = mid + 1;
    else hi = mid;
  }
  return VOCABULARY[lo];
}

function sentence(words: number) {
  return Array.from({ length: words }, word).join(" ");
}

function body() {
  const paragraphs = 1 + Math.floor(random() * 4);
  return Array.from({ length: paragraphs }, () => `${sentence(15 + Math.floor(random() * 40))}.`).join("\n\n");
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kx-notes-bench-"));
const db = openDatabase(path.join(dir, "bench.db"));
try {
  runMigrations(db);
  const sqlite = db.$client;
  const started = performance.now();
  const now = Date.now();

  sqlite.transaction(() => {
    const org = sqlite.prepare("INSERT INTO organisations (name, slug, created_at) VALUES (?, ?, ?)");
    for (let i = 1; i <= 20; i++) org.run(`Org ${i}`, `org-${i}`, now);
    const user = sqlite.prepare("INSERT INTO users (email, name, organisation_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)");
    for (let i = 1; i <= 2000; i++) user.run(`user${i}@bench.example`, `User ${i}`, 1 + (i % 20), now, now);
    const event = sqlite.prepare(
      `INSERT INTO events (slug, title, format, series, time_zone, starts_at, ends_at, capacity, status, created_at, updated_at)
       VALUES (?, ?, 'mixed', ?, 'Europe/Berlin', ?, ?, 100, 'published', ?, ?)`,
    );
    for (let i = 1; i <= 100; i++) {
      const startsAt = now - (100 - i) * 7 * 86_400_000;
      event.run(`event-${i}`, `Exchange ${i}`, `Series ${1 + (i % 10)}`, startsAt, startsAt + 8 * 3_600_000, now, now);
    }
    const partner = sqlite.prepare("INSERT INTO event_partners (event_id, organisation_id) VALUES (?, ?)");
    for (let i = 1; i <= 100; i++) {
      partner.run(i, 1 + (i % 20));
      partner.run(i, 1 + ((i + 7) % 20));
    }
    const registration = sqlite.prepare(
      `INSERT INTO registrations (event_id, user_id, status, queued_at, consent_version, consent_at, created_at, updated_at)
       VALUES (?, ?, 'confirmed', ?, 'v1', ?, ?, ?)`,
    );
    for (let e = 1; e <= 100; e += 3) registration.run(e, 7, now, now, now, now);

    const note = sqlite.prepare(
      `INSERT INTO notes (event_id, title, body, visibility, version, created_by_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, 1, ?, ?, ?)`,
    );
    const author = sqlite.prepare("INSERT OR IGNORE INTO note_authors (note_id, user_id) VALUES (?, ?)");
    const tag = sqlite.prepare("INSERT OR IGNORE INTO note_tags (note_id, tag) VALUES (?, ?)");
    const revision = sqlite.prepare(
      "INSERT INTO note_revisions (note_id, version, title, body, edited_by_id, created_at) VALUES (?, 1, ?, ?, ?, ?)",
    );
    for (let i = 0; i < NOTE_COUNT; i++) {
      const r = random();
      const visibility = r < 0.7 ? "public" : r < 0.9 ? "attendees" : "partners";
      const title = sentence(3 + Math.floor(random() * 6));
      const text = body();
      const createdBy = 1 + Math.floor(random() * 2000);
      const createdAt = now - Math.floor(random() * 700 * 86_400_000);
      const id = Number(note.run(1 + Math.floor(random() * 100), title, text, visibility, createdBy, createdAt, createdAt).lastInsertRowid);
      author.run(id, createdBy);
      if (random() < 0.3) author.run(id, 1 + Math.floor(random() * 2000));
      for (let t = 0; t < 1 + Math.floor(random() * 3); t++) tag.run(id, pick(SUBJECT_WORDS));
      revision.run(id, title, text, createdBy, createdAt);
    }
  })();
  sqlite.exec("ANALYZE; INSERT INTO notes_fts(notes_fts) VALUES ('optimize');");
  const loadSeconds = ((performance.now() - started) / 1000).toFixed(1);
  const size = (fs.statSync(path.join(dir, "bench.db")).size / 1024 / 1024).toFixed(0);
  console.log(`Generated ${NOTE_COUNT.toLocaleString("en")} notes in ${loadSeconds} s (database ${size} MB).`);

  const count = (match: string) => sqlite.prepare("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH ?").pluck().get(match) as number;
  sqlite.exec("CREATE VIRTUAL TABLE temp.notes_vocab USING fts5vocab(main, notes_fts, row)");
  const rareWord = sqlite
    .prepare("SELECT term FROM temp.notes_vocab WHERE doc BETWEEN 5 AND 20 AND length(term) >= 8 ORDER BY term LIMIT 1")
    .pluck()
    .get() as string;
  console.log(
    `Matches: "deployment" ${count('"deployment"').toLocaleString("en")}, "${rareWord}" ${count(`"${rareWord}"`)}, ` +
      `"ku"* ${count('"ku"*').toLocaleString("en")}, "team" AND "cache" ${count('"team" "cache"').toLocaleString("en")}`,
  );

  const anonymous: Viewer = null;
  const member: Viewer = { id: 7, isAdmin: false, memberOrganisationId: 8 };
  const cases: { name: string; query: string; viewer: Viewer }[] = [
    { name: "common word, relevance", query: "q=deployment", viewer: anonymous },
    { name: "common word, signed in", query: "q=deployment", viewer: member },
    { name: "two common words", query: "q=team+cache", viewer: member },
    { name: "a word in almost every note (the)", query: "q=the", viewer: member },
    { name: "rare word", query: `q=${rareWord}`, viewer: member },
    { name: "prefix as you type (ku)", query: "q=ku", viewer: member },
    { name: "prefix as you type (moni)", query: "q=moni", viewer: anonymous },
    { name: "common + event filter", query: "q=deployment&event=event-42", viewer: member },
    { name: "common + tag + newest", query: "q=deployment&tag=security&sort=newest", viewer: member },
    { name: "common + series + dates", query: "q=release&series=Series+3&from=2025-01-01&to=2030-01-01", viewer: anonymous },
    { name: "common + organisation", query: "q=review&organisation=5", viewer: member },
    { name: "syntax characters", query: `q=${encodeURIComponent('"NEAR(foo* -bar) (( deployment')}`, viewer: anonymous },
    { name: "page 10 of a common word", query: "q=deployment&page=10", viewer: anonymous },
    { name: "browse newest, no query", query: "", viewer: member },
  ];

  console.log(`\n${"query".padEnd(38)} ${"matches".padStart(8)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)}`);
  const summary: number[] = [];
  for (const c of cases) {
    const params = parseNoteSearch(new URLSearchParams(c.query));
    const scope = viewerScope(c.viewer, db);
    let outcome = searchNotes(params, c.viewer, { db, scope });
    for (let i = 0; i < 5; i++) searchNotes(params, c.viewer, { db, scope }); // warm-up
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      // The whole domain call, including the viewer's scope, the count and the snippets.
      outcome = searchNotes(params, c.viewer, { db });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    summary.push(...times);
    const matches = `${outcome.total}${outcome.totalIsCapped ? "+" : ""}`;
    console.log(
      `${c.name.padEnd(38)} ${matches.padStart(8)} ${percentile(times, 50).toFixed(2).padStart(8)} ${percentile(times, 95).toFixed(2).padStart(8)}`,
    );
  }
  summary.sort((a, b) => a - b);
  console.log(
    `\nAll searches: p50 ${percentile(summary, 50).toFixed(2)} ms, p95 ${percentile(summary, 95).toFixed(2)} ms, max ${summary[summary.length - 1].toFixed(2)} ms (${RUNS} runs each, ${NOTE_COUNT.toLocaleString("en")} notes, Node ${process.version}).`,
  );
  if (process.env.KEEP) db.$client.exec(`VACUUM INTO '${process.env.KEEP}'`);
} finally {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
