// "Nothing written", measured two ways around every request:
// - A write counter kept by triggers on every table of the data model (installed once per
//   test database, in the database file, so they fire for the server's own connection and
//   for other processes): any committed INSERT, UPDATE or DELETE counts, in any table, to
//   any row, however old: also an UPDATE without a WHERE. Its cost does not grow with the
//   database (hundreds of worlds). The rate limiter's own bookkeeping (`rate_limits`) is
//   left out: a refused request may rightly be counted against its sender.
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

/** Tables whose writes do not count as "written": bookkeeping, not data. */
const NOT_DATA = new Set(["rate_limits", "test_write_counter"]);

function tableList() {
  if (tables) return tables;
  const client = getDb().$client;
  tables = (
    client
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
          AND name NOT LIKE '%fts%' AND name NOT LIKE '__drizzle%' ORDER BY name`,
      )
      .pluck()
      .all() as string[]
  ).filter((name) => !NOT_DATA.has(name));
  installWriteCounter(client, tables);
  return tables;
}

function installWriteCounter(client: ReturnType<typeof getDb>["$client"], names: string[]) {
  client.exec(`CREATE TABLE IF NOT EXISTS test_write_counter (n INTEGER NOT NULL);
    INSERT INTO test_write_counter SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM test_write_counter);`);
  for (const name of names) {
    for (const op of ["INSERT", "UPDATE", "DELETE"]) {
      client.exec(`CREATE TRIGGER IF NOT EXISTS "test_writes_${name}_${op.toLowerCase()}" AFTER ${op} ON "${name}"
        BEGIN UPDATE test_write_counter SET n = n + 1; END;`);
    }
  }
}

export type Snapshot = { version: number; counts: Record<string, number> };

export function snapshot(): Snapshot {
  const names = tableList();
  const db = observe();
  const version = db.prepare("SELECT n FROM test_write_counter").pluck().get() as number;
  const counts: Record<string, number> = {};
  for (const name of names) counts[name] = db.prepare(`SELECT count(*) FROM "${name}"`).pluck().get() as number;
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
