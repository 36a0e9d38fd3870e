// The real server as a child process (`node server/index.js`) on the test file's
// database file, for tests that need a second process: crashes, and limits or races
// that must hold across processes. Killed when the file's tests end.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll } from "vitest";

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** Starts `node server/index.js` on a free port and resolves once it listens. */
export function startServerProcess(env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.resolve("server/index.js")], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      BUILD_DIR: process.env.BUILD_DIR ?? "build",
      DATABASE_PATH: process.env.DATABASE_PATH!,
      PORT: "0",
      HOST: "127.0.0.1",
      SEED_DEMO: "0",
      KX_TEST_FAST_HASH: "1",
      KX_RATE_LIMIT_MULTIPLIER: "1000",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on http:\/\/localhost:(\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${match[1]}` });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code, signal) => reject(new Error(`server exited (${code ?? signal}):\n${output}`)));
  });
}
