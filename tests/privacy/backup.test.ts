// `npm run db:backup` copies the database consistently while the app writes;
// `npm run db:restore` refuses while the database is in use and restores otherwise.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { isDatabaseInUse } from "#db/backup";
import { client, startTestServer } from "../helpers/server";

const run = promisify(execFile);
const server = await startTestServer();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kx-backup-"));
const DATABASE_PATH = process.env.DATABASE_PATH!;

function npm(script: string, args: string[], env: Record<string, string> = {}) {
  return run("npm", ["run", "--silent", script, "--", ...args], { env: { ...process.env, ...env }, timeout: 60_000 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
  );
}
const emailsIn = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return new Set((db.prepare("SELECT email FROM users WHERE email IS NOT NULL").all() as { email: string }[]).map((r) => r.email));
  } finally {
    db.close();
  }
};

describe("db:backup", () => {
  it("writes a consistent copy while sign-ups keep arriving", async () => {
    const acked: string[] = [];
    let i = 0;
    let stop = false;
    const writer = (async () => {
      while (!stop) {
        const email = `backup-${i++}@test.example`;
        const r = await client(server.url).post("/signup", { name: "Backup", email, password: "backup passphrase" });
        if (r.status === 302) acked.push(email);
      }
    })();
    while (acked.length < 20) await new Promise((r) => setTimeout(r, 20));
    const before = [...acked];
    const destination = path.join(dir, "during-writes.db");
    const result = await npm("db:backup", [destination]);
    const afterBackup = acked.length;
    stop = true;
    await writer;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("integrity ok");
    const copy = new Database(destination, { readonly: true });
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    copy.close();
    const inCopy = emailsIn(destination);
    for (const email of before) expect(inCopy.has(email)).toBe(true);
    // A snapshot: a prefix of the acknowledged writes, never a torn mix.
    expect(inCopy.size).toBeLessThanOrEqual(acked.length);
    expect(afterBackup).toBeGreaterThan(before.length); // writes really went on during the backup
  });

  it("refuses to overwrite an existing file and reports a missing database", async () => {
    const existing = path.join(dir, "exists.db");
    fs.writeFileSync(existing, "x");
    expect((await npm("db:backup", [existing])).code).toBe(1);
    const missing = await npm("db:backup", [path.join(dir, "x.db")], { DATABASE_PATH: path.join(dir, "nope", "missing.db") });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("No database");
  });
});

describe("db:restore", () => {
  it("refuses while the app has the database open, and changes nothing", async () => {
    expect(isDatabaseInUse(DATABASE_PATH)).toBe(true);
    const backup = path.join(dir, "for-refusal.db");
    expect((await npm("db:backup", [backup])).code).toBe(0);
    const before = emailsIn(DATABASE_PATH).size;
    await client(server.url).post("/signup", { name: "After", email: "after-backup@test.example", password: "backup passphrase" });
    const result = await npm("db:restore", [backup]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Stop the app first");
    expect(emailsIn(DATABASE_PATH).has("after-backup@test.example")).toBe(true);
    expect(emailsIn(DATABASE_PATH).size).toBe(before + 1);
  });

  it("restores a backup into a stopped database and keeps the replaced one", async () => {
    const backup = path.join(dir, "to-restore.db");
    expect((await npm("db:backup", [backup])).code).toBe(0);
    const target = path.join(dir, "stopped", "exchange.db");
    fs.mkdirSync(path.dirname(target));
    const other = new Database(target);
    other.pragma("journal_mode = WAL");
    other.exec("CREATE TABLE scratch(x); INSERT INTO scratch VALUES (1);");
    other.close();
    expect(isDatabaseInUse(target)).toBe(false);

    const result = await npm("db:restore", [backup], { DATABASE_PATH: target });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("previous database is kept");
    expect(emailsIn(target)).toEqual(emailsIn(backup));
    const restored = new Database(target, { readonly: true });
    expect(restored.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(restored.prepare("SELECT name FROM sqlite_master WHERE name = 'scratch'").get()).toBeUndefined();
    restored.close();
    const kept = fs.readdirSync(path.dirname(target)).filter((f) => f.includes(".before-restore-"));
    expect(kept).toHaveLength(1);
  });

  it("refuses a damaged backup", async () => {
    const bad = path.join(dir, "damaged.db");
    fs.writeFileSync(bad, Buffer.alloc(8192, 7));
    const target = path.join(dir, "untouched.db");
    const result = await npm("db:restore", [bad], { DATABASE_PATH: target });
    expect(result.code).toBe(1);
    expect(fs.existsSync(target)).toBe(false);
  });
});
