// CPU cost of single pages, in-process and one at a time: the Remix build's request
// handler called directly (no sockets), so the number is the app's own work per request
// and holds up on a busy machine better than requests/s. For A/B checks of optimisations.
//   npx tsx bench/page-cost.ts [--n=300] [--full] [--organiser] [--build=.builds/bench] [path …]
// --board-template: the board page as answered from its shared template (ADR 014):
// app/board/template/board-document.server.tsx called directly, rotating through the attendees;
// then what compressing that page costs at each level server/compression.js could pick.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { FULL, QUICK } from "./config";
type CompressionModule = typeof import("../server/compression.js");

const args = process.argv.slice(2);
const n = Number(args.find((a) => a.startsWith("--n="))?.slice(4) ?? 300);
const buildDir = args.find((a) => a.startsWith("--build="))?.slice(8) ?? process.env.BUILD_DIR ?? ".builds/bench";
const paths = args.filter((a) => !a.startsWith("--"));
const sizes = args.includes("--full") ? FULL.sizes : QUICK.sizes;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kx-pagecost-"));
process.env.NODE_ENV = "production";
process.env.DATABASE_PATH = path.join(dir, "bench.db");
process.env.SESSION_SECRET = crypto.randomBytes(32).toString("hex");
process.env.SEED_DEMO = "0";
process.env.ADMIN_EMAILS = "admin@bench.example";

const { generateDataset } = await import("./data");
const fixture = await generateDataset(sizes);
const { createRequestHandler } = await import("@remix-run/node");
const build = await import(pathToFileURL(path.resolve(buildDir, "index.js")).href);
const handler = createRequestHandler(build, "production");

const targets = paths.length
  ? paths
  : [`/events/${fixture.mainSlug}`, `/events/${fixture.mainSlug}/board`, `/events/${fixture.mainSlug}/schedule`, "/notes?q=team", "/"];

// --organiser: as the organiser of every event (attendee lists, setup pages) instead of an attendee.
const cookie = args.includes("--organiser") ? fixture.organiser.cookie : fixture.voters[0].cookie;
async function once(p: string) {
  const request = new Request(`http://localhost${p}`, { headers: { cookie, "user-agent": "Mozilla/5.0" } });
  const response = await handler(request, { cspNonce: "bench", clientIp: "127.0.0.1" });
  const body = await response.text();
  return { status: response.status, bytes: body.length };
}

if (args.includes("--board-template")) {
  const p = `/events/${fixture.mainSlug}/board`;
  const nonce = "bench-nonce-0123456789";
  const ask = (cookie: string) => build.entry.module.handleBoardDocumentRequest({ path: p, slug: fixture.mainSlug, cookie, nonce });
  const first = await ask(cookie);
  if (first && "learn" in first) {
    const request = new Request(`http://localhost${p}`, { headers: { cookie } });
    await handler(request, { cspNonce: nonce, clientIp: "127.0.0.1", documentTemplate: first.learn });
  }
  let bytes = 0;
  let served = 0;
  let lastHtml: Buffer | undefined;
  const round = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const outcome = await ask(fixture.voters[i % fixture.voters.length].cookie);
      if (outcome && "html" in outcome) {
        served++;
        bytes = outcome.html.length;
        lastHtml = outcome.html;
      }
    }
  };
  await round(100);
  served = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await round(n);
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  console.log(
    `${(p + " (template)").padEnd(42)} ${served}/${n} from the template  ${(bytes / 1024).toFixed(1).padStart(6)} KiB  ` +
      `${((cpu.user + cpu.system) / 1000 / n).toFixed(3).padStart(6)} ms CPU/req  ${(wall / n).toFixed(3).padStart(6)} ms wall/req`,
  );
  if (lastHtml) {
    const { compressBody } = (await import("../server/compression.js")) as CompressionModule;
    const choices = [
      { encoding: "gzip", level: 1 },
      { encoding: "gzip", level: 6 },
      { encoding: "br", quality: 0 },
      { encoding: "br", quality: 1 },
      { encoding: "br", quality: 2 },
      { encoding: "br", quality: 4 },
      { encoding: "br", quality: 5 },
    ] as const;
    for (const choice of choices) {
      for (let i = 0; i < 30; i++) compressBody(lastHtml, choice);
      const c0 = process.cpuUsage();
      let size = 0;
      for (let i = 0; i < n; i++) size = compressBody(lastHtml, choice).length;
      const c = process.cpuUsage(c0);
      const name = choice.encoding === "br" ? `brotli ${choice.quality}` : `gzip ${choice.level}`;
      console.log(
        `  compressed, ${name.padEnd(9)} ${(size / 1024).toFixed(1).padStart(6)} KiB  ${((c.user + c.system) / 1000 / n).toFixed(3).padStart(6)} ms CPU/page`,
      );
    }
  }
}

for (const p of targets) {
  const first = await once(p);
  for (let i = 0; i < 30; i++) await once(p);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await once(p);
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  console.log(
    `${p.padEnd(42)} status ${first.status}  ${(first.bytes / 1024).toFixed(1).padStart(6)} KiB  ` +
      `${((cpu.user + cpu.system) / 1000 / n).toFixed(2).padStart(6)} ms CPU/req  ${(wall / n).toFixed(2).padStart(6)} ms wall/req`,
  );
}
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
