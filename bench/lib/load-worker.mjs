// @ts-check
// The load generator, in a plain `node` process of its own: autocannon run inside the tsx
// orchestrator (ESM loader hooks, a heap full of generated data) served new connections
// late and inflated tail latencies by seconds. Reads a JSON plan from the file named in
// argv[2], prints "MEASURE" when the warm-up ends, writes the results as JSON to the file
// named in argv[3] and then prints "DONE" (results can be megabytes: not through a pipe).
import fs from "node:fs";
import autocannon from "autocannon";

const options = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const plan = options.plan ?? { kind: "plain" };
const counters = { castOk: 0, retractOk: 0, rejected: /** @type {Record<string, number>} */ ({}) };

/** @returns {import("autocannon").Request[] | undefined} */
function requests() {
  if (plan.kind === "rotate") {
    let i = 0;
    const encoding = plan.acceptEncoding ? { "accept-encoding": plan.acceptEncoding } : {};
    return [{ method: "GET", path: plan.path, setupRequest: (req) => ({ ...req, headers: { ...req.headers, ...encoding, cookie: plan.cookies[i++ % plan.cookies.length] } }) }];
  }
  if (plan.kind === "paths") {
    let i = 0;
    return [{ method: "GET", path: plan.paths[0], setupRequest: (req) => ({ ...req, path: plan.paths[i++ % plan.paths.length] }) }];
  }
  if (plan.kind === "votes") {
    // Each connection casts a dot as the next attendee, then takes the same dot back.
    let nextVoter = 0;
    let topicSeed = 0;
    const headers = { "content-type": "application/x-www-form-urlencoded", origin: plan.origin };
    const count = (key, status) => {
      if (status < 400) counters[key === "vote" ? "castOk" : "retractOk"]++;
      else counters.rejected[`${key} ${status}`] = (counters.rejected[`${key} ${status}`] ?? 0) + 1;
    };
    return [
      {
        method: "POST",
        path: plan.path,
        setupRequest: (req, context) => {
          context.cookie = plan.cookies[nextVoter++ % plan.cookies.length];
          context.topicId = plan.topicIds[(topicSeed++ * 7) % plan.topicIds.length];
          return { ...req, headers: { ...headers, cookie: context.cookie }, body: `intent=vote&topicId=${context.topicId}` };
        },
        onResponse: (status) => count("vote", status),
      },
      {
        method: "POST",
        path: plan.path,
        setupRequest: (req, context) => ({ ...req, headers: { ...headers, cookie: context.cookie }, body: `intent=unvote&topicId=${context.topicId}` }),
        onResponse: (status) => count("unvote", status),
      },
    ];
  }
  return undefined;
}

const warmUpMs = options.amount ? 0 : (options.warmUpSeconds ?? 0) * 1000;
const runStarted = performance.now();
let started = runStarted + warmUpMs;
const latencies = [];
const finishedAt = [];
/** @type {Record<string, number>} */
const statuses = {};
const measureTimer = setTimeout(() => {
  started = performance.now();
  process.stdout.write("MEASURE\n");
}, warmUpMs);

const instance = autocannon(
  {
    url: options.url,
    connections: options.connections,
    duration: options.seconds + warmUpMs / 1000,
    amount: options.amount,
    method: options.method ?? "GET",
    headers: options.headers,
    body: options.body,
    requests: requests(),
    timeout: 10,
  },
  (error, result) => {
    clearTimeout(measureTimer);
    const seconds = Math.max(0.001, (performance.now() - started) / 1000);
    fs.writeFileSync(
      process.argv[3],
      JSON.stringify(
        error ? { error: String(error) } : { latencies, finishedAt, statuses, socketErrors: result.errors + result.timeouts, seconds, counters },
      ),
    );
    process.stdout.write("DONE\n", () => process.exit(0));
  },
);
instance.on("response", (_client, statusCode, _bytes, responseTime) => {
  if (performance.now() - runStarted < warmUpMs) return;
  latencies.push(Math.round(responseTime * 100) / 100);
  finishedAt.push(Math.round(performance.now() - started));
  statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
});
