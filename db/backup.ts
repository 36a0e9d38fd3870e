// Backups with SQLite's online backup API (better-sqlite3 `db.backup()`): the copy is a
// consistent snapshot even while the app keeps writing, because SQLite copies pages under
// its own locks and restarts the copy when a writer changes a page it already copied.
// Restoring refuses while another process has the database open: stop the app first.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export function defaultDatabasePath() {
  return process.env.DATABASE_PATH || "./data/exchange.db";
}

export function integrityCheck(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma("integrity_check") as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join("; ");
  } finally {
    db.close();
  }
}

function stamp(date = new Date()) {
  return date.toISOString().replace(/[:.]/g, "-");
}

/** Writes a consistent copy of `source` to `destination` (default data/backups/…) and checks it. */
export async function backupDatabase(options: { source?: string; destination?: string } = {}) {
  const source = path.resolve(options.source ?? defaultDatabasePath());
  if (!fs.existsSync(source)) throw new Error(`No database at ${source}.`);
  const destination = path.resolve(
    options.destination ?? path.join(path.dirname(source), "backups", `${path.basename(source, ".db")}-${stamp()}.db`),
  );
  if (fs.existsSync(destination)) throw new Error(`${destination} exists already; choose another file.`);
  fs.mkdirSync(path.dirname(destination), { recursive: true });
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    const started = Date.now();
    const progress = await db.backup(destination);
    const integrity = integrityCheck(destination);
    if (integrity !== "ok") throw new Error(`The backup failed its integrity check: ${integrity}`);
    return { source, destination, pages: progress.totalPages, bytes: fs.statSync(destination).size, ms: Date.now() - started };
  } finally {
    db.close();
  }
}

export class DatabaseInUseError extends Error {}

/**
 * True when another connection has `file` open. In WAL mode every open connection keeps
 * a shared lock on the database while it has read it; asking for an exclusive lock with
 * locking_mode=EXCLUSIVE then fails with SQLITE_BUSY at once (busy_timeout 0).
 */
export function isDatabaseInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE; COMMIT;");
    return false;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith("SQLITE_BUSY")) return true;
    throw error;
  } finally {
    db.close();
  }
}

/**
 * Replaces `target` with the contents of `backup`. Refuses when the backup is damaged or
 * the target is in use. The replaced database is kept beside it as `<name>.before-restore-<time>.db`.
 */
export async function restoreDatabase(options: { backup: string; target?: string }) {
  const backup = path.resolve(options.backup);
  const target = path.resolve(options.target ?? defaultDatabasePath());
  if (!fs.existsSync(backup)) throw new Error(`No backup at ${backup}.`);
  const integrity = integrityCheck(backup);
  if (integrity !== "ok") throw new Error(`The backup is damaged (${integrity}); nothing was restored.`);
  if (isDatabaseInUse(target)) {
    throw new DatabaseInUseError(
      `${target} is in use by a running app (or another program). Stop the app first, then run the restore again; nothing was restored.`,
    );
  }
  let keptAs: string | null = null;
  if (fs.existsSync(target)) {
    keptAs = target.replace(/(\.db)?$/, `.before-restore-${stamp()}.db`);
    // A consistent copy of the current state (folds in its WAL) before it is replaced.
    const current = new Database(target, { fileMustExist: true });
    try {
      await current.backup(keptAs);
    } finally {
      current.close();
    }
  }
  // Copy page by page into the target through SQLite, so a left-over -wal of the old
  // database cannot be replayed over the restored one.
  const source = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    await source.backup(target);
  } finally {
    source.close();
  }
  const after = integrityCheck(target);
  if (after !== "ok") throw new Error(`The restored database failed its integrity check: ${after}`);
  return { backup, target, keptAs };
}
