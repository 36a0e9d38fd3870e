// The real `npm start` entry (`node server/index.js`) as a child process on a free port,
// for tests about the process itself: crashes, memory, start-up. Every process started
// here is killed when the test file ends.
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
 * Starts the server in production mode on the test file's database and resolves once it
 * listens; rejects (with `output` and `code`) when it exits first. `env` adds to or (with
 * undefined) removes from the test's environment; `nodeArgs` go before the script.
 */
export function startServerProcess(options: { env?: Record<string, string | undefined>; nodeArgs?: string[] } = {}): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    BUILD_DIR: process.env.BUILD_DIR ?? "build",
    PORT: "0",
    HOST: "127.0.0.1",
    SEED_DEMO: "0",
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), path.resolve("server/index.js")], { env, stdio: ["ignore", "pipe", "pipe"] });
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
