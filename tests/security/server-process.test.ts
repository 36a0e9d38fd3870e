// `npm start` as a process (issue 18, finding 1): a 100 MB chunked POST must not grow the
// server's memory (it used to end in V8's FatalProcessOutOfMemory); a failure inside the
// server is logged and ends the process with exit code 1 for its supervisor to restart
// (README, "Running in production"; ADR 015); an invalid configuration is one message,
// and a missing BASE_URL is warned about.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../server/security.js";
import { startServerProcess } from "../helpers/server-process";
import { streamChunked } from "./raw-http";

/** What `npm start` runs: the server with a 256 MB old-space budget. */
const startServer = (env: Record<string, string | undefined> = {}, nodeArgs: string[] = []) =>
  startServerProcess({ BASE_URL: undefined, TRUST_PROXY: undefined, ...env }, { nodeArgs: [...nodeArgs, "--max-old-space-size=256"] });

/** Resident memory of a process, from /proc (Linux), in MB; NaN once it is gone. */
function rssMb(pid: number) {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
  } catch {
    return Number.NaN;
  }
}

describe("a 100 MB chunked POST to /login", () => {
  it("is refused with 413 after the limit, and the server's memory stays flat", async () => {
    const server = await startServer();
    const pid = server.child.pid!;
    // Warm up what a first request loads (routes, templates) so it is not counted.
    for (let i = 0; i < 5; i++) {
      const warm = await streamChunked(server.url, "/login", { total: 64 * 1024, prefix: "email=a%40b.example&password=x&filler=" });
      expect(warm.status).toBe(400);
    }
    const before = rssMb(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
    const outcome = await streamChunked(server.url, "/login", {
      total: 100 * 1024 * 1024,
      prefix: "email=a%40b.example&password=x&filler=",
    });
    clearInterval(sampler);
    const after = rssMb(pid);
    console.info(
      `RSS of the server: ${before.toFixed(1)} MB before, peak ${peak.toFixed(1)} MB, ${after.toFixed(1)} MB after a 100 MB chunked POST (client wrote ${(outcome.sent / 2 ** 20).toFixed(1)} MB before the server closed)`,
    );
    expect(outcome.status).toBe(413);
    expect(outcome.body).toBe("Request too large: at most 2 MB.");
    expect(outcome.sent).toBeLessThan(100 * 1024 * 1024);
    // Reading 2 MB into a form costs a few MB; buffering the 100 MB would cost hundreds.
    expect(peak - before).toBeLessThan(40);
    expect(server.child.exitCode).toBeNull();
    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toEqual({ status: "ok", database: "ok" });
    expect(server.output()).not.toMatch(/out of memory/i);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });

  it("answers forty 2 MB logins sent at once, each with its own 400, and stays up", async () => {
    const server = await startServer();
    const pid = server.child.pid!;
    const before = rssMb(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, () =>
        streamChunked(server.url, "/login", { total: MAX_BODY_BYTES, prefix: "email=not-an-address&password=x&filler=" }),
      ),
    );
    clearInterval(sampler);
    console.info(
      `RSS of the server: ${before.toFixed(1)} MB before, peak ${peak.toFixed(1)} MB, ${rssMb(pid).toFixed(1)} MB after forty simultaneous 2 MB logins`,
    );
    expect(outcomes.map((o) => o.status)).toEqual(Array(40).fill(400));
    expect(outcomes[0].body).toContain("Log in");
    expect(server.child.exitCode).toBeNull();
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });
});

describe("a failure inside the running server", () => {
  const preload = ["--import", pathToFileURL(path.resolve("tests/security/fault-injection.mjs")).href];

  it.each([
    ["an uncaught exception", "SIGUSR2", "injected fault: thrown from a callback"],
    ["an unhandled promise rejection", "SIGHUP", "injected fault: a rejected promise nobody awaited"],
  ] as const)("is logged, and the process exits with code 1 for its supervisor: %s", async (kind, signal, message) => {
    const server = await startServer({}, preload);
    server.child.kill(signal);
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain(`Knowledge Exchange is stopping after ${kind}`);
    expect(server.output()).toContain(message);
  });
});

describe("start-up configuration", () => {
  it("refuses an invalid configuration with one message naming the variable, and exit code 1", async () => {
    const failed = await startServer({ TRUST_PROXY: "yes" }).then(
      () => null,
      (error: { output: string; code: number }) => error,
    );
    expect(failed).not.toBeNull();
    expect(failed!.code).toBe(1);
    expect(failed!.output).toMatch(/Knowledge Exchange could not start\. Invalid configuration:\n {2}TRUST_PROXY: /);
    expect(failed!.output).not.toMatch(/^\s+at /m); // a message, not a stack trace
  });

  it("warns at start when BASE_URL is unset, and says which links it uses instead", async () => {
    const server = await startServer();
    expect(server.output()).toMatch(/BASE_URL is not set/);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });

  it("does not warn when BASE_URL is set", async () => {
    const server = await startServer({ BASE_URL: "https://exchange.example" });
    expect(server.output()).not.toMatch(/BASE_URL is not set/);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });
});
