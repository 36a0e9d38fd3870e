// "Nothing written", measured two ways around every request:
// - a write counter kept by TEMP triggers (AFTER INSERT/UPDATE/DELETE on every table) on
//   the app's own connection, which the in-process test server shares with this file
//   (db/client keeps one connection per process). Any committed write counts, in any
//   table, to any row, however old: also an UPDATE without a WHERE; a rolled-back one does
//   not. The counter lives in the connection's temp schema, never in the database file.
//   Its cost does not grow with the database (hundreds of worlds).
// - Row counts per table, to say which tables changed when it fails.
// Not counted: the rate limiter's own bookkeeping (`rate_limits`): a refused request may
// rightly count against its sender's limit (rate-limiter-flexible on the database).
// (Login sessions are only touched after minutes of use, so a fresh session reading a
// page commits nothing.)
import { getDb } from "#db/client";

const NOT_COUNTED = new Set(["rate_limits"]);

let tables: string[] | undefined;
let installedOn: unknown;

function tableList() {
  tables ??= getDb()
    .$client.prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
        AND name NOT LIKE '%fts%' AND name NOT LIKE '__drizzle%' ORDER BY name`,
    )
    .pluck()
    .all()
    .filter((name) => !NOT_COUNTED.has(name as string)) as string[];
  return tables;
}

/** The write counter's triggers, on the connection the app writes with (once per connection). */
function writeCounter() {
  const connection = getDb().$client;
  if (installedOn !== connection) {
    connection.exec("CREATE TEMP TABLE IF NOT EXISTS adversarial_writes (n INTEGER NOT NULL)");
    if (!connection.prepare("SELECT 1 FROM temp.adversarial_writes").get()) connection.exec("INSERT INTO temp.adversarial_writes VALUES (0)");
    for (const table of tableList()) {
      for (const op of ["INSERT", "UPDATE", "DELETE"]) {
        connection.exec(
          `CREATE TEMP TRIGGER IF NOT EXISTS "adversarial_${table}_${op}" AFTER ${op} ON main."${table}"
             BEGIN UPDATE temp.adversarial_writes SET n = n + 1; END`,
        );
      }
    }
    installedOn = connection;
  }
  return connection.prepare("SELECT n FROM temp.adversarial_writes").pluck().get() as number;
}

export type Snapshot = { version: number; counts: Record<string, number> };

export function snapshot(): Snapshot {
  const version = writeCounter();
  const db = getDb().$client;
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

/** Kept for the suites' afterAll: the counter needs no connection of its own. */
export function closeObserver() {}
