// Results that depend on the database alone (never on who asks), kept until the
// database changes. The change token is this connection's total_changes() (every
// INSERT/UPDATE/DELETE the process makes, whichever module makes it: a star, a renamed
// host, a new notes page) plus PRAGMA data_version (a commit by any other connection or
// process, e.g. a script or a second server). Any write anywhere invalidates every
// entry: coarse, but it cannot miss a change the cached value depended on, so what is
// cached here is correct for every viewer. Reading the token is one prepared statement
// (a few µs); the schedule's session list costs ~2 ms and its calendar feed ~50 ms
// (ical-generator folds lines with a TextEncoder per character).
import { databaseVersion, getDb, type Db } from "#db/client";

const MAX_ENTRIES = 200;

type Entry = { token: string; value: unknown };
// Per connection: a test or script that opens another database file starts empty.
const caches = new WeakMap<Db, Map<string, Entry>>();

/**
 * `compute()`'s value for `key`, recomputed after any write to the database. The value
 * is shared by every caller until then: treat it as read-only.
 */
export function cachedUntilWrite<T>(key: string, compute: () => T, db: Db = getDb()): T {
  let entries = caches.get(db);
  if (!entries) caches.set(db, (entries = new Map()));
  const token = databaseVersion(db);
  const hit = entries.get(key);
  if (hit && hit.token === token) return hit.value as T;
  const value = compute();
  // compute() only reads, but check: a value computed across a write must not be kept.
  if (databaseVersion(db) === token) {
    entries.delete(key);
    entries.set(key, { token, value });
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  }
  return value;
}
