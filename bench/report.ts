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
    r[1].startsWith("skipped") ? `${r[0].padEnd(widths[0])}  ${r[1]}` : r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
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
  lines.push(`Start until /healthz answers: \`npm start\` ${report.npmStartMs?.toFixed(0) ?? "–"} ms, \`node server/index.js\` ${report.startupMs.toFixed(0)} ms. Idle RSS: ${report.idleRssMb.toFixed(0)} MB` +
    (report.idleRssAfterMb ? ` at start, ${report.idleRssAfterMb.toFixed(0)} MB after the run.` : "."));
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
