// `npm run bench:phone`: a first and a repeat visit from a phone on venue Wi-Fi (issue 16).
// Chromium through playwright-core, throttled over CDP like DevTools' custom profile:
// 4 Mbps down, 1.5 Mbps up, 100 ms round trip (Network.emulateNetworkConditions), CPU ×4
// (Emulation.setCPUThrottlingRate), a phone viewport. For each page:
//   cold  a fresh profile (empty cache): bytes over the wire, load, interactive
//   warm  the same page again (assets from the cache, HTML fetched)
// "interactive" is the time until the page answers a click: the first "Add a dot" on the
// board and the first star on the schedule are clicked as soon as React owns them (the
// click counts when the app's handler took it over, i.e. prevented the form's plain post);
// on the other pages, until React has hydrated the whole document.
// Baseline, in the same run: the same HTML (captured from the app) and the same asset files
// served by a bare static server (bench/phone-static-server.js); each time is also a ratio.
//
//   --runs=N              visits per page and state (median reported; default 3)
//   --pages=a,b           only these pages (event, register, board, schedule, agenda, notes, event-anon)
//   --before=BUILD,ENTRY  also measure another build + server entry (e.g. the code before a
//                         change), interleaved with this one so both see the same machine load
//   --no-build            use $BUILD_DIR as it is
//   --json=FILE           also write the figures as JSON
//
// Exit code 1 when a page's cold visit weighs more than BUDGET_KB (the median of the runs),
// so a check that runs it keeps the pages within the budget (issue 16).
import { execSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { compressAssets } from "../scripts/compress-assets.js";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../tests/helpers/chromium";
import { startAppServer, startPhoneBaseline, type ServerHandle } from "./lib/process";

const args = process.argv.slice(2);
const value = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const runs = Number(value("runs") ?? 3);
const buildDir = process.env.BUILD_DIR || ".builds/bench";

export const PHONE = {
  downloadKbps: 4000,
  uploadKbps: 1500,
  latencyMs: 100,
  cpuSlowdown: 4,
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
};

/** Issue 16: a first visit from a phone may download at most this much, headers included. */
export const BUDGET_KB = 150;

const EVENT = "/events/unconference-aurora-beacon";
type PageSpec = { name: string; path: string; signedIn: boolean; click?: string };
const PAGES: PageSpec[] = [
  { name: "event", path: EVENT, signedIn: true },
  { name: "register", path: `${EVENT}/register`, signedIn: true },
  { name: "board", path: `${EVENT}/board`, signedIn: true, click: 'form.lc-vote button[value="vote"]:not([disabled])' },
  {
    name: "schedule",
    path: `${EVENT}/schedule`,
    signedIn: true,
    click: 'button[name="intent"][value="star"]:not([disabled]), button[name="intent"][value="unstar"]:not([disabled])',
  },
  { name: "agenda", path: `${EVENT}/agenda`, signedIn: true },
  { name: "notes", path: "/notes", signedIn: true },
  { name: "event-anon", path: EVENT, signedIn: false },
];

type Visit = { bytes: number; loadMs: number; interactiveMs: number };
type Variant = {
  label: string;
  buildDir: string;
  serverEntry: string;
  app?: ServerHandle;
  baseline?: ServerHandle;
  attendee?: string;
  dir?: string;
};

async function ensureBuild() {
  process.env.BUILD_DIR = buildDir;
  if (!args.includes("--no-build")) {
    // Same staleness rule as `npm start` (scripts/ensure-build.js).
    const { buildIsStale } = (await import("../scripts/ensure-build.js")) as { buildIsStale: () => string | null };
    const stale = buildIsStale();
    if (stale) {
      console.log(`${stale}: building the app into ${buildDir}…`);
      execSync("npx remix build", {
        stdio: ["ignore", "ignore", "inherit"],
        env: { ...process.env, BUILD_DIR: buildDir, NODE_ENV: "production" },
      });
    }
  }
  compressAssets(path.join(buildDir, "public"));
}

/** A request that leaves the body as it came over the wire. */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

async function signIn(url: string, email: string) {
  const response = await fetch(`${url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: "exchange-demo" }),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("kx_session="));
  if (!cookie) throw new Error(`could not sign in as ${email} (status ${response.status})`);
  return cookie.split(";")[0];
}

async function postForm(url: string, cookie: string, fields: Record<string, string>) {
  const response = await fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: new URL(url).origin, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
  if (response.status >= 400) throw new Error(`POST ${url} answered ${response.status}`);
}

async function startVariant(variant: Variant, pages: PageSpec[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kx-phone-"));
  variant.dir = dir;
  variant.app = await startAppServer({
    buildDir: variant.buildDir,
    databasePath: path.join(dir, "phone.db"),
    sessionSecret: crypto.randomBytes(32).toString("hex"),
    seedDemo: true,
    serverEntry: variant.serverEntry,
  });
  const url = variant.app.url;
  variant.attendee = await signIn(url, "attendee@beacon.example");
  // The demo board is still collecting topics: the organiser opens voting (the form an
  // organiser uses), so the board has vote buttons.
  const organiser = await signIn(url, "organiser@aurora.example");
  await postForm(`${url}${EVENT}/board`, organiser, { intent: "phase", phase: "vote" });
  // The baseline's pages: what the app sent a browser, bytes and encoding as they were.
  const manifest: { buildPublic: string; pages: Record<string, { file: string; encoding?: string }> } = {
    buildPublic: path.resolve(variant.buildDir, "public"),
    pages: {},
  };
  for (const page of pages) {
    // The baseline tells the signed-out page from the signed-in one by the cookie.
    const key = page.signedIn ? page.path : `${page.path}#signed-out`;
    const headers: Record<string, string> = { "Accept-Encoding": "gzip, deflate, br" };
    if (page.signedIn) headers.Cookie = variant.attendee;
    const answer = await rawGet(url + page.path, headers);
    if (answer.status !== 200) throw new Error(`${variant.label}: ${page.path} answered ${answer.status}`);
    const file = path.join(dir, `${page.name}.html`);
    fs.writeFileSync(file, answer.body);
    manifest.pages[key] = { file, encoding: answer.headers["content-encoding"] as string | undefined };
  }
  const manifestFile = path.join(dir, "manifest.json");
  fs.writeFileSync(manifestFile, JSON.stringify(manifest));
  variant.baseline = await startPhoneBaseline(manifestFile, Object.keys(manifest.pages)[0].split("#")[0]);
}

/**
 * Runs in the page before its own scripts: records when the page answers the click. A
 * string, not a function: tsx would wrap a function's inner functions in its `__name`
 * helper, which does not exist in the page.
 */
const watchInteractive = (click: string | undefined) => `(() => {
  const click = ${JSON.stringify(click ?? null)};
  const state = { answeredAt: 0, topicId: null, clicking: false };
  window.__phone = state;
  const owned = (el) => !!el && Object.keys(el).some((k) => k.startsWith("__reactProps$"));
  // Window listeners run after React's (on the document): a submit the app took over is
  // defaultPrevented by then. One it did not take (not hydrated yet) is stopped here, so
  // the page stays put, and tried again.
  addEventListener("submit", (event) => {
    if (!state.clicking) return;
    if (event.defaultPrevented) state.answeredAt = performance.now();
    else event.preventDefault();
  });
  const tick = () => {
    if (click) {
      const target = document.querySelector(click);
      if (target && owned(target)) {
        state.clicking = true;
        target.click();
        state.clicking = false;
        if (state.answeredAt) {
          state.topicId = target.form?.querySelector('input[name="topicId"]')?.value ?? null;
          return;
        }
      }
    } else if (document.readyState !== "loading" && owned(document.body.lastElementChild)) {
      state.answeredAt = performance.now();
      return;
    }
    setTimeout(tick, 10);
  };
  setTimeout(tick, 0);
})();`;

async function visitTwice(
  browser: Browser,
  origin: string,
  page: PageSpec,
  cookie: string | undefined,
): Promise<{ cold: Visit; warm: Visit; topicIds: string[] }> {
  const context = await browser.newContext({
    viewport: PHONE.viewport,
    deviceScaleFactor: PHONE.deviceScaleFactor,
    isMobile: true,
    hasTouch: true,
  });
  try {
    if (cookie) {
      const [name, ...rest] = cookie.split("=");
      await context.addCookies([{ name, value: rest.join("="), url: origin, httpOnly: true, sameSite: "Lax" }]);
    }
    await context.addInitScript(watchInteractive(page.click));
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: PHONE.latencyMs,
      downloadThroughput: (PHONE.downloadKbps * 1000) / 8,
      uploadThroughput: (PHONE.uploadKbps * 1000) / 8,
    });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: PHONE.cpuSlowdown });
    const gets = new Set<string>();
    let bytes = 0;
    let counting = false;
    cdp.on("Network.requestWillBeSent", (e: { requestId: string; request: { method: string; url: string } }) => {
      if (counting && e.request.method === "GET" && !e.request.url.endsWith("/live")) gets.add(e.requestId);
    });
    cdp.on("Network.loadingFinished", (e: { requestId: string; encodedDataLength: number }) => {
      if (gets.has(e.requestId)) bytes += e.encodedDataLength;
    });
    let votesAnswered = 0;
    tab.on("response", (response) => {
      if (response.url().endsWith("/dots")) votesAnswered++;
    });
    const visit = async (): Promise<Visit & { topicId: string | null }> => {
      bytes = 0;
      gets.clear();
      counting = true;
      await tab.goto(origin + page.path, { waitUntil: "load", timeout: 60_000 });
      const handle = await tab
        .waitForFunction(
          () => {
            const phone = (window as unknown as { __phone?: { answeredAt: number; topicId: string | null } }).__phone;
            const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
            return phone?.answeredAt && navigation?.loadEventEnd
              ? { interactiveMs: phone.answeredAt, loadMs: navigation.loadEventEnd, topicId: phone.topicId }
              : null;
          },
          undefined,
          { timeout: 60_000, polling: 100 },
        )
        .catch(async (error) => {
          const seen = await tab.evaluate(
            (click) => ({
              phone: (window as unknown as { __phone?: unknown }).__phone,
              targets: click ? document.querySelectorAll(click).length : null,
              last: document.body.lastElementChild?.outerHTML.slice(0, 120),
              title: document.title,
            }),
            page.click,
          );
          throw new Error(`${origin}${page.path}: no answer (${JSON.stringify(seen)})`, { cause: error });
        });
      const result = (await handle.jsonValue()) as { interactiveMs: number; loadMs: number; topicId: string | null };
      // Requests from here on (the click's own, a revalidation) are not part of the page's weight.
      counting = false;
      if (result.topicId) {
        // Wait for the vote to land, so that taking it back afterwards comes after it.
        const votes = votesAnswered;
        for (let waited = 0; votesAnswered === votes && waited < 5_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      }
      return { bytes, ...result };
    };
    const cold = await visit();
    const warm = await visit();
    return { cold, warm, topicIds: [cold.topicId, warm.topicId].filter((id): id is string => !!id) };
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};

async function main() {
  await ensureBuild();
  const only = value("pages")?.split(",");
  const pages = only ? PAGES.filter((p) => only.includes(p.name)) : PAGES;
  const variants: Variant[] = [];
  const before = value("before");
  if (before) {
    const [beforeBuild, beforeEntry] = before.split(",");
    variants.push({ label: "before", buildDir: beforeBuild, serverEntry: beforeEntry ?? "server/index.js" });
  }
  variants.push({ label: before ? "after" : "app", buildDir, serverEntry: "server/index.js" });
  for (const variant of variants) await startVariant(variant, pages);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  type Sample = { cold: Visit; warm: Visit };
  const samples = new Map<string, Sample[]>();
  const keep = (key: string, sample: Sample) => samples.set(key, [...(samples.get(key) ?? []), sample]);
  try {
    for (const page of pages) {
      for (let run = 0; run < runs; run++) {
        // Interleaved, so a busy moment on the shared machine hits every variant alike.
        for (const variant of variants) {
          const app = await visitTwice(browser, variant.app!.url, page, page.signedIn ? variant.attendee : undefined);
          keep(`${page.name}|${variant.label}|app`, app);
          // Take the dot back, so the next visit finds one to give.
          for (const topicId of app.topicIds) {
            await postForm(`${variant.app!.url}${EVENT}/board`, variant.attendee!, { intent: "unvote", topicId });
          }
          const baseline = await visitTwice(browser, variant.baseline!.url, page, page.signedIn ? variant.attendee : undefined);
          keep(`${page.name}|${variant.label}|static`, baseline);
        }
      }
      process.stdout.write(`measured ${page.name}\n`);
    }
  } finally {
    await browser.close();
    for (const variant of variants) {
      await variant.app?.stop();
      await variant.baseline?.stop();
      if (variant.dir) fs.rmSync(variant.dir, { recursive: true, force: true });
    }
  }

  const rows: Record<string, string | number>[] = [];
  const kB = (n: number) => Math.round(n / 1024);
  const pick = (list: Sample[], state: "cold" | "warm", field: keyof Visit) => median(list.map((s) => s[state][field]));
  for (const page of pages) {
    for (const variant of variants) {
      const app = samples.get(`${page.name}|${variant.label}|app`)!;
      const base = samples.get(`${page.name}|${variant.label}|static`)!;
      const ratio = (state: "cold" | "warm", field: keyof Visit) => (pick(app, state, field) / pick(base, state, field)).toFixed(2);
      rows.push({
        page: page.name,
        variant: variant.label,
        "cold kB": kB(pick(app, "cold", "bytes")),
        "cold load ms": Math.round(pick(app, "cold", "loadMs")),
        "cold interactive ms": Math.round(pick(app, "cold", "interactiveMs")),
        "warm kB": kB(pick(app, "warm", "bytes")),
        "warm load ms": Math.round(pick(app, "warm", "loadMs")),
        "warm interactive ms": Math.round(pick(app, "warm", "interactiveMs")),
        "static cold load / interactive ms": `${Math.round(pick(base, "cold", "loadMs"))} / ${Math.round(pick(base, "cold", "interactiveMs"))}`,
        "÷ static (cold load, interactive; warm interactive)": `${ratio("cold", "loadMs")}, ${ratio("cold", "interactiveMs")}; ${ratio("warm", "interactiveMs")}`,
      });
    }
  }
  const columns = Object.keys(rows[0]);
  const lines = [
    `Phone visits (median of ${runs}; ${PHONE.downloadKbps / 1000} Mbps down, ${PHONE.uploadKbps / 1000} Mbps up, ${PHONE.latencyMs} ms RTT, CPU ×${PHONE.cpuSlowdown}, ${PHONE.viewport.width}×${PHONE.viewport.height}); ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`,
    "",
    `| ${columns.join(" | ")} |`,
    `| ${columns.map((c, i) => (i < 2 ? "---" : "---:")).join(" | ")} |`,
    ...rows.map((row) => `| ${columns.map((c) => row[c]).join(" | ")} |`),
  ];
  console.log(lines.join("\n"));
  const json = value("json");
  if (json) fs.writeFileSync(json, JSON.stringify({ when: new Date().toISOString(), phone: PHONE, runs, rows }, null, 2));
  // Only the code under test: a --before variant is there for comparison.
  const over = rows.filter((row) => row.variant !== "before" && Number(row["cold kB"]) > BUDGET_KB);
  if (over.length) {
    console.error(
      `\nOver the ${BUDGET_KB} kB budget of a first visit: ${over.map((row) => `${row.page} ${row["cold kB"]} kB`).join(", ")}`,
    );
    process.exitCode = 1;
  } else console.log(`\nEvery page within the ${BUDGET_KB} kB budget of a first visit.`);
}

main()
  .then(() => process.exit(process.exitCode ?? 0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
