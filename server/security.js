// @ts-check
// Request guards that run before Remix sees a request: security headers with a
// per-request CSP nonce, and the same-origin check for every state-changing request.
import crypto from "node:crypto";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** @param {{ isDev: boolean }} options */
export function securityHeaders({ isDev }) {
  /** @type {import('express').RequestHandler} */
  return (req, res, next) => {
    const nonce = crypto.randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    const connect = isDev ? "'self' ws://localhost:* ws://127.0.0.1:*" : "'self'";
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: https:",
        "font-src 'self'",
        `connect-src ${connect}`,
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join("; "),
    );
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
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
    res
      .status(403)
      .type("text/plain")
      .send(
        "Forbidden: this request did not come from this site (cross-origin or missing Origin header).",
      );
  };
}

/** Larger bodies are refused before anything reads them (the biggest form, a note, is far smaller). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * Refuses request bodies whose declared Content-Length exceeds `maxBytes` with 413,
 * before Remix buffers them. (Browsers always declare the length of a form post.)
 * @param {{ maxBytes?: number }} [options]
 */
export function bodySizeLimit({ maxBytes = MAX_BODY_BYTES } = {}) {
  /** @type {import('express').RequestHandler} */
  return (req, res, next) => {
    if (Number(req.get("content-length") ?? "0") <= maxBytes) return next();
    res.status(413).set("Connection", "close").type("text/plain").send("Request too large: at most 2 MB.");
    req.resume();
  };
}
