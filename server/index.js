// @ts-check
// `npm start`: migrate, seed the demo on an empty database, and serve on PORT.
import { createAppServer } from "./app.js";

process.env.NODE_ENV ??= "production";
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";

const started = Date.now();
const app = await createAppServer({ port, host });
console.log(`Knowledge Exchange listening on http://localhost:${app.port} (ready in ${Date.now() - started} ms)`);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    app.close().then(() => process.exit(0));
  });
}
