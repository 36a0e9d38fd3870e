// Prepared statements cached per connection: search and note cards run the same few
// statements on every request, and preparing them costs more than running them.
import type Database from "better-sqlite3";
import type { Db } from "#db/client";

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function prepare(db: Db, sql: string): Database.Statement {
  let cache = statements.get(db.$client);
  if (!cache) statements.set(db.$client, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.$client.prepare(sql);
    if (cache.size > 500) cache.clear();
    cache.set(sql, statement);
  }
  return statement;
}
