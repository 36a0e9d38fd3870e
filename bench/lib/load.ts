// autocannon, with our own latency record of every response (autocannon's histogram
// keeps only 2xx latencies, and redirects after a form post are 303s) so percentiles
// cover everything the server answered.
import http from "node:http";
import autocannon from "autocannon";

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

export type LoadOptions = {
  url: string;
  connections: number;
  seconds: number;
  /** A fixed number of requests instead of a duration: every response is awaited. */
  amount?: number;
  /**
   * Seconds of the same load, on the same connections, before measuring starts (JIT and
   * caches warm, connections open, as in a running service); responses finished in this
   * time are not counted. `onMeasure` is called when measuring starts.
   */
  warmUpSeconds?: number;
  onMeasure?: () => void;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  requests?: autocannon.Request[];
};

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const warmUpMs = options.amount ? 0 : (options.warmUpSeconds ?? 0) * 1000;
  const runStarted = performance.now();
  let started = runStarted + warmUpMs;
  const measureTimer = setTimeout(() => {
    started = performance.now();
    options.onMeasure?.();
  }, warmUpMs);
  let instance!: autocannon.Instance;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.seconds + warmUpMs / 1000,
        amount: options.amount,
        method: options.method ?? "GET",
        headers: options.headers,
        body: options.body,
        requests: options.requests,
        timeout: 10,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
  const finishedAt: number[] = [];
  instance.on("response", (_client, statusCode, _bytes, responseTime) => {
    if (performance.now() - runStarted < warmUpMs) return;
    latencies.push(responseTime);
    finishedAt.push(performance.now() - started);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  const result = await finished;
  clearTimeout(measureTimer);
  const seconds = Math.max(0.001, (performance.now() - started) / 1000);
  const summary = summarise(latencies, statuses, result.errors + result.timeouts, seconds);
  summary.slowest = latencies
    .map((ms, i) => ({ atSeconds: Number((finishedAt[i] / 1000).toFixed(2)), ms: Number(ms.toFixed(1)) }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 8);
  return summary;
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
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started, headers: res.headers }),
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
