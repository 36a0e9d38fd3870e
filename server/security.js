// @ts-check
// Request guards that run before Remix sees a request: security headers with a
// per-request CSP nonce, and the same-origin check for every state-changing request.
import crypto from "node:crypto";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Scripts and style sheets of the build. A browser applies CSP, frame and opener policies
 * to documents (and workers, which the app does not start), not to a script or style sheet
 * it loads, so those files carry only the headers that matter for them: nosniff (never run
 * as anything but what their Content-Type says) and the referrer policy. That saves about
 * 500 bytes on each of the twenty-odd files of a first visit on a phone (ADR 020). Every
 * other response, SVG files included (an SVG opened on its own is a document), gets all.
 */
const SUBRESOURCE = /^\/build\/[^?]+\.(?:js|css|map)$/;

/** @param {{ isDev: boolean }} options */
export function securityHeaders({ isDev }) {
  /** @type {import('express').RequestHandler} */
  return (req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    if (SUBRESOURCE.test(req.path)) return next();
    const nonce = crypto.randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    const connect = isDev ? "'self' ws://localhost:* ws://127.0.0.1:*" : "'self'";
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        "style-src 'self' 'unsafe-inline'",
        // No images from other sites: one in a note would tell that site who reads it
        // (app/utils/markdown.server.ts shows them as links instead).
        "img-src 'self' data:",
        "font-src 'self'",
        `connect-src ${connect}`,
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join("; "),
    );
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    next();
  };
}

/** Headers a reverse proxy sets about the original request; anyone can send them too. */
const FORWARDED_HEADERS = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-for", "x-forwarded-port", "forwarded"];

/**
 * Without TRUST_PROXY=1 nothing in front of the app is trusted, so what a client says
 * in X-Forwarded-* is dropped before anything reads it (Express already ignores it, but
 * Remix builds the request URL's port from X-Forwarded-Host regardless).
 * @param {{ trustProxy: boolean }} options
 */
export function forwardedHeaders({ trustProxy }) {
  /** @type {import('express').RequestHandler} */
  return (req, _res, next) => {
    if (!trustProxy) for (const name of FORWARDED_HEADERS) if (req.headers[name] !== undefined) delete req.headers[name];
    next();
  };
}

/**
 * The origin a request may legitimately come from: BASE_URL when configured,
 * else the scheme and Host of the request itself.
 * @param {import('express').Request} req
 * @param {string | undefined} baseUrl
 */
export function expectedOrigin(req, baseUrl) {
  if (baseUrl) return new URL(baseUrl).origin;
  return `${req.protocol}://${req.get("host")}`;
}

/** @param {string | undefined} value */
function originOf(value) {
  if (!value) return undefined;
  try {
    return new URL(value).origin;
  } catch {
    return "invalid";
  }
}

/**
 * Every non-GET request must carry an Origin (or, failing that, a Referer) of the app's
 * own origin. SameSite=Lax cookies alone are not enough (OWASP CSRF cheat sheet).
 * @param {{ baseUrl?: string }} options
 */
export function sameOriginGuard({ baseUrl }) {
  /** @type {import('express').RequestHandler} */
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = originOf(req.get("origin")) ?? originOf(req.get("referer"));
    if (origin && origin === expectedOrigin(req, baseUrl)) return next();
    res.status(403).type("text/plain").send("Forbidden: this request did not come from this site (cross-origin or missing Origin header).");
  };
}

/** The one body format the app's forms and the dot endpoint take (no route uploads files). */
export const FORM_CONTENT_TYPE = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;

const NOT_A_FORM = "Unsupported Media Type: send the form as application/x-www-form-urlencoded.";

/**
 * Every state-changing request to a page route carries a urlencoded form, or no body at
 * all (then it is an empty form, as a browser would send it). Anything else (JSON,
 * text/plain, multipart) is 415 before an action's request.formData() would throw a 500.
 */
export function formBodiesOnly() {
  /** @type {import('express').RequestHandler} */
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const type = req.headers["content-type"];
    if (type !== undefined && FORM_CONTENT_TYPE.test(type)) return next();
    const hasBody = req.headers["transfer-encoding"] !== undefined || (req.headers["content-length"] ?? "0") !== "0";
    if (type === undefined && !hasBody) {
      req.headers["content-type"] = "application/x-www-form-urlencoded";
      return next();
    }
    res.status(415).type("text/plain").send(NOT_A_FORM);
  };
}

/** The most a request body may hold (the biggest form, a note of 100,000 characters, is well under it). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

const TOO_LARGE = "Request too large: at most 2 MB.";

/**
 * Counts every request body as it streams in, whatever Content-Length or
 * Transfer-Encoding say, and stops it at `maxBytes` with 413 (ADR 015). The count sits
 * where Node's HTTP parser hands the body to the request stream (`req.push`), before any
 * reader (Remix, the dot endpoint, anything mounted later) can buffer it, so it covers
 * them all. Past the limit nothing more reaches the reader: the answer is 413 with
 * `Connection: close`, the rest is read and dropped (so the client gets to read the
 * answer) up to `maxBytes` more, then the connection is closed. Requests without a body
 * (no Content-Length, no Transfer-Encoding: every GET a browser sends) cost nothing.
 * @param {{ maxBytes?: number }} [options]
 */
export function bodySizeLimit({ maxBytes = MAX_BODY_BYTES } = {}) {
  /** @type {import('express').RequestHandler} */
  return (req, res, next) => {
    const declared = req.headers["content-length"];
    if (req.headers["transfer-encoding"] === undefined && (declared === undefined || declared === "0")) return next();
    const limit = limitBody(req, res, maxBytes);
    if (Number(declared) > maxBytes) return limit.refuse();
    next();
  };
}

/**
 * @param {import('express').Request} req
 * @param {import('express').Response} res
 * @param {number} maxBytes
 */
function limitBody(req, res, maxBytes) {
  const push = req.push;
  // Bytes that arrived before this ran (normally none: it runs first).
  let received = req.readableLength;
  // Once nobody reads the body any more (refused, or answered without reading it), the
  // rest is dropped as it arrives, and the connection closed past this many bytes.
  let dropUntil = Infinity;
  let refused = false;
  let closing = false;

  const dropRest = (/** @type {number} */ budget) => {
    if (dropUntil === Infinity) dropUntil = budget;
    req.socket?.resume(); // read on even if the reader had paused
  };
  const refuse = () => {
    refused = true;
    res.locals.bodyRefused = true;
    if (!res.headersSent) {
      res.writeHead(413, {
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Length": Buffer.byteLength(TOO_LARGE),
        Connection: "close",
      });
      res.end(TOO_LARGE);
    }
    dropRest(received + maxBytes);
  };
  // The reader gets an error, never a cut-off body that looks whole; after the answer is out.
  const close = () => {
    if (closing) return;
    closing = true;
    const error = new Error(TOO_LARGE);
    error.stack = `Error: ${TOO_LARGE} The request body was refused with 413.`; // one line where a reader logs it
    const destroy = () => req.destroy(error);
    if (res.writableFinished || res.destroyed) destroy();
    else res.once("finish", destroy).once("close", destroy);
  };

  /** @type {typeof req.push} */
  req.push = function countedPush(chunk, encoding) {
    if (dropUntil !== Infinity) {
      if (chunk !== null) {
        if ((received += chunk.length) > dropUntil) close();
      } else if (refused) close();
      else return push.call(this, chunk, encoding); // a body answered without reading it ends as usual
      return true;
    }
    if (chunk !== null && (received += chunk.length) > maxBytes) {
      refuse();
      return true;
    }
    return push.call(this, chunk, encoding);
  };
  // Node drops a body nobody read once the answer is out (_dump), but with no limit and
  // uncounted: drop it here instead, up to the limit.
  // @ts-expect-error - IncomingMessage's own _dump is not in its types
  req._dump = function countedDump() {
    this.removeAllListeners("data");
    this.resume();
    dropRest(maxBytes);
  };
  res.once("finish", () => {
    if (!req.complete) dropRest(maxBytes);
  });
  return { refuse };
}

/**
 * After bodySizeLimit() answered 413, the route that was reading the body fails and
 * tries to answer too; that second answer has nowhere to go and is not an error worth
 * a log line. Every other error goes on to Express's handler.
 * @type {import('express').ErrorRequestHandler}
 */
export const ignoreAnswersAfterBodyRefused = (error, _req, res, next) => {
  if (res.locals.bodyRefused && res.headersSent) return;
  next(error);
};
