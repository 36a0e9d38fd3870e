// Runs before every test file (in that file's own process): a fresh SQLite file,
// migrated by the real migrations. The app's getDb() and any server started by the
// test use it through DATABASE_PATH.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { closeDb, getDb } from "#db/client";
import { runMigrations } from "#db/migrate";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kx-test-"));
process.env.NODE_ENV = "test";
process.env.DATABASE_PATH = path.join(dir, "test.db");
process.env.SESSION_SECRET = "test-secret-test-secret-test-secret";
process.env.SEED_DEMO = "0";
process.env.ADMIN_EMAILS = "admin@test.example";
process.env.KX_TEST_FAST_HASH = "1";
process.env.KX_RATE_LIMIT_MULTIPLIER ??= "1000";

runMigrations(getDb());

afterAll(() => {
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});
