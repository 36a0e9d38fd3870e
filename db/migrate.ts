import path from "node:path";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { Db } from "./client";

// Resolved from the working directory (the project root for npm scripts and tests),
// because this module is also bundled into the server build, where its own URL differs.
export const migrationsFolder = path.resolve(process.cwd(), "db/migrations");

export function runMigrations(db: Db, folder = migrationsFolder) {
  migrate(db, { migrationsFolder: folder });
}
