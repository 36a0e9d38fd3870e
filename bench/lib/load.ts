// autocannon (in its own process, see load-worker.mjs), with our own latency record of
// every response (autocannon's histogram keeps only 2xx latencies, and redirects after a
// form post are 302/303s) so percentiles cover everything the server answered.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

export type LoadResult = {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Responses with status >= 400 plus socket errors and timeouts. */
  errors: number;
  statuses: Record<string, number>;
  seconds: number;
  /** When (s into the run) the slowest responses finished, to tell warm-up from stalls. */
  slowest?: { atSeconds: number; ms: number }[];
};

export function percentile(sorted: ArrayLike<number>, p: number) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function summarise(latencies: number[], statuses: Record<string, number>, socketErrors: number, seconds: number): LoadResult {
  const sorted = Float64Array.from(latencies).sort();
  let errors = socketErrors;
  for (const [code, n] of Object.entries(statuses)) if (Number(code) >= 400) errors += n;
  return {
    requests: latencies.length,
    rps: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    errors,
    statuses,
    seconds,
  };
}

/** What each connection sends, declaratively (the load generator runs in its own process). */
export type LoadPlan =
  | { kind: "rotate"; path: string; cookies: string[]; acceptEncoding?: string }
  | { kind: "paths"; paths: string[] }
  | { kind: "votes"; path: string; origin: string; cookies: string[]; topicIds: number[] };

export type LoadOptions = {
  url: string;
  connections: number;
  seconds: number;
  /** A fixed number of requests instead of a duration: every response is awaited. */
  amount?: number;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  plan?: LoadPlan;
  /**
   * Seconds of the same load, on the same connections, before measuring starts (JIT and
   * caches warm, connections open, as in a running service); responses finished in this
   * time are not counted. `onMeasure` is called when measuring starts.
   */
  warmUpSeconds?: number;
  onMeasure?: () => void;
};

export type VoteCounters = { castOk: number; retractOk: number; rejected: Record<string, number> };

/**
 * Runs autocannon in a separate plain `node` process (bench/lib/load-worker.mjs): inside
 * this tsx process it served new connections late and added seconds to tail latencies.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult & { counters: VoteCounters }> {
  const { onMeasure, ...plan } = options;
  const file = path.join(os.tmpdir(), `kx-bench-load-${process.pid}-${Date.now()}.json`);
  const resultFile = `${file}.result`;
  fs.writeFileSync(file, JSON.stringify(plan));
  const worker = spawn(process.execPath, [path.resolve("bench/lib/load-worker.mjs"), file, resultFile], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  worker.stdout!.setEncoding("utf8");
  worker.stdout!.on("data", (chunk: string) => {
    if (chunk.includes("MEASURE")) onMeasure?.();
  });
  await new Promise<void>((resolve, reject) => {
    worker.on("error", reject);
    worker.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`load generator exited with ${code}`))));
  });
  const output = fs.readFileSync(resultFile, "utf8");
  fs.rmSync(file, { force: true });
  fs.rmSync(resultFile, { force: true });
  const data = JSON.parse(output) as {
    error?: string;
    latencies: number[];
    finishedAt: number[];
    statuses: Record<string, number>;
    socketErrors: number;
    seconds: number;
    counters: VoteCounters;
  };
  if (data.error) throw new Error(data.error);
  const summary = summarise(data.latencies, data.statuses, data.socketErrors, data.seconds);
  summary.slowest = data.latencies
    .map((ms, i) => ({ atSeconds: Number((data.finishedAt[i] / 1000).toFixed(2)), ms }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 8);
  return { ...summary, counters: data.counters };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

/** One request with a keep-alive agent; resolves with status, body and elapsed ms. */
export function request(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; agent?: http.Agent | false } = {},
): Promise<{ status: number; body: string; ms: number; headers: http.IncomingHttpHeaders }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: init.method ?? "GET", headers: init.headers, agent: init.agent === undefined ? agent : init.agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
            ms: performance.now() - started,
            headers: res.headers,
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    if (init.body) req.write(init.body);
    req.end();
  });
}

export function formBody(fields: Record<string, string>) {
  return new URLSearchParams(fields).toString();
}
