// One better-sqlite3 connection per process, opened lazily on first use (never at
// import time) with WAL, foreign keys and a busy timeout. Migrations are a separate,
// explicit step (db/migrate.ts).
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "./schema";
import { remember } from "../app/utils/remember";

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

type Connection = { file: string; db: Db; checkpoints?: BackgroundCheckpoints };
// The process's connection; remembered so it survives module reloads in `remix dev`.
const processConnection = () => remember<{ current?: Connection }>("database", () => ({}));

/** The process-wide connection for DATABASE_PATH (default ./data/exchange.db). */
export function getDb(): Db {
  const file = process.env.DATABASE_PATH || "./data/exchange.db";
  const holder = processConnection();
  if (holder.current?.file === file) return holder.current.db;
  void holder.current?.checkpoints?.stop();
  const db = openDatabase(file);
  const checkpoints =
    file !== ":memory:" && process.env.KX_BACKGROUND_CHECKPOINTS !== "off" ? startBackgroundCheckpoints(db, file) : undefined;
  holder.current = { file, db, checkpoints };
  return db;
}

/** Closes the process-wide connection (if open) and forgets it: the next getDb() opens DATABASE_PATH afresh. */
export function closeDb(): void {
  const holder = processConnection();
  const connection = holder.current;
  holder.current = undefined;
  if (!connection) return;
  void connection.checkpoints?.stop();
  if (connection.db.$client.open) connection.db.$client.close();
}

/** The background checkpointer of the process-wide connection, when it runs one. */
export function processCheckpoints(): BackgroundCheckpoints | undefined {
  return processConnection().current?.checkpoints;
}

// ---------------------------------------------------------------- WAL checkpoints

/** SQLite's default: the connection that commits past this many WAL pages copies them back. */
const AUTOCHECKPOINT_PAGES = 1000;
/** While the background checkpointer runs, the request connection's own checkpoint is a backstop. */
const BACKSTOP_AUTOCHECKPOINT_PAGES = 10_000;
export const CHECKPOINT_INTERVAL_MS = 100;

// The worker's code (CommonJS, evaluated): its own connection to the same file and a
// PASSIVE checkpoint every interval (copies committed WAL pages into the database file
// without blocking readers or writers; skips while another checkpoint runs). "report"
// asks for the outcome of the next one; "stop" ends it, as does an error it cannot retry.
const CHECKPOINTER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("synchronous = NORMAL");
let report = false;
const timer = setInterval(() => {
  try {
    const [result] = db.pragma("wal_checkpoint(PASSIVE)");
    if (report) parentPort.postMessage(result);
    report = false;
  } catch (error) {
    if (error && error.code === "SQLITE_BUSY") return;
    stop();
    throw error;
  }
}, workerData.intervalMs);
function stop() {
  clearInterval(timer);
  parentPort.close();
  if (db.open) db.close();
}
parentPort.on("message", (message) => (message === "stop" ? stop() : (report = true)));
`;

export type CheckpointOutcome = { busy: number; log: number; checkpointed: number };
export type BackgroundCheckpoints = {
  /** The outcome of the worker's next checkpoint (WAL pages in the log, pages copied). */
  next: () => Promise<CheckpointOutcome>;
  /** Stops the worker; resolves when it has closed its connection. */
  stop: () => Promise<void>;
};

/**
 * WAL checkpoints off the event loop. In WAL mode every commit appends its pages to the
 * -wal file; a checkpoint copies them back into the database file and, with
 * synchronous=NORMAL, waits for two fsyncs. By default the connection that commits past
 * 1,000 WAL pages does that itself, inside the request: under a vote burst several times
 * a second, while every open request waits (measurements in ADR 004). Here a worker thread with its own connection checkpoints every CHECKPOINT_INTERVAL_MS.
 * The request connection keeps its own automatic checkpoint at 10,000 pages: under
 * sustained writes the worker never finds the log completely copied (commits land while
 * it copies), and only a checkpoint by the writer itself lets the log start over; by then
 * the worker has copied all but the newest pages, so that one is short. Durability and isolation are SQLite's: a
 * checkpoint never changes what any connection reads. If the worker stops, the request
 * connection checkpoints every 1,000 pages again.
 */
export function startBackgroundCheckpoints(db: Db, file: string, intervalMs = CHECKPOINT_INTERVAL_MS): BackgroundCheckpoints {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(CHECKPOINTER, { eval: true, workerData: { file: path.resolve(file), driver, intervalMs } });
  let waiting: Array<(outcome: CheckpointOutcome) => void> = [];
  worker.on("message", (outcome: CheckpointOutcome) => {
    const resolve = waiting;
    waiting = [];
    for (const r of resolve) r(outcome);
  });
  worker.on("error", (error) => console.error("background WAL checkpoints stopped; the connection checkpoints itself again", error));
  const exited = new Promise<void>((resolve) =>
    worker.on("exit", () => {
      if (db.$client.open) db.$client.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
      resolve();
    }),
  );
  db.$client.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
  // Never what keeps a process alive (a script ends when its work is done). After the
  // listeners: attaching a "message" listener refs the worker's port again.
  worker.unref();
  return {
    next: () =>
      new Promise((resolve) => {
        waiting.push(resolve);
        worker.postMessage("report");
      }),
    stop: () => {
      worker.postMessage("stop");
      return exited;
    },
  };
}

const statementCache = new WeakMap<Db, Map<string, unknown>>();

/**
 * A query built once per connection and reused: `prepared(db, "events.bySlug", (db) =>
 * db.select()…where(eq(events.slug, sql.placeholder("slug"))).prepare())`, then
 * `.get({ slug })`. Building a Drizzle query costs far more than running a small
 * prepared one (ADR 004), so hot paths (every page's session lookup, loaders) should use this.
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
  // One transaction wrapper per connection, handed the callback: better-sqlite3 builds a
  // wrapper (its BEGIN/COMMIT/ROLLBACK and savepoint variants) per transaction() call.
  const run = prepared(db, "writeTransaction", (d) => d.$client.transaction((body: (tx: Db) => unknown) => body(d)));
  return run.immediate(fn) as T;
}
