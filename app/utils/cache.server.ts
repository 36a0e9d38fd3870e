// The one way to keep computed values: bounded caches (lru-cache drops the least recently
// used entry past `max`), and `cachedUntilWrite` for values that depend on the database
// alone. Hand-made Maps with their own limits and eviction are not written again.
import { LRUCache } from "lru-cache";
import { databaseVersion, getDb, type Db } from "#db/client";

/**
 * A bounded cache: at most `max` entries, or entries whose `sizeOf` adds up to at most
 * `maxSize` (the page cache counts characters). Values are shared by every caller: treat
 * them as read-only.
 */
export function boundedCache<K extends NonNullable<unknown>, V extends NonNullable<unknown>>(
  bound: number | { maxSize: number; sizeOf: (value: V) => number },
) {
  return typeof bound === "number"
    ? new LRUCache<K, V>({ max: bound })
    : new LRUCache<K, V>({ maxSize: bound.maxSize, sizeCalculation: (value) => Math.max(1, bound.sizeOf(value)) });
}

type Versioned = { version: string; value: unknown };
// Per connection: a test or script that opens another database file starts empty.
const untilWrite = new WeakMap<Db, LRUCache<string, Versioned>>();
const UNTIL_WRITE_MAX = 500;

/**
 * `compute()`'s value for `key`, recomputed after any write to the database (any table,
 * any process: databaseVersion()). Coarse, but a cached value can never miss a change it
 * depended on, so it is right for every viewer. The value is shared: treat it as read-only.
 */
export function cachedUntilWrite<T>(key: string, compute: () => T, db: Db = getDb()): T {
  let entries = untilWrite.get(db);
  if (!entries) untilWrite.set(db, (entries = new LRUCache({ max: UNTIL_WRITE_MAX })));
  const version = databaseVersion(db);
  const hit = entries.get(key);
  if (hit && hit.version === version) return hit.value as T;
  const value = compute();
  // compute() only reads, but check: a value computed across a write must not be kept.
  if (databaseVersion(db) === version) entries.set(key, { version, value });
  return value;
}
