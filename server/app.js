// @ts-check
// The HTTP server: static assets, request guards, then Remix. `createAppServer` is used
// by `npm start`, the tests and the benchmark alike, so they all exercise the same stack.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { mountCompression } from "./compression.js";
import { createRequestHandler } from "@remix-run/express";
import express from "express";
import {
  bodySizeLimit,
  FORM_CONTENT_TYPE,
  formBodiesOnly,
  forwardedHeaders,
  ignoreAnswersAfterBodyRefused,
  sameOriginGuard,
  securityHeaders,
} from "./security.js";

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
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address()); // once listening on TCP
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
  // Remix and express.static set their own validators; res.send() would hash every body.
  app.set("etag", false);
  // Remix reads the URL itself; nothing here uses req.query, so don't parse it per request.
  app.set("query parser", false);
  const trustProxy = process.env.TRUST_PROXY === "1";
  app.set("trust proxy", trustProxy);
  app.use(forwardedHeaders({ trustProxy }));
  app.use(securityHeaders({ isDev }));
  // Precompressed build assets and compressed HTML (server/compression.js, ADR 020).
  mountCompression(app, { buildDir, isDev });
  app.use(bodySizeLimit());
  app.use("/build", express.static(path.join(buildDir, "public"), { immutable: true, maxAge: "1y", index: false }));
  app.use(publicFiles({ isDev }));
  app.use(sameOriginGuard({ baseUrl: baseUrl && /^https?:/.test(baseUrl) ? baseUrl : undefined }));
  mountDotEndpoint(app, build.entry.module.handleDotRequest);
  if (!isDev) mountBoardDocuments(app, build.entry.module.handleBoardDocumentRequest);
  if (!isDev) app.use(anonymousPageCache(build.entry.module));
  app.use(formBodiesOnly());
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: isDev ? "development" : "production",
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce,
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
        pageCache: res.locals.pageCache,
        documentTemplate: res.locals.documentTemplate,
      }),
    }),
  );
  app.use(ignoreAnswersAfterBodyRefused);
  return app;
}

/**
 * Files in public/. express.static asks the disk (a stat) for every request it sees, so
 * in production only requests for files that exist at boot are sent to it; in development
 * the folder is served as is, so new files show up without a restart.
 * @param {{ isDev: boolean }} options
 * @returns {import('express').RequestHandler}
 */
function publicFiles({ isDev }) {
  const serve = express.static("public", { maxAge: "1h", index: false });
  if (isDev) return serve;
  /** @type {Set<string>} */
  const known = new Set();
  /** @param {string} dir @param {string} prefix */
  const walk = (dir, prefix) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const url = `${prefix}/${entry.name}`;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), url);
      else known.add(url);
    }
  };
  walk(path.resolve("public"), "");
  return (req, res, next) => (known.has(req.path) ? serve(req, res, next) : next());
}

/**
 * Dot votes from the board page with JavaScript go straight to the board's handler, not
 * through Remix: app/board/dot-endpoint.server.ts says why. The guards above still apply.
 * @param {import('express').Express} app
 * @param {((request: { slug: string, boardId: string, cookie: string | null, form: URLSearchParams, ip: string | null }) => Promise<{ status: number, body: unknown }>) | undefined} handleDotRequest
 */
function mountDotEndpoint(app, handleDotRequest) {
  if (!handleDotRequest) return;
  /** @param {import('express').Response} res @param {number} status @param {unknown} body */
  const reply = (res, status, body) => {
    // Written directly: res.json() costs more than the vote (content negotiation, charset, Buffer copies).
    res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
    res.end(JSON.stringify(body));
  };
  app.post("/events/:slug/boards/:boardId/dots", async (req, res) => {
    const form = await readDotForm(req);
    if (typeof form === "number") {
      reply(res, form, { ok: false, error: DOT_FORM_REFUSALS[form] });
      return;
    }
    try {
      const result = await handleDotRequest({
        slug: req.params.slug,
        boardId: req.params.boardId,
        cookie: req.get("cookie") ?? null,
        form: new URLSearchParams(form),
        ip: req.ip ?? req.socket.remoteAddress ?? null,
      });
      reply(res, result.status, result.body);
    } catch (error) {
      console.error("dot endpoint failed", error);
      reply(res, 500, { ok: false, error: "Something went wrong. Reload the board to see your dots." });
    }
  });
}

const DOT_FORM_MAX_BYTES = 4 * 1024;
const DOT_FORM_REFUSALS = {
  400: "The form did not arrive whole.",
  413: "The form is too large.",
  415: "Send the form as application/x-www-form-urlencoded.",
};

/**
 * A dot vote's urlencoded body as a string, or 415 (another type), 413 (over 4 kB), 400
 * (the upload broke off): what express.text() did for this endpoint, without its content
 * negotiation and charset machinery (about a tenth of a vote's CPU). Form bodies are
 * percent-encoded ASCII.
 * @param {import('express').Request} req
 * @returns {Promise<string | 400 | 413 | 415>}
 */
function readDotForm(req) {
  return new Promise((resolve) => {
    const refuse = (/** @type {400 | 413 | 415} */ status) => {
      req.resume();
      resolve(status);
    };
    if (!FORM_CONTENT_TYPE.test(req.headers["content-type"] ?? "")) return refuse(415);
    if (Number(req.headers["content-length"] ?? 0) > DOT_FORM_MAX_BYTES) return refuse(413);
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    const onData = (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size <= DOT_FORM_MAX_BYTES) return void chunks.push(chunk);
      req.off("data", onData);
      refuse(413);
    };
    req.on("data", onData);
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => refuse(400));
  });
}

/**
 * Board pages of signed-in attendees are filled in from the board's shared template when
 * there is one (app/board/template/board-document.server.tsx, ADR 014); otherwise Remix renders the
 * page, and learns the template when the request says so.
 * @param {import('express').Express} app
 * @param {((request: { path: string, slug: string, boardId?: string, cookie: string | null, nonce: string }) => Promise<{ html: Buffer } | { learn: unknown } | null>) | undefined} handleBoardDocumentRequest
 */
function mountBoardDocuments(app, handleBoardDocumentRequest) {
  if (!handleBoardDocumentRequest) return;
  app.get(["/events/:slug/board", "/events/:slug/boards/:boardId"], async (req, res, next) => {
    // Only the page itself: data requests (?_data=) and anything with a query go to Remix.
    if (req.method !== "GET" || !req.headers.cookie || req.originalUrl !== req.path || req.path.endsWith("/")) return next();
    try {
      const outcome = await handleBoardDocumentRequest({
        path: req.path,
        slug: req.params.slug,
        boardId: req.params.boardId,
        cookie: req.headers.cookie,
        nonce: res.locals.cspNonce,
      });
      if (!outcome) return next();
      if ("learn" in outcome) {
        res.locals.documentTemplate = outcome.learn;
        return next();
      }
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": outcome.html.length, "X-Page-Cache": "template" });
      res.end(outcome.html);
    } catch (error) {
      console.error("board page template failed; Remix renders the page", error);
      next();
    }
  });
}

/**
 * Cookie-less GETs of public pages are answered from the micro-cache when it has them
 * (app/utils/page-cache.server.ts says what is kept and for how long); otherwise the
 * database version before the loaders run goes to Remix, which stores the page it renders.
 * @param {{ isPageCacheCandidate?: (method: string, cookie: string | undefined) => boolean, pageCacheLookup?: (url: string, nonce: string) => { body: string, headers: [string, string][] } | null, pageCacheVersion?: () => string }} entry
 * @returns {import('express').RequestHandler}
 */
function anonymousPageCache({ isPageCacheCandidate, pageCacheLookup, pageCacheVersion }) {
  if (!isPageCacheCandidate || !pageCacheLookup || !pageCacheVersion) return (_req, _res, next) => next();
  return (req, res, next) => {
    if (!isPageCacheCandidate(req.method, req.headers.cookie)) return next();
    const hit = pageCacheLookup(req.originalUrl, res.locals.cspNonce);
    if (!hit) {
      res.locals.pageCache = { key: req.originalUrl, version: pageCacheVersion() };
      return next();
    }
    for (const [name, value] of hit.headers) res.setHeader(name, value);
    res.setHeader("Content-Length", Buffer.byteLength(hit.body));
    res.setHeader("X-Page-Cache", "hit");
    res.writeHead(200);
    res.end(hit.body);
  };
}
