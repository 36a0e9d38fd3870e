// @ts-check
// `npm start`: migrate, seed the demo on an empty database, and serve on PORT. Keep it
// running with a supervisor that restarts it (README, "Running in production").
import { createAppServer } from "./app.js";
import { exitOnFatalErrors } from "./process-guards.js";

process.env.NODE_ENV ??= "production";
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";

/** @type {Awaited<ReturnType<typeof createAppServer>> | undefined} */
let app;
exitOnFatalErrors(() => app?.close());
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    Promise.resolve(app?.close()).then(() => process.exit(0));
  });
}

const started = Date.now();
try {
  app = await createAppServer({ port, host });
} catch (error) {
  // A bad configuration says what to fix (app/utils/env.server.ts), without a stack trace.
  console.error(`Knowledge Exchange could not start. ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
if (!process.env.BASE_URL) {
  console.warn(
    `BASE_URL is not set: links in feeds, calendar files, notes.md and e-mails use the address a request came to only when it names this machine (localhost, its host name or addresses), otherwise http://localhost:${port}. Set BASE_URL to the public URL, e.g. BASE_URL=https://exchange.example.com.`,
  );
}
console.log(`Knowledge Exchange listening on http://localhost:${app.port} (ready in ${Date.now() - started} ms)`);
