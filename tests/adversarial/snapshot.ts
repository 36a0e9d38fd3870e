// "Nothing written", measured two ways around every request:
// - SQLite's `PRAGMA data_version`, read on a second, read-only connection: it changes
//   whenever any other connection (the app's) commits a change to the database file. So
//   any committed write counts, in any table, to any row, however old: also an UPDATE
//   without a WHERE. Its cost does not grow with the database (hundreds of worlds).
// - Row counts per table, to say which tables changed when it fails.
// (Login sessions are only touched after minutes of use, so a fresh session reading a
// page commits nothing.)
import Database from "better-sqlite3";
import { getDb } from "#db/client";

let observer: Database.Database | undefined;
let tables: string[] | undefined;

function observe() {
  observer ??= new Database(process.env.DATABASE_PATH!, { readonly: true, fileMustExist: true });
  return observer;
}

function tableList() {
  tables ??= getDb()
    .$client.prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
        AND name NOT LIKE '%fts%' AND name NOT LIKE '__drizzle%' ORDER BY name`,
    )
    .pluck()
    .all() as string[];
  return tables;
}

export type Snapshot = { version: number; counts: Record<string, number> };

export function snapshot(): Snapshot {
  const db = observe();
  const version = db.pragma("data_version", { simple: true }) as number;
  const counts: Record<string, number> = {};
  for (const name of tableList()) counts[name] = db.prepare(`SELECT count(*) FROM "${name}"`).pluck().get() as number;
  return { version, counts };
}

export const wroteBetween = (before: Snapshot, after: Snapshot) =>
  before.version !== after.version || Object.keys(after.counts).some((t) => after.counts[t] !== before.counts[t]);

/** Which tables changed between two snapshots (row counts), for readable failures. */
export function describeChange(before: Snapshot, after: Snapshot) {
  const changed = Object.keys(after.counts).filter((t) => after.counts[t] !== before.counts[t]);
  return changed.length
    ? changed.map((t) => `${t}: ${before.counts[t]} → ${after.counts[t]} rows`).join(", ")
    : "a commit with the same row counts (an update)";
}

export function closeObserver() {
  observer?.close();
  observer = undefined;
}
