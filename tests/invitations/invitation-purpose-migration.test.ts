// Migration 0015 (invitation purpose): before it, a link sent at the door to a walk-in was
// known by its label's prefix "Walk-in at the door: ". The migration marks those rows
// "walk_in", so links already sent keep opening a closed registration; every other row,
// whatever its label, becomes an "invitation".
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { runMigrations } from "#db/migrate";
import { databaseMigratedBefore } from "../helpers/migrations";

it("marks rows with the old walk-in label as walk_in, and only those", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kx-mig-"));
  try {
    const db = databaseMigratedBefore("0015_invitation_purpose", dir);
    const sqlite = db.$client;
    const now = Date.now();
    sqlite
      .prepare(
        `INSERT INTO events (slug, title, format, time_zone, starts_at, ends_at, capacity, status, created_at, updated_at)
         VALUES ('e', 'E', 'mixed', 'UTC', ?, ?, 10, 'published', ?, ?)`,
      )
      .run(now, now + 3600_000, now, now);
    const labels = ["Walk-in at the door: priya@partner.example", "Beacon platform team", "walk-in at the door: lower@case.example", ""];
    const insert = sqlite.prepare(
      "INSERT INTO invitations (event_id, token_hash, label, max_uses, expires_at, created_at) VALUES (1, ?, ?, 1, ?, ?)",
    );
    labels.forEach((label, i) => insert.run(`hash-${i}`, label, now + 86_400_000, now));

    runMigrations(db);
    const purposes = sqlite.prepare("SELECT label, purpose FROM invitations ORDER BY id").all();
    expect(purposes).toEqual([
      { label: labels[0], purpose: "walk_in" },
      { label: labels[1], purpose: "invitation" },
      { label: labels[2], purpose: "invitation" },
      { label: labels[3], purpose: "invitation" },
    ]);
    sqlite.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
