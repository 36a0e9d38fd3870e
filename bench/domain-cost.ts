// How fast the domain layer and SQLite are on their own (no HTTP, no rendering): dot votes
// cast and taken back through the board's own functions, each in its BEGIN IMMEDIATE
// transaction. Shows how much of a vote's cost is the database and how much the web stack.
//   npx tsx bench/domain-cost.ts [--n=2000]
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { QUICK } from "./config";

const n = Number(process.argv.find((a) => a.startsWith("--n="))?.slice(4) ?? 2000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kx-domain-"));
Object.assign(process.env, {
  NODE_ENV: "production",
  DATABASE_PATH: path.join(dir, "bench.db"),
  SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
  SEED_DEMO: "0",
});

const { generateDataset } = await import("./data");
const fixture = await generateDataset(QUICK.sizes);
const { castVote, retractVote } = await import("../app/board/dot-votes.server");

const voters = fixture.voters.map((v) => ({ id: v.id }));
const topic = (i: number) => fixture.topicIds[i % fixture.topicIds.length];
for (let i = 0; i < 200; i++) {
  castVote(fixture.boardId, topic(i), voters[i % voters.length]);
  retractVote(fixture.boardId, topic(i), voters[i % voters.length]);
}
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  const voter = voters[i % voters.length];
  castVote(fixture.boardId, topic(i), voter);
  retractVote(fixture.boardId, topic(i), voter);
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(
  `castVote + retractVote: ${((2 * n) / (ms / 1000)).toFixed(0)} operations/s, ` +
    `${((cpu.user + cpu.system) / 1000 / (2 * n)).toFixed(3)} ms CPU each (${n} pairs, one at a time)`,
);
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
