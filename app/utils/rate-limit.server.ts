// In-process rate limits (sliding window per key). A limit that trips throws a 429
// Response with Retry-After, rendered by the shared error boundary. Tests loosen the
// limits with KX_RATE_LIMIT_MULTIPLIER; production never turns them off.
type Window = { hits: number[] };

const windows = new Map<string, Window>();
const MULTIPLIER_FLAG = "KX_RATE_LIMIT_MULTIPLIER";

function multiplier() {
  const value = Number(process.env[MULTIPLIER_FLAG] ?? "1");
  return Number.isFinite(value) && value >= 1 ? value : 1;
}

export type RateLimit = { limit: number; windowMs: number };

export const LIMITS = {
  loginPerIp: { limit: 30, windowMs: 15 * 60_000 },
  loginPerAccount: { limit: 10, windowMs: 15 * 60_000 },
  signupPerIp: { limit: 10, windowMs: 60 * 60_000 },
  registrationPerIp: { limit: 20, windowMs: 60 * 60_000 },
  topicPerUser: { limit: 30, windowMs: 10 * 60_000 },
  proposalPerUser: { limit: 20, windowMs: 60 * 60_000 },
  // Identity links by e-mail (ADR 018): each one sends a message, so few per hour.
  verificationResendPerUser: { limit: 5, windowMs: 60 * 60_000 },
  passwordResetPerAddress: { limit: 5, windowMs: 60 * 60_000 },
  passwordResetPerIp: { limit: 20, windowMs: 60 * 60_000 },
} satisfies Record<string, RateLimit>;

/** Seconds until the key may try again, or 0 when this hit is allowed (and counted). */
export function hit(key: string, { limit, windowMs }: RateLimit, now = Date.now()): number {
  const allowed = Math.floor(limit * multiplier());
  const window = windows.get(key) ?? { hits: [] };
  window.hits = window.hits.filter((t) => t > now - windowMs);
  if (window.hits.length >= allowed) {
    windows.set(key, window);
    return Math.max(1, Math.ceil((window.hits[0] + windowMs - now) / 1000));
  }
  window.hits.push(now);
  windows.set(key, window);
  if (windows.size > 50_000) pruneOld(now);
  return 0;
}

/** Seconds until the key may try again (0: allowed), without counting this look. */
export function retryAfterSeconds(key: string, { limit, windowMs }: RateLimit, now = Date.now()): number {
  const hits = (windows.get(key)?.hits ?? []).filter((t) => t > now - windowMs);
  if (hits.length < Math.floor(limit * multiplier())) return 0;
  return Math.max(1, Math.ceil((hits[0] + windowMs - now) / 1000));
}

function tooManyAttempts(retryAfter: number): never {
  throw new Response(`Too many attempts. Please wait ${waitText(retryAfter)} and try again.`, {
    status: 429,
    headers: { "Retry-After": String(retryAfter) },
  });
}

/** Counts this attempt and throws 429 once the key is over its limit. */
export function enforceRateLimit(key: string, rule: RateLimit) {
  const retryAfter = hit(key, rule);
  if (retryAfter > 0) tooManyAttempts(retryAfter);
}

/**
 * For limits that count failures only (wrong passwords per account): throws 429 while
 * the key is locked; the caller records each failure with `hit`.
 */
export function enforceFailureLimit(key: string, rule: RateLimit) {
  const retryAfter = retryAfterSeconds(key, rule);
  if (retryAfter > 0) tooManyAttempts(retryAfter);
}

/** "45 seconds", "1 minute", "13 minutes": people read minutes better than 778 seconds. */
function waitText(seconds: number) {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

function pruneOld(now: number) {
  for (const [key, window] of windows) {
    if (!window.hits.some((t) => t > now - 60 * 60_000)) windows.delete(key);
  }
}

export function resetRateLimits() {
  windows.clear();
}
