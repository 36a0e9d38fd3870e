// @ts-check
// Compression, decided in docs/decisions/020-compression-and-client-javascript.md:
// - build assets (/build/*) are compressed once, at build time (scripts/compress-assets.js
//   writes `x.br` and `x.gz` next to `x`); here they are read into memory at boot and sent
//   as they are. A request with a Range header gets the identity file (express.static
//   answers it), so byte ranges always refer to the file's own bytes.
// - HTML is compressed per response, at a level chosen by its size
//   (htmlEncodingFor): measured cost against bytes saved is in the ADR.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import express from "express";

/** Below this many bytes a response goes out as it is: it fits in a packet or two anyway. */
export const HTML_MIN_BYTES = 1024;
/**
 * From this size on the cheapest levels: on large pages a higher level costs more CPU than
 * filling in the page's template, for a few per cent fewer bytes (figures in ADR 020).
 */
export const HTML_LARGE_BYTES = 32 * 1024;

/** Encodings of the precompressed variants, in order of preference; the extension of each file. */
export const ASSET_ENCODINGS = /** @type {const} */ ([
  { name: "br", extension: ".br" },
  { name: "gzip", extension: ".gz" },
]);

/**
 * The encodings a request's Accept-Encoding allows, best first: `br` before `gzip` unless the
 * client gave gzip a higher q-value. Identity is always acceptable and never listed.
 * @param {string | undefined} header
 * @returns {("br" | "gzip")[]}
 */
export function acceptedEncodings(header) {
  if (!header) return [];
  /** @type {Record<string, number>} */
  const q = {};
  for (const part of header.split(",")) {
    const [rawName, ...params] = part.split(";");
    const name = rawName.trim().toLowerCase();
    if (!name) continue;
    let value = 1;
    for (const param of params) {
      const [key, v] = param.split("=");
      if (key.trim().toLowerCase() === "q") value = Number(v);
    }
    q[name] = Number.isFinite(value) ? value : 0;
  }
  const weight = (/** @type {string} */ name) => q[name] ?? q["*"] ?? 0;
  /** @type {("br" | "gzip")[]} */
  const names = ["br", "gzip"];
  return names.filter((name) => weight(name) > 0).sort((a, b) => weight(b) - weight(a));
}

/**
 * How an HTML body of `size` bytes is sent to a client accepting `accepted`: the level
 * per size range is ADR 020's decision, with its measurements.
 * @param {number} size
 * @param {("br" | "gzip")[]} accepted
 * @returns {{ encoding: "br", quality: number } | { encoding: "gzip", level: number } | null}
 */
export function htmlEncodingFor(size, accepted) {
  if (size < HTML_MIN_BYTES || accepted.length === 0) return null;
  const large = size >= HTML_LARGE_BYTES;
  return accepted[0] === "br" ? { encoding: "br", quality: large ? 1 : 4 } : { encoding: "gzip", level: large ? 1 : 6 };
}

/**
 * Synchronous on purpose: measured under load (ADR 020), the thread-pool variants cost 1.5–2×
 * the CPU per page and let dozens of encoders and bodies pile up in memory (RSS +90 MB at 50
 * connections), for no gain on a machine whose cores are busy anyway. The brotli window is
 * sized to the body, so a small page does not allocate a 4 MB ring buffer.
 * @param {Buffer} body
 * @param {NonNullable<ReturnType<typeof htmlEncodingFor>>} choice
 * @returns {Buffer}
 */
export function compressBody(body, choice) {
  if (choice.encoding === "br") {
    return zlib.brotliCompressSync(body, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: choice.quality,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        [zlib.constants.BROTLI_PARAM_LGWIN]: Math.max(10, Math.min(24, Math.ceil(Math.log2(body.length + 1)))),
      },
    });
  }
  return zlib.gzipSync(body, { level: choice.level });
}

/** @param {import('node:http').ServerResponse} res */
function addVary(res) {
  const vary = res.getHeader("Vary");
  const current = Array.isArray(vary) ? vary.join(", ") : vary === undefined ? "" : String(vary);
  if (/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(current)) return;
  res.setHeader("Vary", current ? `${current}, Accept-Encoding` : "Accept-Encoding");
}

/**
 * The precompressed variants under `root`, read once: url path → encoding → bytes.
 * @param {string} root
 */
export function loadPrecompressedAssets(root) {
  /** @type {Map<string, { type: string, variants: Map<string, { body: Buffer, etag: string }> }>} */
  const assets = new Map();
  /** @param {string} dir @param {string} prefix */
  const walk = (dir, prefix) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(file, `${prefix}/${entry.name}`);
        continue;
      }
      if (ASSET_ENCODINGS.some((e) => entry.name.endsWith(e.extension))) continue;
      /** @type {Map<string, { body: Buffer, etag: string }>} */
      const variants = new Map();
      const originalTime = fs.statSync(file).mtimeMs;
      for (const { name, extension } of ASSET_ENCODINGS) {
        const variant = file + extension;
        // A variant older than its file is left over from an earlier build: not trusted.
        if (!fs.existsSync(variant) || fs.statSync(variant).mtimeMs < originalTime) continue;
        const body = fs.readFileSync(variant);
        const etag = `"${crypto.createHash("sha1").update(body).digest("base64url").slice(0, 22)}-${name}"`;
        variants.set(name, { body, etag });
      }
      if (variants.size) assets.set(`${prefix}/${entry.name}`, { type: express.static.mime.lookup(entry.name), variants });
    }
  };
  walk(root, "");
  return assets;
}

/**
 * Serves build assets' precompressed variants (mount under the same path as the static
 * files, before them). Anything it does not answer (no variant, no accepted encoding, a
 * Range request, another method) goes on to express.static, with `Vary` set when the file
 * has variants.
 * @param {{ root: string, maxAgeSeconds: number }} options
 * @returns {import('express').RequestHandler}
 */
export function precompressedAssets({ root, maxAgeSeconds }) {
  const assets = loadPrecompressedAssets(root);
  const cacheControl = `public, max-age=${maxAgeSeconds}, immutable`;
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const asset = assets.get(req.path);
    if (!asset) return next();
    addVary(res);
    if (req.headers.range) return next();
    const encoding = acceptedEncodings(req.headers["accept-encoding"]).find((name) => asset.variants.has(name));
    if (!encoding) return next();
    const variant = /** @type {{ body: Buffer, etag: string }} */ (asset.variants.get(encoding));
    res.setHeader("Content-Type", `${asset.type}${/^(text\/|application\/javascript)/.test(asset.type) ? "; charset=UTF-8" : ""}`);
    res.setHeader("Content-Encoding", encoding);
    res.setHeader("Cache-Control", cacheControl);
    res.setHeader("ETag", variant.etag);
    if (req.headers["if-none-match"] === variant.etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.setHeader("Content-Length", variant.body.length);
    res.statusCode = 200;
    res.end(req.method === "HEAD" ? undefined : variant.body);
  };
}

/**
 * Compresses HTML responses for clients that accept it: the whole body is collected (pages
 * are rendered as one string, so nothing is delayed), then compressed at the level
 * htmlEncodingFor picks. Everything else (other types, HEAD, streams such as server-sent
 * events, responses already encoded) passes through untouched, decided at the first
 * writeHead/write/end.
 * @returns {import('express').RequestHandler}
 */
export function compressHtml() {
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    // HEAD answers with the identity headers (plus Vary): there is no body to compress.
    const accepted = req.method === "GET" ? acceptedEncodings(req.headers["accept-encoding"]) : [];
    const original = { writeHead: res.writeHead, write: res.write, end: res.end };
    /** @type {Buffer[] | null} */
    let chunks = null;
    let decided = false;
    const restore = () => {
      res.writeHead = original.writeHead;
      res.write = original.write;
      res.end = original.end;
    };
    /** Whether to collect this response; restores the real methods when not. */
    const decide = () => {
      if (decided) return chunks !== null;
      decided = true;
      const type = String(res.getHeader("Content-Type") ?? "");
      if (!/^text\/html/i.test(type) || res.getHeader("Content-Encoding") || res.statusCode === 204 || res.statusCode === 304) {
        restore();
        return false;
      }
      addVary(res);
      if (!accepted.length) {
        restore();
        return false;
      }
      chunks = [];
      return true;
    };
    /** @param {any} chunk @param {any} [encoding] */
    const collect = (chunk, encoding) => {
      if (chunk === undefined || chunk === null || typeof chunk === "function") return;
      /** @type {Buffer[]} */ (chunks).push(
        Buffer.isBuffer(chunk)
          ? chunk
          : typeof chunk === "string"
            ? Buffer.from(chunk, typeof encoding === "string" ? /** @type {BufferEncoding} */ (encoding) : "utf8")
            : Buffer.from(chunk),
      );
    };
    // writeHead(status, [message], [headers]): headers become setHeader calls so that the
    // decision (and the final head) sees them; the head itself is written by end().
    /** @type {any} */ (res).writeHead = function writeHead(/** @type {number} */ status, /** @type {any[]} */ ...rest) {
      res.statusCode = status;
      let headers = rest[rest.length - 1];
      if (typeof rest[0] === "string") res.statusMessage = rest[0];
      if (headers && typeof headers === "object") {
        if (Array.isArray(headers)) {
          for (let i = 0; i + 1 < headers.length; i += 2) res.setHeader(headers[i], headers[i + 1]);
        } else {
          for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
        }
      } else headers = undefined;
      if (!decide()) return original.writeHead.call(res, res.statusCode);
      return res;
    };
    /** @type {any} */ (res).write = function write(/** @type {any} */ chunk, /** @type {any} */ encoding, /** @type {any} */ callback) {
      if (!decide()) return original.write.call(res, chunk, encoding, callback);
      collect(chunk, encoding);
      const done = typeof encoding === "function" ? encoding : callback;
      if (typeof done === "function") process.nextTick(done);
      return true;
    };
    /** @type {any} */ (res).end = function end(/** @type {any} */ chunk, /** @type {any} */ encoding, /** @type {any} */ callback) {
      if (!decide()) return original.end.call(res, chunk, encoding, callback);
      collect(chunk, encoding);
      restore();
      const done = [chunk, encoding, callback].find((arg) => typeof arg === "function");
      const body = Buffer.concat(/** @type {Buffer[]} */ (chunks));
      const choice = htmlEncodingFor(body.length, accepted);
      if (!choice) {
        res.setHeader("Content-Length", body.length);
        return original.end.call(res, body, done);
      }
      const compressed = compressBody(body, choice);
      res.setHeader("Content-Encoding", choice.encoding);
      res.setHeader("Content-Length", compressed.length);
      return original.end.call(res, compressed, done);
    };
    next();
  };
}

/**
 * Mounts both, in front of everything that answers (ADR 020): precompressed build assets
 * under /build (not in development, where the build changes under the server) and HTML
 * compression.
 * @param {import('express').Express} app
 * @param {{ buildDir: string, isDev: boolean }} options
 */
export function mountCompression(app, { buildDir, isDev }) {
  if (!isDev) app.use("/build", precompressedAssets({ root: path.join(buildDir, "public"), maxAgeSeconds: 365 * 24 * 3600 }));
  app.use(compressHtml());
}
