// A database migrated up to (not including) one migration, to test what that migration does
// to rows written before it: the real migrations folder copied, the named one and every later
// one dropped from the copy's journal. Run the real runMigrations(db) afterwards to apply them.
import fs from "node:fs";
import path from "node:path";
import { openDatabase, type Db } from "#db/client";
import { migrationsFolder, runMigrations } from "#db/migrate";

export function databaseMigratedBefore(tag: string, dir: string): Db {
  const before = path.join(dir, "migrations-before");
  fs.cpSync(migrationsFolder, before, { recursive: true });
  const journalFile = path.join(before, "meta/_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((entry) => entry.tag === tag);
  if (at < 0) throw new Error(`No migration ${tag} in ${migrationsFolder}`);
  for (const entry of journal.entries.slice(at)) fs.rmSync(path.join(before, `${entry.tag}.sql`));
  journal.entries = journal.entries.slice(0, at);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  const db = openDatabase(path.join(dir, "old.db"));
  runMigrations(db, before);
  return db;
}
