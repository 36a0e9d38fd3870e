// `npm run bench` (full) and `npm run bench -- --quick` (small, < 1 minute, what CI runs).
//
//   --quick            small data set, short runs, fewer SSE clients
//   --only=a,b         run only these scenarios (names as in the table; baseline is added
//                      when a ratio is wanted, unless --no-baseline)
//   --skip=a,b         leave these out
//   --profile          start the server with --cpu-prof; profiles go to bench/results/profiles
//   --keep             keep the temporary database folder
//   --no-build         use $BUILD_DIR as it is (A/B runs of a variant build)
//   --seconds=N --connections=N --sse=1000,2000   override the run's durations/sizes
//
// Exit code 0 when every scenario ran (or was skipped because its route is not there yet)
// and every correctness check passed; timings are reported, never asserted.
import { execSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { FULL, QUICK } from "./config";
import { request } from "./lib/load";
import { startAppServer, startWithNpmStart } from "./lib/process";
import { machine, printTable, targets, writeReport, type Report } from "./report";
import {
  baseline,
  boardPage,
  boardPageCompressed,
  eventPage,
  eventPageRendered,
  healthz,
  registrationBurst,
  schedulePage,
  search,
  sseScenario,
  voting,
  votingWithoutJs,
  type Context,
  type Row,
  type Scenario,
} from "./scenarios";

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const list = (name: string) =>
  args
    .find((a) => a.startsWith(`--${name}=`))
    ?.slice(name.length + 3)
    .split(",")
    .filter(Boolean);

const quick = flag("quick");
const config = structuredClone(quick ? QUICK : FULL);
const value = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
if (value("seconds")) config.load.seconds = Number(value("seconds"));
if (value("connections")) config.load.connections = Number(value("connections"));
if (value("sse")) config.load.sseClients = value("sse")!.split(",").map(Number);
const only = list("only");
const skipped = new Set(list("skip") ?? []);
const buildDir = process.env.BUILD_DIR || ".builds/bench";

/** Builds into BUILD_DIR when `npm start` would (same staleness rule: scripts/ensure-build.js). */
async function ensureBuild() {
  process.env.BUILD_DIR = buildDir;
  const { buildIsStale } = (await import("../scripts/ensure-build.js")) as { buildIsStale: () => string | null };
  const reason = buildIsStale();
  // The precompressed assets `npm start` serves (ADR 020).
  const { compressAssets } = (await import("../scripts/compress-assets.js")) as { compressAssets: (dir: string) => unknown };
  if (!reason) {
    compressAssets(path.join(buildDir, "public"));
    console.log(`Using the build in ${buildDir} (up to date).`);
    return;
  }
  console.log(`${reason}: building the app into ${buildDir}…`);
  const started = performance.now();
  execSync("npx remix build", {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, BUILD_DIR: buildDir, NODE_ENV: "production" },
  });
  compressAssets(path.join(buildDir, "public"));
  console.log(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

async function main() {
  if (!flag("no-build")) await ensureBuild();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kx-bench-"));
  const databasePath = path.join(dir, "bench.db");
  const sessionSecret = crypto.randomBytes(32).toString("hex");
  // The data generator and createLoginSession run in this process against the same file.
  process.env.NODE_ENV = "production";
  process.env.DATABASE_PATH = databasePath;
  process.env.SESSION_SECRET = sessionSecret;
  process.env.SEED_DEMO = "0";
  process.env.ADMIN_EMAILS = "admin@bench.example";

  console.log(`${quick ? "Quick" : "Full"} run. Generating the data set in ${dir}…`);
  const { generateDataset } = await import("./data");
  const { closeDb } = await import("../db/client");
  const fixture = await generateDataset(config.sizes);
  console.log(
    `  ${Object.entries(fixture.counts)
      .map(([k, v]) => `${v.toLocaleString("en")} ${k}`)
      .join(", ")}`,
  );
  console.log(`  in ${(fixture.generateMs / 1000).toFixed(1)} s (+ ${(fixture.sessionsMs / 1000).toFixed(1)} s login sessions)`);
  closeDb();

  // Start-up as a user sees it: `npm start` on a built app until /healthz answers.
  let npmStartMs: number | undefined;
  if (!flag("no-npm-start")) {
    const started = await startWithNpmStart({ buildDir, databasePath, sessionSecret });
    npmStartMs = started.startupMs;
    await started.stop();
    console.log(`npm start → healthy in ${npmStartMs.toFixed(0)} ms.`);
  }

  const profileDir = flag("profile") ? path.resolve("bench/results/profiles") : undefined;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const app = await startAppServer({ buildDir, databasePath, sessionSecret, cpuProfileDir: profileDir });
  console.log(`Server up at ${app.url} (pid ${app.pid}) in ${app.startupMs.toFixed(0)} ms.`);

  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  const rows: Row[] = [];
  let idleRssMb = NaN;
  let idleRssAfterMb: number | undefined;
  let crashed: unknown;
  try {
    // Sanity: the generated cookies are accepted by the running server.
    const account = await request(app.url + "/account", { headers: { Cookie: fixture.voters[0].cookie } });
    if (account.status !== 200) throw new Error(`generated session cookie rejected: /account answered ${account.status}`);
    // Warm up the routes once, then settle before reading idle memory.
    for (const p of ["/", `/events/${fixture.mainSlug}`, `/events/${fixture.mainSlug}/board`, "/notes?q=team"]) {
      await request(app.url + p, { headers: { Cookie: fixture.voters[0].cookie } });
    }
    await new Promise((r) => setTimeout(r, 1000));
    idleRssMb = app.rssMb();
    console.log(`Idle RSS ${idleRssMb.toFixed(0)} MB.\n`);

    const scenarios: Scenario[] = [
      baseline,
      healthz,
      eventPage,
      eventPageRendered,
      boardPage,
      boardPageCompressed,
      schedulePage,
      search,
      voting,
      votingWithoutJs,
      ...config.load.sseClients.map((n) => sseScenario(n)),
      ...(config.load.sseReloadClients ? [sseScenario(config.load.sseReloadClients, { reload: true })] : []),
      registrationBurst,
    ];
    const ctx: Context = { app, fixture, load: config.load, quick, db };
    for (const scenario of scenarios) {
      const wanted =
        (!only || only.includes(scenario.name) || (scenario === baseline && !flag("no-baseline"))) && !skipped.has(scenario.name);
      if (!wanted) continue;
      process.stdout.write(`• ${scenario.name}… `);
      const started = performance.now();
      try {
        const row = await scenario.run(ctx);
        rows.push(row);
        console.log(row.skipped ? `skipped: ${row.skipped}` : `done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        for (const check of row.checks ?? []) if (!check.ok) console.log(`    ✗ ${check.name}: ${check.detail}`);
        if (row.checks?.some((c) => !c.ok && c.name === "no 5xx")) {
          console.log(`    server log (last lines):\n${app.log().slice(-3000).replace(/^/gm, "      ")}`);
        }
      } catch (error) {
        console.log("failed");
        console.error(error);
        rows.push({ name: scenario.name, what: "failed", checks: [{ name: "ran", ok: false, detail: String(error) }] });
      }
      if (app.child.exitCode !== null) throw new Error(`the server died during ${scenario.name}:\n${app.log().slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
    idleRssAfterMb = app.rssMb();
  } catch (error) {
    crashed = error;
  } finally {
    db.close();
    await app.stop();
    if (!flag("keep")) fs.rmSync(dir, { recursive: true, force: true });
    else console.log(`Kept ${dir}`);
  }
  if (crashed) throw crashed;

  const failedChecks = rows.flatMap((r) => (r.checks ?? []).filter((c) => !c.ok).map((c) => `${r.name}: ${c.name} — ${c.detail}`));
  const report: Report = {
    when: new Date().toISOString(),
    mode: quick ? "quick" : "full",
    machine: machine(),
    dataset: fixture.counts,
    generateSeconds: fixture.generateMs / 1000,
    sessionsSeconds: fixture.sessionsMs / 1000,
    startupMs: app.startupMs,
    npmStartMs,
    idleRssMb,
    idleRssAfterMb,
    rows,
    failedChecks,
  };
  console.log("");
  printTable(rows);
  console.log(
    `\nnpm start → healthy ${npmStartMs?.toFixed(0) ?? "–"} ms; node server/index.js → healthy ${app.startupMs.toFixed(0)} ms, idle RSS ${idleRssMb.toFixed(0)} MB (after the run ${idleRssAfterMb?.toFixed(0) ?? "–"} MB).`,
  );
  console.log(`\nTargets${quick ? " (quick run: smaller than the targets assume)" : ""}:`);
  for (const t of targets(report)) console.log(`  ${t.met === null ? "–  " : t.met ? "met" : "NOT"}  ${t.target}: ${t.measured}`);
  const out = writeReport(report);
  console.log(`Wrote ${path.relative(process.cwd(), out)}/latest.json and latest.md.`);
  if (process.env.BENCH_SERVER_LOG) fs.writeFileSync(process.env.BENCH_SERVER_LOG, app.log());
  if (profileDir)
    console.log(`CPU profile in ${path.relative(process.cwd(), profileDir)} (summarise: npx tsx bench/profile-summary.ts <file>).`);
  if (failedChecks.length) {
    console.error(`\n${failedChecks.length} check(s) failed:\n  ${failedChecks.join("\n  ")}`);
    process.exitCode = 1;
  }
}

main()
  // Keep-alive sockets and timers of the load generators must not hold the process open.
  .then(() => process.exit(process.exitCode ?? 0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
