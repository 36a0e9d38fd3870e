// One better-sqlite3 connection per process, opened lazily on first use (never at
// import time) with WAL, foreign keys and a busy timeout. Migrations are a separate,
// explicit step (db/migrate.ts).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export function openDatabase(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("cache_size = -32000");
  sqlite.pragma("temp_store = MEMORY");
  return drizzle(sqlite, { schema }) as Db;
}

declare global {
  // Survives module reloads in `remix dev`.
  var __knowledgeExchangeDb: { file: string; db: Db } | undefined;
}

/** The process-wide connection for DATABASE_PATH (default ./data/exchange.db). */
export function getDb(): Db {
  const file = process.env.DATABASE_PATH || "./data/exchange.db";
  const current = globalThis.__knowledgeExchangeDb;
  if (current && current.file === file) return current.db;
  const db = openDatabase(file);
  globalThis.__knowledgeExchangeDb = { file, db };
  return db;
}

const statementCache = new WeakMap<Db, Map<string, unknown>>();

/**
 * A query built once per connection and reused: `prepared(db, "events.bySlug", (db) =>
 * db.select()…where(eq(events.slug, sql.placeholder("slug"))).prepare())`, then
 * `.get({ slug })`. Building a Drizzle query costs 10–20× more than running a small
 * prepared one, so hot paths (every page's session lookup, loaders) should use this.
 */
export function prepared<T>(db: Db, key: string, build: (db: Db) => T): T {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let statement = cache.get(key) as T | undefined;
  if (statement === undefined) {
    statement = build(db);
    cache.set(key, statement);
  }
  return statement;
}

/**
 * A value that changes whenever anything is written to the database, for caches of what is
 * the same for everyone: total_changes() counts this connection's own inserts, updates and
 * deletes (triggers included), `PRAGMA data_version` moves on commits by any other
 * connection (a script, a second process on the same file). One prepared read, a few µs.
 */
export function databaseVersion(db: Db = getDb()): string {
  const statement = prepared(db, "databaseVersion", (d) =>
    d.$client.prepare("select total_changes() as own, (select data_version from pragma_data_version) as others"),
  );
  const { own, others } = statement.get() as { own: number; others: number };
  return `${own}.${others}`;
}

/**
 * Runs `fn` inside BEGIN IMMEDIATE, so concurrent writers queue on SQLite's write lock
 * instead of failing mid-transaction. Use it for every read-check-write rule
 * (capacity, vote budgets, free cells).
 */
export function writeTransaction<T>(db: Db, fn: (tx: Db) => T): T {
  return db.$client.transaction(() => fn(db)).immediate();
}
