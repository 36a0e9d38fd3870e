// Child processes under test: the production server (`node server/index.js`, i.e. what
// `npm start` runs after its build check) and the bare node:http baseline. Their RSS and
// CPU are read from /proc while scenarios run.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type Sampler = { stop: () => { peakRssMb: number; cpuPercent: number } };

export type ServerHandle = {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Milliseconds from spawn until /healthz answered 200. */
  startupMs: number;
  rssMb: () => number;
  sample: () => Sampler;
  stop: () => Promise<void>;
  log: () => string;
};

const CLOCK_TICKS = 100; // USER_HZ on Linux

function readRssMb(pid: number) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

function readCpuTicks(pid: number) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return NaN;
  }
}

function sampler(pid: number): Sampler {
  let peak = readRssMb(pid);
  const ticks0 = readCpuTicks(pid);
  const t0 = performance.now();
  const timer = setInterval(() => {
    const rss = readRssMb(pid);
    if (rss > peak || Number.isNaN(peak)) peak = rss;
  }, 50);
  return {
    stop() {
      clearInterval(timer);
      const rss = readRssMb(pid);
      if (rss > peak) peak = rss;
      const seconds = (performance.now() - t0) / 1000;
      const cpu = ((readCpuTicks(pid) - ticks0) / CLOCK_TICKS / seconds) * 100;
      return { peakRssMb: peak, cpuPercent: cpu };
    },
  };
}

async function waitForHealthy(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`server not healthy within ${timeoutMs} ms`);
}

function spawnAndWait(
  args: string[],
  env: NodeJS.ProcessEnv,
  healthPath: string,
  portPattern: RegExp,
  command = process.execPath,
): Promise<ServerHandle> {
  const started = performance.now();
  // Own process group, so `npm start` and the node it runs stop together.
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  return new Promise<ServerHandle>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`server exited early (code ${code}):\n${output.slice(-4000)}`));
    child.once("exit", onExit);
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s:\n${output.slice(-4000)}`)), 30_000);
    const onData = async () => {
      const match = portPattern.exec(output);
      if (!match) return;
      child.stdout!.off("data", onData);
      const url = `http://127.0.0.1:${match[1]}`;
      try {
        await waitForHealthy(url + healthPath, child, 10_000);
      } catch (error) {
        clearTimeout(timer);
        return reject(error);
      }
      clearTimeout(timer);
      child.off("exit", onExit);
      const startupMs = performance.now() - started;
      resolve({
        url,
        pid: child.pid!,
        child,
        startupMs,
        rssMb: () => readRssMb(child.pid!),
        sample: () => sampler(child.pid!),
        log: () => output,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            const kill = setTimeout(() => {
              try {
                process.kill(-child.pid!, "SIGKILL");
              } catch {
                child.kill("SIGKILL");
              }
            }, 10_000);
            child.once("exit", () => {
              clearTimeout(kill);
              done();
            });
            try {
              process.kill(-child.pid!, "SIGINT");
            } catch {
              child.kill("SIGINT");
            }
          }),
      });
    };
    child.stdout!.on("data", onData);
  });
}

type AppOptions = {
  buildDir: string;
  databasePath: string;
  sessionSecret: string;
  cpuProfileDir?: string;
  /** Seed the demo (accounts with known passwords): the phone benchmark signs in as the demo attendee. */
  seedDemo?: boolean;
  /** Another server entry than server/index.js (the phone benchmark's "before" variant). */
  serverEntry?: string;
};

/** The node flags `npm start` uses (package.json), so the measured server runs as users run it. */
function startScriptFlags(): string[] {
  const start: string = JSON.parse(fs.readFileSync(path.resolve("package.json"), "utf8")).scripts.start;
  return start.split(/\s+/).filter((arg) => arg.startsWith("--"));
}

export function startAppServer(options: AppOptions): Promise<ServerHandle> {
  // BENCH_NODE_FLAGS="--trace-gc …" adds flags to the server's node (experiments; a later
  // --max-old-space-size wins over the one from package.json).
  const args: string[] = [...startScriptFlags(), ...(process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean)];
  if (options.cpuProfileDir) args.push("--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`);
  args.push(path.resolve(options.serverEntry ?? "server/index.js"));
  return spawnAndWait(args, appEnv(options), "/healthz", /listening on http:\/\/[^:]+:(\d+)/);
}

/** `npm start` exactly as a user runs it (its build check included), for the start-up time. */
export function startWithNpmStart(options: AppOptions): Promise<ServerHandle> {
  return spawnAndWait(["start"], appEnv(options), "/healthz", /listening on http:\/\/[^:]+:(\d+)/, "npm");
}

function appEnv(options: AppOptions): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? os.homedir(),
    NODE_ENV: "production",
    BUILD_DIR: options.buildDir,
    DATABASE_PATH: options.databasePath,
    SESSION_SECRET: options.sessionSecret,
    SEED_DEMO: options.seedDemo ? "1" : "0",
    ADMIN_EMAILS: "admin@bench.example",
    PORT: "0",
    HOST: "127.0.0.1",
    // One load generator, one IP: the per-IP limits (e.g. 20 registrations an hour)
    // would otherwise turn the burst into 429s. Documented in bench/README.md.
    KX_RATE_LIMIT_MULTIPLIER: "100000",
    // Likewise every SSE client comes from 127.0.0.1: the per-address cap of live streams
    // (1,000, for a venue's phones behind one address) would refuse half of sse-2000.
    LIVE_STREAMS_PER_ADDRESS: "4000",
    // The search scenario repeats ten queries: with the notes search outcome cache on it
    // would measure the cache. Cold by default; KX_NOTES_SEARCH_CACHE=on for warm figures.
    KX_NOTES_SEARCH_CACHE: process.env.KX_NOTES_SEARCH_CACHE === "on" ? "on" : "off",
  };
}

export function startBaselineServer(bodyFile: string, contentType: string): Promise<ServerHandle> {
  const script = path.resolve("bench/baseline-server.js");
  return spawnAndWait([script], { ...process.env, BODY_FILE: bodyFile, CONTENT_TYPE: contentType }, "/", /baseline listening on (\d+)/);
}

/** The phone benchmark's static baseline (bench/phone-static-server.js), serving what `manifestFile` lists. */
export function startPhoneBaseline(manifestFile: string, healthPath: string): Promise<ServerHandle> {
  return spawnAndWait(
    [path.resolve("bench/phone-static-server.js")],
    { ...process.env, PHONE_MANIFEST: manifestFile },
    healthPath,
    /phone baseline listening on http:\/\/[^:]+:(\d+)/,
  );
}
