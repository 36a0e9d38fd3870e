// @ts-check
// The HTTP server: static assets, request guards, then Remix. `createAppServer` is used
// by `npm start`, the tests and the benchmark alike, so they all exercise the same stack.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import express from "express";
import { sameOriginGuard, securityHeaders } from "./security.js";

/**
 * @param {{ buildDir?: string, port?: number, host?: string, baseUrl?: string, runStartup?: boolean }} [options]
 */
export async function createAppServer(options = {}) {
  const buildDir = path.resolve(options.buildDir ?? process.env.BUILD_DIR ?? "build");
  const isDev = process.env.NODE_ENV === "development";
  /** @type {any} */
  const build = await import(pathToFileURL(path.join(buildDir, "index.js")).href);
  const app = createExpressApp({ build, buildDir, isDev, baseUrl: options.baseUrl ?? process.env.BASE_URL });

  /** @type {{ stop?: () => void } | undefined} */
  let background;
  if (options.runStartup !== false) background = await build.entry.module.startup();

  const server = await new Promise((resolve) => {
    const s = app.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve(s));
  });
  // @ts-ignore - address() is an AddressInfo once listening on TCP
  const { port } = server.address();
  return {
    app,
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    build,
    /** @returns {Promise<void>} */
    close: () =>
      new Promise((resolve) => {
        background?.stop?.();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/**
 * @param {{ build: any, buildDir: string, isDev: boolean, baseUrl?: string }} options
 */
export function createExpressApp({ build, buildDir, isDev, baseUrl }) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", process.env.TRUST_PROXY === "1");
  app.use(securityHeaders({ isDev }));
  app.use(
    "/build",
    express.static(path.join(buildDir, "public"), { immutable: true, maxAge: "1y", index: false }),
  );
  app.use(express.static("public", { maxAge: "1h", index: false }));
  app.use(sameOriginGuard({ baseUrl: baseUrl && /^https?:/.test(baseUrl) ? baseUrl : undefined }));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: isDev ? "development" : "production",
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce,
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
      }),
    }),
  );
  return app;
}
