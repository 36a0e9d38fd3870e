// The scenarios of issue 8. Each returns a row for the table; a scenario whose route is
// not in the app yet returns `skipped`.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type Database from "better-sqlite3";
import zlib from "node:zlib";
import type { Durations } from "./config";
import type { Fixture } from "./data";
import { formBody, request, runLoad as runLoadOnce, summarise, type LoadOptions, type LoadResult } from "./lib/load";
import { startBaselineServer, type ServerHandle } from "./lib/process";
import { sseFanout } from "./lib/sse";

export type Row = {
  name: string;
  what: string;
  skipped?: string;
  rps?: number;
  p50?: number;
  p95?: number;
  p99?: number;
  errors?: number;
  peakRssMb?: number;
  cpuPercent?: number;
  /** Server CPU time per request (robust to a busy machine: what one request costs). */
  cpuMsPerRequest?: number;
  /** requests/s as a fraction of the baseline's. */
  ratio?: number;
  /** Checks of correctness (exactly 100 confirmed, nothing over budget…). */
  checks?: { name: string; ok: boolean; detail: string }[];
  extra?: Record<string, unknown>;
  statuses?: Record<string, number>;
};

export type Context = {
  app: ServerHandle;
  fixture: Fixture;
  load: Durations;
  quick: boolean;
  /** Read-only connection to the server's database, for checks after a scenario. */
  db: Database.Database;
  baselineRps?: number;
};

export type Scenario = { name: string; run: (ctx: Context) => Promise<Row> };

/** Whether the app has a route file (or folder) whose name starts with `prefix`. */
export function hasRoute(prefix: string) {
  const dir = path.resolve("app/routes");
  return fs.readdirSync(dir).some((f) => f === prefix || f.startsWith(`${prefix}.`) || f.startsWith(`${prefix}[`));
}

/** A throughput run (not sampled) with the usual warm-up unless `noWarmUp`. */
async function runLoad(options: LoadOptions & { noWarmUp?: boolean }) {
  return runLoadOnce({ ...options, warmUpSeconds: options.noWarmUp ? 0 : 1 });
}

const skip = (name: string, what: string, route: string): Row => ({ name, what, skipped: `route not present (${route})` });

function loadRow(name: string, what: string, result: LoadResult, sample: { peakRssMb: number; cpuPercent: number }, ctx: Context): Row {
  return {
    name,
    what,
    rps: result.rps,
    p50: result.p50,
    p95: result.p95,
    p99: result.p99,
    errors: result.errors,
    peakRssMb: sample.peakRssMb,
    cpuPercent: sample.cpuPercent,
    cpuMsPerRequest: result.requests ? ((sample.cpuPercent / 100) * result.seconds * 1000) / result.requests : undefined,
    ratio: ctx.baselineRps ? result.rps / ctx.baselineRps : undefined,
    statuses: result.statuses,
    checks: [noServerErrors(result.statuses)],
    extra: result.slowest ? { slowest: result.slowest } : undefined,
  };
}

function noServerErrors(statuses: Record<string, number>) {
  const n = Object.entries(statuses).reduce((sum, [code, count]) => sum + (Number(code) >= 500 ? count : 0), 0);
  return { name: "no 5xx", ok: n === 0, detail: `statuses ${JSON.stringify(statuses)}` };
}

/**
 * One run: a warm-up on the same connections (unless `noWarmUp`), then the measured part,
 * with the server's RSS and CPU sampled from the moment measuring starts.
 */
async function measuredLoad(ctx: Context, options: LoadOptions & { noWarmUp?: boolean }) {
  let sampler: ReturnType<ServerHandle["sample"]> | undefined;
  const result = await runLoadOnce({
    ...options,
    warmUpSeconds: options.noWarmUp ? 0 : ctx.load.warmUpSeconds,
    onMeasure: () => (sampler = ctx.app.sample()),
  });
  sampler ??= ctx.app.sample();
  return { result, sample: sampler.stop() };
}

const mainPath = (f: Fixture) => `/events/${f.mainSlug}`;

// ---------------------------------------------------------------- baseline

export const baseline: Scenario = {
  name: "baseline",
  async run(ctx) {
    const what = "bare node:http, same bytes as the board page";
    const pagePath = hasRoute("events.$slug.board") ? `${mainPath(ctx.fixture)}/board` : mainPath(ctx.fixture);
    const page = await request(ctx.app.url + pagePath, { headers: { Cookie: ctx.fixture.voters[0].cookie } });
    if (page.status !== 200) throw new Error(`baseline: ${pagePath} answered ${page.status}`);
    const compression = compressionCost(Buffer.from(page.body));
    const file = path.join(os.tmpdir(), `kx-bench-page-${process.pid}.html`);
    fs.writeFileSync(file, page.body);
    const server = await startBaselineServer(file, String(page.headers["content-type"] ?? "text/html"));
    try {
      let sampler: ReturnType<ServerHandle["sample"]> | undefined;
      const result = await runLoadOnce({
        url: server.url + "/",
        connections: ctx.load.connections,
        seconds: ctx.load.seconds,
        warmUpSeconds: ctx.load.warmUpSeconds,
        onMeasure: () => (sampler = server.sample()),
      });
      sampler ??= server.sample();
      const sample = sampler.stop();
      ctx.baselineRps = result.rps;
      // For reference: the same bare server with a 12-byte body (the "hello world").
      const helloFile = `${file}.hello`;
      fs.writeFileSync(helloFile, "hello world\n");
      const hello = await startBaselineServer(helloFile, "text/plain");
      let helloRps: number | undefined;
      try {
        helloRps = (
          await runLoadOnce({
            url: hello.url + "/",
            connections: ctx.load.connections,
            seconds: Math.min(5, ctx.load.seconds),
            warmUpSeconds: ctx.load.warmUpSeconds,
          })
        ).rps;
      } finally {
        await hello.stop();
        fs.rmSync(helloFile, { force: true });
      }
      return {
        ...loadRow("baseline", `${what} (${(page.body.length / 1024).toFixed(1)} KiB)`, result, sample, ctx),
        ratio: 1,
        extra: { pageBytes: Buffer.byteLength(page.body), compression, helloWorldRps: helloRps },
      };
    } finally {
      await server.stop();
      fs.rmSync(file, { force: true });
    }
  },
};

/** What compressing the board page would cost per response (CPU ms) and save (bytes). */
function compressionCost(body: Buffer) {
  const methods: Record<string, (b: Buffer) => Buffer> = {
    "gzip-1": (b) => zlib.gzipSync(b, { level: 1 }),
    "gzip-6": (b) => zlib.gzipSync(b, { level: 6 }),
    "brotli-4": (b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }),
  };
  const out: Record<string, { bytes: number; ms: number }> = {};
  for (const [name, compress] of Object.entries(methods)) {
    let bytes = 0;
    const started = performance.now();
    for (let i = 0; i < 50; i++) bytes = compress(body).length;
    out[name] = { bytes, ms: Number(((performance.now() - started) / 50).toFixed(3)) };
  }
  return out;
}

// ---------------------------------------------------------------- pages

/** The framework's floor: Express + Remix for a resource route that does almost nothing. */
export const healthz: Scenario = {
  name: "healthz",
  async run(ctx) {
    const what = `GET /healthz (Express + a Remix resource route running SELECT 1): the floor under every request, ${ctx.load.connections} connections`;
    const { result, sample } = await measuredLoad(ctx, {
      url: ctx.app.url + "/healthz",
      connections: ctx.load.connections,
      seconds: ctx.load.seconds,
    });
    return loadRow("healthz", what, result, sample, ctx);
  },
};

export const eventPage: Scenario = {
  name: "event-page",
  async run(ctx) {
    const what = `GET event page, anonymous (the page micro-cache answers), ${ctx.load.connections} connections`;
    const { result, sample } = await measuredLoad(ctx, {
      url: ctx.app.url + mainPath(ctx.fixture),
      connections: ctx.load.connections,
      seconds: ctx.load.seconds,
    });
    return loadRow("event-page", what, result, sample, ctx);
  },
};

/** The same page rendered every time: any cookie makes the server skip the page cache. */
export const eventPageRendered: Scenario = {
  name: "event-page-rendered",
  async run(ctx) {
    const what = `GET event page, anonymous but rendered every time (a cookie bypasses the cache), ${ctx.load.connections} connections`;
    const { result, sample } = await measuredLoad(ctx, {
      url: ctx.app.url + mainPath(ctx.fixture),
      connections: ctx.load.connections,
      seconds: ctx.load.seconds,
      headers: { cookie: "kx_bench=render" },
    });
    return loadRow("event-page-rendered", what, result, sample, ctx);
  },
};

export const boardPage: Scenario = {
  name: "board-page",
  async run(ctx) {
    const what = `GET board page, signed in (rotating ${ctx.fixture.voters.length} users), ${ctx.load.connections} connections`;
    if (!hasRoute("events.$slug.board")) return skip("board-page", what, "events.$slug.board");
    const plan = { kind: "rotate" as const, path: `${mainPath(ctx.fixture)}/board`, cookies: ctx.fixture.voters.map((v) => v.cookie) };
    const { result, sample } = await measuredLoad(ctx, {
      url: ctx.app.url,
      connections: ctx.load.connections,
      seconds: ctx.load.seconds,
      plan,
    });
    return loadRow("board-page", what, result, sample, ctx);
  },
};

/** The same, as browsers ask for it: compressed (brotli 4 per response, ADR 020). */
export const boardPageCompressed: Scenario = {
  name: "board-page-br",
  async run(ctx) {
    const what = `GET board page with Accept-Encoding: gzip, deflate, br, signed in (rotating users), ${ctx.load.connections} connections`;
    if (!hasRoute("events.$slug.board")) return skip("board-page-br", what, "events.$slug.board");
    const path = `${mainPath(ctx.fixture)}/board`;
    const plan = { kind: "rotate" as const, path, cookies: ctx.fixture.voters.map((v) => v.cookie), acceptEncoding: "gzip, deflate, br" };
    const { result, sample } = await measuredLoad(ctx, {
      url: ctx.app.url,
      connections: ctx.load.connections,
      seconds: ctx.load.seconds,
      plan,
    });
    const row = loadRow("board-page-br", what, result, sample, ctx);
    const probe = await request(ctx.app.url + path, {
      headers: { Cookie: ctx.fixture.voters[0].cookie, "Accept-Encoding": "gzip, deflate, br" },
    });
    const encoding = String(probe.headers["content-encoding"] ?? "none");
    row.checks = [...(row.checks ?? []), { name: "answered compressed", ok: encoding === "br", detail: `Content-Encoding: ${encoding}` }];
    return row;
  },
};

export const schedulePage: Scenario = {
  name: "schedule-page",
  async run(ctx) {
    const what = `GET schedule grid (8 rooms × 10 slots), signed in (rotating users), ${ctx.load.connections} connections`;
    if (!hasRoute("events.$slug.schedule")) return skip("schedule-page", what, "events.$slug.schedule");
    const plan = { kind: "rotate" as const, path: `${mainPath(ctx.fixture)}/schedule`, cookies: ctx.fixture.voters.map((v) => v.cookie) };
    const { result, sample } = await measuredLoad(ctx, {
      url: ctx.app.url,
      connections: ctx.load.connections,
      seconds: ctx.load.seconds,
      plan,
    });
    return loadRow("schedule-page", what, result, sample, ctx);
  },
};

// ---------------------------------------------------------------- voting

function voteCount(db: Database.Database, boardId: number) {
  return (db.prepare("SELECT count(*) AS n FROM votes WHERE board_id = ?").get(boardId) as { n: number }).n;
}

/**
 * The board's vote count once the server has committed nothing for 300 ms (`data_version`
 * moves with every commit by another connection; at most ~10 s).
 */
async function settledVoteCount(db: Database.Database, boardId: number) {
  let version = db.pragma("data_version", { simple: true });
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 300));
    const next = db.pragma("data_version", { simple: true });
    if (next === version) break;
    version = next;
  }
  return voteCount(db, boardId);
}

function overBudget(db: Database.Database, boardId: number) {
  return (
    db
      .prepare(
        // The budget covers dots on open topics (dots on discussed topics are spent).
        `SELECT count(*) AS n FROM (SELECT v.user_id FROM votes v JOIN boards b ON b.id = v.board_id
           JOIN topics t ON t.id = v.topic_id AND t.status = 'open'
           WHERE v.board_id = ? GROUP BY v.user_id HAVING count(*) > max(b.votes_per_person))`,
      )
      .get(boardId) as { n: number }
  ).n;
}

/**
 * Dots cast and taken back by many distinct attendees. `endpoint`: what the board page
 * does with JavaScript (POST …/boards/:id/dots, JSON reply); `form`: the same vote as a
 * plain form post to the board page without JavaScript (a redirect reply).
 */
function votingScenario(name: string, via: "endpoint" | "form"): Scenario {
  return {
    name,
    async run(ctx) {
      const { fixture } = ctx;
      const how = via === "endpoint" ? "POST …/dots as the page does with JavaScript" : "POST the board form without JavaScript";
      const what = `${how}: cast + take back a dot, ${fixture.voters.length} distinct users, ${ctx.load.connections} connections`;
      if (!hasRoute("events.$slug.board")) return skip(name, what, "events.$slug.board");
      const plan = {
        kind: "votes" as const,
        path: via === "endpoint" ? `${mainPath(fixture)}/boards/${fixture.boardId}/dots` : `${mainPath(fixture)}/board`,
        origin: ctx.app.url,
        cookies: fixture.voters.map((v) => v.cookie),
        topicIds: fixture.topicIds,
      };
      // A fixed number of cast/take-back pairs (not a duration), so no request is still in
      // flight when the database is checked. Sized from a short warm-up to last ~`seconds`.
      const warm = await runLoad({ url: ctx.app.url, connections: ctx.load.connections, seconds: 1, plan, noWarmUp: true });
      const pairs = Math.max(4, Math.round((warm.rps * ctx.load.seconds) / 2 / ctx.load.connections));
      const amount = pairs * 2 * ctx.load.connections;
      // The warm-up ends by time: requests it left in flight still land in the server. Under
      // heavy load (p99 over half a second) a fixed pause was too short, and a late vote made
      // "no lost votes" fail; wait until the server has stopped committing instead.
      const before = await settledVoteCount(ctx.db, fixture.boardId);
      const { result, sample } = await measuredLoad(ctx, {
        url: ctx.app.url,
        connections: ctx.load.connections,
        seconds: ctx.load.seconds,
        amount,
        plan,
        noWarmUp: true,
      });
      const { castOk, retractOk } = result.counters;
      const rejected = { ...warm.counters.rejected };
      for (const [k, n] of Object.entries(result.counters.rejected)) rejected[k] = (rejected[k] ?? 0) + n;
      const after = voteCount(ctx.db, fixture.boardId);
      const expected = before + castOk - retractOk;
      const over = overBudget(ctx.db, fixture.boardId);
      const row = loadRow(name, what, result, sample, ctx);
      return {
        ...row,
        checks: [
          ...(row.checks ?? []),
          {
            name: "no lost votes",
            ok: after === expected,
            detail: `${before} + ${castOk} cast − ${retractOk} taken back = ${expected}; database has ${after}`,
          },
          { name: "no one over budget", ok: over === 0, detail: `${over} users over their dot budget` },
        ],
        extra: { castOk, retractOk, rejected, amount },
      };
    },
  };
}

export const voting = votingScenario("votes", "endpoint");
export const votingWithoutJs = votingScenario("votes-form", "form");

// ---------------------------------------------------------------- search

export const search: Scenario = {
  name: "search",
  async run(ctx) {
    const { fixture } = ctx;
    const terms = [...fixture.search.common, ...fixture.search.rare];
    const what = `GET /notes?q= over ${fixture.counts.notes?.toLocaleString("en")} notes, ${terms.length} common/rare queries`;
    if (!hasRoute("notes._index") && !hasRoute("notes")) return skip("search", what, "notes._index");
    const paths = terms.map((q) => `/notes?q=${encodeURIComponent(q)}`);
    // Anonymous, but with a cookie, so the page micro-cache never answers: every search runs.
    const headers = { cookie: "kx_bench=search" };
    // Server time: one request at a time, so latency is the server's work plus loopback.
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    const perTerm: Record<string, number[]> = {};
    for (let i = 0; i < ctx.load.searchSamples; i++) {
      const q = terms[i % terms.length];
      const res = await request(ctx.app.url + paths[i % paths.length], { headers });
      if (i >= terms.length) {
        latencies.push(res.ms);
        (perTerm[q] ??= []).push(res.ms);
      }
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }
    const sequential = summarise(latencies, statuses, 0, 1);
    const termMedians = Object.fromEntries(
      Object.entries(perTerm).map(([q, ms]) => [q, Number(ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)].toFixed(2))]),
    );
    const plan = { kind: "paths" as const, paths };
    const { result, sample } = await measuredLoad(ctx, {
      url: ctx.app.url,
      connections: Math.min(ctx.load.connections, 10),
      seconds: ctx.load.seconds,
      plan,
      headers,
    });
    const row = loadRow("search", `${what}; 10 connections`, result, sample, ctx);
    return {
      ...row,
      checks: [
        ...(row.checks ?? []),
        {
          name: "search answered",
          ok: sequential.errors === 0,
          detail: `one at a time: p50 ${sequential.p50.toFixed(1)} ms, p95 ${sequential.p95.toFixed(1)} ms, p99 ${sequential.p99.toFixed(1)} ms`,
        },
      ],
      extra: { sequentialP50: sequential.p50, sequentialP95: sequential.p95, sequentialP99: sequential.p99, termMedians },
    };
  },
};

// ---------------------------------------------------------------- registration burst

export const registrationBurst: Scenario = {
  name: "registration-burst",
  async run(ctx) {
    const { fixture } = ctx;
    const seats = (ctx.db.prepare("SELECT capacity FROM events WHERE id = ?").get(fixture.burstEventId) as { capacity: number }).capacity;
    const what = `${fixture.burstUsers.length} concurrent registrations for ${seats} seats`;
    if (!hasRoute("events.$slug.register")) return skip("registration-burst", what, "events.$slug.register");
    const url = `${ctx.app.url}/events/${fixture.burstSlug}/register`;
    const body = formBody({ intent: "register", jobRole: "Engineer", topics: "Load testing", consent: "on" });
    const sampler = ctx.app.sample();
    const started = performance.now();
    const responses = await Promise.all(
      fixture.burstUsers.map((u) =>
        request(url, {
          method: "POST",
          agent: false,
          headers: { "content-type": "application/x-www-form-urlencoded", origin: ctx.app.url, cookie: u.cookie },
          body,
        }).catch(() => ({ status: 0, ms: performance.now() - started, body: "", headers: {} })),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const sample = sampler.stop();
    const statuses: Record<string, number> = {};
    for (const r of responses) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const result = summarise(
      responses.map((r) => r.ms),
      statuses,
      responses.filter((r) => r.status === 0).length,
      seconds,
    );
    const byStatus = Object.fromEntries(
      (
        ctx.db.prepare("SELECT status, count(*) AS n FROM registrations WHERE event_id = ? GROUP BY status").all(fixture.burstEventId) as {
          status: string;
          n: number;
        }[]
      ).map((r) => [r.status, r.n]),
    );
    const fivexx = responses.filter((r) => r.status >= 500 || r.status === 0).length;
    const confirmed = byStatus.confirmed ?? 0;
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
    return {
      ...loadRow("registration-burst", what, result, sample, ctx),
      ratio: undefined,
      checks: [
        { name: `exactly ${seats} confirmed`, ok: confirmed === seats, detail: `registrations: ${JSON.stringify(byStatus)}` },
        {
          name: "everyone got a registration",
          ok: total === fixture.burstUsers.length,
          detail: `${total} of ${fixture.burstUsers.length} rows`,
        },
        { name: "no 5xx", ok: fivexx === 0, detail: `${fivexx} 5xx or failed connections; statuses ${JSON.stringify(statuses)}` },
      ],
      extra: { wallSeconds: seconds, byStatus },
    };
  },
};

// ---------------------------------------------------------------- live fan-out

/** The board's SSE resource route, if the app has one. */
export function liveRoute(fixture: Fixture): { file: string; path: string } | null {
  const dir = path.resolve("app/routes");
  const files = fs.readdirSync(dir);
  for (const file of files) {
    const full = path.join(dir, file);
    const source = fs.statSync(full).isDirectory()
      ? fs
          .readdirSync(full)
          .map((f) => fs.readFileSync(path.join(full, f), "utf8"))
          .join("\n")
      : fs.readFileSync(full, "utf8");
    if (!/eventStream\(|text\/event-stream/.test(source)) continue;
    if (!file.startsWith("events.$slug.board")) continue;
    // events.$slug.boards.$boardId.live.tsx → /events/<slug>/boards/<id>/live
    const route = file
      .replace(/\.(tsx?|jsx?)$/, "")
      .split(".")
      .map((segment) => segment.replace(/\[(.*)\]/g, "$1").replace(/_$/, ""))
      .filter((segment) => segment !== "_index" && !segment.startsWith("_"))
      .map((segment) => (segment === "$slug" ? fixture.mainSlug : segment === "$boardId" ? String(fixture.boardId) : segment))
      .join("/");
    if (route.includes("$")) continue;
    return { file, path: `/${route}` };
  }
  return null;
}

let sseStep = 0;
const reloadAgent = new http.Agent({ keepAlive: true, maxSockets: 4096 });

/**
 * `reload`: each client then does what the board page does on a frame, and the figure is
 * the time until every client has fresh data. A vote frame that carries the topic's new
 * tally is applied in place (no request: the page merges it into what it shows); any
 * other frame makes the page reload its data (Remix revalidation: the board loader, plus
 * root unless it opts out, as `?_data=` requests with the client's own cookie).
 */
export function sseScenario(clients: number, options: { reload?: boolean } = {}): Scenario {
  const name = options.reload ? `sse-reload-${clients}` : `sse-${clients}`;
  return {
    name,
    async run(ctx) {
      const { fixture } = ctx;
      const what = options.reload
        ? `${clients.toLocaleString("en")} SSE clients doing what the board page does on a frame (apply a vote frame's tally in place, else reload the board data); vote → every client has fresh data`
        : `${clients.toLocaleString("en")} SSE clients on one board; vote → every client has the frame`;
      const live = liveRoute(fixture);
      if (!live || !hasRoute("events.$slug.board")) return skip(name, what, "SSE route under events.$slug.boards.$boardId");
      // A voter of its own per step (dots left over from one step never exhaust the next).
      sseStep += 1;
      const voter = fixture.voters[fixture.voters.length - sseStep];
      const topicId = fixture.topicIds[0];
      const boardUrl = `${ctx.app.url}${mainPath(fixture)}/board`;
      const idleBefore = ctx.app.rssMb();
      const sampler = ctx.app.sample();
      const dataUrl = (routeId: string) => `${boardUrl}?_data=${encodeURIComponent(routeId)}`;
      // Remix revalidates every matched loader unless its route exports shouldRevalidate
      // (the root skips revalidator-only reloads once it does).
      const rootSkips = /export (const|function) shouldRevalidate/.test(fs.readFileSync(path.resolve("app/root.tsx"), "utf8"));
      const reloadUrls = [...(rootSkips ? [] : [dataUrl("root")]), dataUrl("routes/events.$slug.board")];
      let appliedInPlace = 0;
      const refresh = async (client: number, frame: string) => {
        // The page applies a vote frame that carries the topic's tally without a request.
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        const parsed = data ? (JSON.parse(data) as { kind?: string; topicId?: number; votes?: unknown }) : null;
        if (parsed?.kind === "vote" && parsed.topicId === topicId && typeof parsed.votes === "number") {
          appliedInPlace++;
          return true;
        }
        const cookie = fixture.voters[client % fixture.voters.length].cookie;
        const responses = await Promise.all(reloadUrls.map((url) => request(url, { headers: { cookie }, agent: reloadAgent })));
        return responses.every((r) => r.status === 200);
      };
      const result = await sseFanout({
        url: ctx.app.url + live.path,
        headers: { cookie: fixture.voters[0].cookie },
        clients,
        votes: options.reload ? 2 : ctx.load.sseVotes,
        refresh: options.reload ? refresh : undefined,
        timeoutMs: options.reload ? 120_000 : 10_000,
        change: async (i) => {
          const res = await request(boardUrl, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", origin: ctx.app.url, cookie: voter.cookie },
            body: formBody({ intent: i % 2 === 0 ? "vote" : "unvote", topicId: String(topicId) }),
          });
          if (res.status >= 400) throw new Error(`sse: vote answered ${res.status}`);
        },
      });
      const holdingRss = ctx.app.rssMb();
      result.close();
      const sample = sampler.stop();
      await new Promise((r) => setTimeout(r, 500));
      const votes = options.reload ? 2 : ctx.load.sseVotes;
      const refreshed = result.refreshed;
      return {
        name,
        what: `${what} (${live.path})`,
        p50: refreshed ? refreshed.p50 : result.p50,
        p99: refreshed ? refreshed.p99 : result.p99,
        errors: result.missed + (clients - result.connected) + (refreshed?.failed ?? 0),
        peakRssMb: sample.peakRssMb,
        cpuPercent: sample.cpuPercent,
        checks: [
          {
            name: "all clients connected",
            ok: result.connected === clients,
            detail: `${result.connected}/${clients} in ${result.connectMs.toFixed(0)} ms`,
          },
          {
            name: "every vote reached every client",
            ok: result.missed === 0 && result.deliveries === result.connected * votes,
            detail:
              `${result.deliveries} frames, ${result.missed} missed; frame p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(1)} ms` +
              (refreshed
                ? `; data refreshed: ${refreshed.count} (${refreshed.failed} failed, ${appliedInPlace} in place from the frame), p50 ${refreshed.p50.toFixed(0)} ms, p99 ${refreshed.p99.toFixed(0)} ms, max ${refreshed.max.toFixed(0)} ms`
                : ""),
          },
        ],
        extra: {
          rssBeforeMb: idleBefore,
          rssHoldingMb: holdingRss,
          connectMs: result.connectMs,
          frameP50: result.p50,
          frameP99: result.p99,
          frameMax: result.max,
          refreshed,
          appliedInPlace: options.reload ? appliedInPlace : undefined,
        },
      };
    },
  };
}
