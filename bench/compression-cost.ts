// What HTML compression costs the board page through the whole Express stack (ADR 020):
// the server (createAppServer, production build) and a keep-alive client in this one
// process, one request at a time, rotating attendees, identity and "gzip, deflate, br"
// alternately; CPU per request of the process (server and client together, so the socket
// work saved by the smaller body is counted). `--full`: the full benchmark's 100-topic board
// (with fewer notes and users, which the page does not show).
//   npx tsx bench/compression-cost.ts [--full]   (uses the build in $BUILD_DIR or .builds/bench)
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { FULL, QUICK } from "./config";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kx-httpcost-"));
process.env.NODE_ENV = "production";
process.env.DATABASE_PATH = path.join(dir, "b.db");
process.env.SESSION_SECRET = crypto.randomBytes(32).toString("hex");
process.env.SEED_DEMO = "0";
const sizes = process.argv.includes("--full") ? { ...FULL.sizes, notes: 1000, users: 1500, burstUsers: 10 } : QUICK.sizes;
const { generateDataset } = await import("./data");
const fx = await generateDataset(sizes);
const { createAppServer } = await import("../server/app.js");
const app = await createAppServer({ buildDir: process.env.BUILD_DIR || ".builds/bench", runStartup: false });
const agent = new http.Agent({ keepAlive: true });
const get = (cookie: string, ae?: string) =>
  new Promise<number>((res) =>
    http.get(`${app.url}/events/${fx.mainSlug}/board`, { agent, headers: { cookie, ...(ae ? { "accept-encoding": ae } : {}) } }, (r) => {
      let n = 0;
      r.on("data", (c) => (n += c.length));
      r.on("end", () => res(n));
    }),
  );
for (const ae of [undefined, "gzip, deflate, br", undefined, "gzip, deflate, br"]) {
  for (let i = 0; i < 100; i++) await get(fx.voters[i % fx.voters.length].cookie, ae);
  const c0 = process.cpuUsage();
  const N = 400;
  let bytes = 0;
  for (let i = 0; i < N; i++) bytes = await get(fx.voters[i % fx.voters.length].cookie, ae);
  const c = process.cpuUsage(c0);
  console.log(ae ?? "identity", bytes, "bytes", ((c.user + c.system) / N / 1000).toFixed(3), "ms CPU/req (server + this client)");
}
await app.close();
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
