// The table on the terminal, bench/results/latest.json and bench/results/latest.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Row } from "./scenarios";

export type Report = {
  when: string;
  mode: "quick" | "full";
  machine: { cpus: string; cores: number; memoryGb: number; node: string; platform: string };
  dataset: Record<string, number>;
  generateSeconds: number;
  sessionsSeconds: number;
  startupMs: number;
  /** `npm start` (with its build check) until /healthz answers. */
  npmStartMs?: number;
  idleRssMb: number;
  idleRssAfterMb?: number;
  rows: Row[];
  failedChecks: string[];
};

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || Number.isNaN(n) ? "–" : n.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });

function cells(row: Row) {
  if (row.skipped) return [row.name, `skipped: ${row.skipped}`, "", "", "", "", "", "", ""];
  return [
    row.name,
    row.rps === undefined ? "–" : fmt(row.rps),
    row.p50 === undefined ? "–" : fmt(row.p50, 1),
    row.p99 === undefined ? "–" : fmt(row.p99, 1),
    fmt(row.errors),
    row.peakRssMb === undefined ? "–" : fmt(row.peakRssMb),
    row.cpuPercent === undefined ? "–" : fmt(row.cpuPercent),
    row.cpuMsPerRequest === undefined ? "–" : fmt(row.cpuMsPerRequest, 2),
    row.ratio === undefined ? "–" : row.ratio >= 0.995 ? "1.00" : fmt(row.ratio, 3),
  ];
}

const HEAD = ["scenario", "req/s", "p50 ms", "p99 ms", "errors", "peak RSS MB", "CPU %", "CPU ms/req", "× baseline"];

export function printTable(rows: Row[]) {
  const body = rows.map(cells);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...body.filter((r) => !r[1].startsWith("skipped")).map((r) => r[i].length)));
  const line = (r: string[]) =>
    r[1].startsWith("skipped")
      ? `${r[0].padEnd(widths[0])}  ${r[1]}`
      : r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(line(HEAD));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of body) console.log(line(r));
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** The issue's targets against this run's figures (reported, never asserted). */
export function targets(report: Report) {
  const row = (name: string) => report.rows.find((r) => r.name === name && !r.skipped);
  const checksOk = (name: string) => (row(name)?.checks ?? []).every((c) => c.ok);
  const out: { target: string; measured: string; met: boolean | null }[] = [];
  const add = (target: string, measured: string | undefined, met: boolean | undefined) =>
    out.push({ target, measured: measured ?? "not measured", met: measured === undefined ? null : Boolean(met) });
  const board = row("board-page");
  add(
    "board page ≥ 1,000 req/s, p99 < 100 ms (50 connections)",
    board && `${fmt(board.rps)} req/s, p99 ${fmt(board.p99, 0)} ms`,
    board && board.rps! >= 1000 && board.p99! < 100,
  );
  const boardBr = row("board-page-br");
  add(
    "board page compressed (Accept-Encoding: br) ≥ 1,000 req/s, p99 < 100 ms",
    boardBr && `${fmt(boardBr.rps)} req/s, p99 ${fmt(boardBr.p99, 0)} ms`,
    boardBr && boardBr.rps! >= 1000 && boardBr.p99! < 100,
  );
  const votes = row("votes");
  add(
    "votes ≥ 1,500/s, p99 < 50 ms, none lost or over budget",
    votes && `${fmt(votes.rps)}/s, p99 ${fmt(votes.p99, 0)} ms, checks ${checksOk("votes") ? "pass" : "FAIL"}`,
    votes && votes.rps! >= 1500 && votes.p99! < 50 && checksOk("votes"),
  );
  const search = row("search");
  const p95 = search?.extra?.sequentialP95 as number | undefined;
  add(
    "search over 100,000 notes: p95 < 20 ms server time",
    search && `p95 ${fmt(p95, 1)} ms (one request at a time, whole page)`,
    p95 !== undefined && p95 < 20,
  );
  const sse = report.rows.filter((r) => /^sse-\d+$/.test(r.name) && !r.skipped).at(-1);
  add(
    "2,000 SSE clients, vote to all p99 < 500 ms, RSS < 300 MB",
    sse && `${sse.name}: p99 ${fmt(sse.p99, 0)} ms, peak RSS ${fmt(sse.peakRssMb)} MB`,
    sse && sse.name === "sse-2000" && sse.p99! < 500 && sse.peakRssMb! < 300 && checksOk(sse.name),
  );
  const burst = row("registration-burst");
  add(
    "registration burst: exactly the seats confirmed, no 5xx",
    burst && (checksOk("registration-burst") ? "pass" : "FAIL"),
    burst && checksOk("registration-burst"),
  );
  add("idle RSS < 150 MB", `${fmt(report.idleRssMb)} MB`, report.idleRssMb < 150);
  add(
    "`npm start` healthy < 2 s",
    report.npmStartMs === undefined ? undefined : `${fmt(report.npmStartMs)} ms`,
    (report.npmStartMs ?? Infinity) < 2000,
  );
  return out;
}

export function markdown(report: Report) {
  const lines: string[] = [];
  lines.push(`# Benchmark ${report.mode === "quick" ? "(quick)" : "(full)"} — ${report.when}`);
  lines.push("");
  lines.push(
    `Machine: ${report.machine.cores} × ${report.machine.cpus}, ${report.machine.memoryGb} GB, Node ${report.machine.node}. ` +
      `Load generator on the same host.`,
  );
  lines.push("");
  lines.push(
    `Data set: ${Object.entries(report.dataset)
      .map(([k, v]) => `${v.toLocaleString("en")} ${k}`)
      .join(", ")} — generated in ${report.generateSeconds.toFixed(1)} s (+ ${report.sessionsSeconds.toFixed(1)} s login sessions).`,
  );
  lines.push("");
  lines.push(
    `Start until /healthz answers: \`npm start\` ${report.npmStartMs?.toFixed(0) ?? "–"} ms, \`node server/index.js\` ${report.startupMs.toFixed(0)} ms. Idle RSS: ${report.idleRssMb.toFixed(0)} MB` +
      (report.idleRssAfterMb ? ` at start, ${report.idleRssAfterMb.toFixed(0)} MB after the run.` : "."),
  );
  lines.push("");
  lines.push(`| ${HEAD.join(" | ")} |`);
  lines.push(`|${HEAD.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`);
  for (const row of report.rows) {
    const c = cells(row);
    lines.push(`| ${row.skipped ? `${c[0]} | ${c[1]} | | | | | | | ` : c.join(" | ")} |`);
  }
  lines.push("");
  lines.push("What each row is:");
  lines.push("");
  for (const row of report.rows) lines.push(`- **${row.name}**: ${row.what}`);
  lines.push("");
  lines.push(`Targets (issue 8)${report.mode === "quick" ? " — quick run, smaller data and fewer clients than the targets assume" : ""}:`);
  lines.push("");
  lines.push("| target | measured | met |");
  lines.push("| --- | --- | --- |");
  for (const t of targets(report)) lines.push(`| ${t.target} | ${t.measured} | ${t.met === null ? "–" : t.met ? "yes" : "no"} |`);
  const checks = report.rows.flatMap((r) => (r.checks ?? []).map((c) => ({ row: r.name, ...c })));
  if (checks.length) {
    lines.push("");
    lines.push("Checks:");
    lines.push("");
    for (const c of checks) lines.push(`- ${c.ok ? "✅" : "❌"} ${c.row}: ${c.name} — ${c.detail}`);
  }
  lines.push("");
  return lines.join("\n");
}

export function writeReport(report: Report, dir = path.resolve("bench/results")) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "latest.json"), JSON.stringify(report, null, 2) + "\n");
  fs.writeFileSync(path.join(dir, "latest.md"), markdown(report));
  return dir;
}
