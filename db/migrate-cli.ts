import { getDb } from "./client";
import { runMigrations } from "./migrate";

runMigrations(getDb());
console.log(`Migrated ${process.env.DATABASE_PATH || "./data/exchange.db"}`);
