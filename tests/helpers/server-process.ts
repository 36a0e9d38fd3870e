// The real server as a child process (`node server/index.js`) on the test file's
// database file, for tests that need a second process (crashes, and limits or races
// that must hold across processes) or the process itself (memory, fatal errors,
// start-up). Killed when the file's tests end.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll } from "vitest";

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

export type ServerProcess = {
  child: ChildProcess;
  url: string;
  /** Everything it wrote to stdout and stderr so far. */
  output: () => string;
  /** Its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
};

/**
 * Starts `node server/index.js` on a free port and resolves once it listens; rejects
 * (with `output` and `code`) when it exits first. `env` adds to the test's environment
 * (undefined removes a variable); `nodeArgs` go to node before the script.
 */
export function startServerProcess(
  env: Record<string, string | undefined> = {},
  options: { nodeArgs?: string[] } = {},
): Promise<ServerProcess> {
  const merged: NodeJS.ProcessEnv = {
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
  };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), path.resolve("server/index.js")], {
    env: merged,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on http:\/\/localhost:(\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${match[1]}`, output: () => output, exited });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`server exited (${code ?? "signal"}):\n${output}`), { output, code }));
    });
  });
}
