// Rate limits on rate-limiter-flexible's SQLite store, on the app's own connection and
// the `rate_limits` table of migration 0007 (never created at run time), so every
// process on the database file counts the same attempts. Moving to Redis later means
// swapping `storeLimiter` for RateLimiterRedis; callers do not change.
//
// For forms (sign-up, registration, reset requests, resends):
//   await enforceRateLimit(`signup:ip:${ip}`, LIMITS.signupPerIp);
// counts the attempt and throws a 429 Response with Retry-After once the key is over
// its limit, rendered by the shared error boundary. ALWAYS await it: a forgotten await
// lets every request through (tests/rate-limit.test.ts checks the call sites).
// Login has its own rules (app/accounts/login-limits.server.ts) built on `storeLimiter`.
//
// Tests loosen the limits with KX_RATE_LIMIT_MULTIPLIER; production never turns them off.
import type Database from "better-sqlite3";
import { lt } from "drizzle-orm";
import { RateLimiterRes, RateLimiterSQLite } from "rate-limiter-flexible";
import { getDb } from "#db/client";
import { rateLimits } from "#db/schema";
import { TooManyAttempts } from "~/utils/errors.server";

const MULTIPLIER_FLAG = "KX_RATE_LIMIT_MULTIPLIER";
const TABLE = "rate_limits";

/** How many points a limit allows, scaled for tests by KX_RATE_LIMIT_MULTIPLIER. */
export function scaledPoints(points: number) {
  const value = Number(process.env[MULTIPLIER_FLAG] ?? "1");
  return Math.floor(points * (Number.isFinite(value) && value >= 1 ? value : 1));
}

/** `limit` attempts per fixed window of `windowMs`, counted per key. */
export type RateLimit = { limit: number; windowMs: number };

export const LIMITS = {
  signupPerIp: { limit: 10, windowMs: 60 * 60_000 },
  registrationPerIp: { limit: 20, windowMs: 60 * 60_000 },
  /** Current-password checks on the account page (change password, delete account). */
  passwordReauthPerUser: { limit: 10, windowMs: 15 * 60_000 },
  topicPerUser: { limit: 30, windowMs: 10 * 60_000 },
  proposalPerUser: { limit: 20, windowMs: 60 * 60_000 },
  /** Guests joining an event's boards (issue 17.1): a room behind one Wi-Fi address joins within minutes. */
  guestJoinPerIp: { limit: 60, windowMs: 10 * 60_000 },
  // Identity links by e-mail (ADR 018): each one sends a message, so few per hour.
  verificationResendPerUser: { limit: 5, windowMs: 60 * 60_000 },
  passwordResetPerAddress: { limit: 5, windowMs: 60 * 60_000 },
  passwordResetPerIp: { limit: 20, windowMs: 60 * 60_000 },
  // Mails an organiser makes the app send to an address they typed or chose (security review,
  // 7 Dec 2026; app/outbox/mail-limits.server.ts; SECURITY.md "Mail limits, 7 Dec 2026"). Per
  // person, so one account cannot mail the world, and per event, so neither can several
  // organisers together. A door rush is ~60 walk-ins in 30 minutes: one person at the door
  // stays well inside; a script is stopped within the hour.
  /** "Send them a link to take this seat": at the door, mostly for people who have an account. */
  walkInLinkPerUser: { limit: 60, windowMs: 60 * 60_000 },
  walkInLinkPerEvent: { limit: 120, windowMs: 60 * 60_000 },
  /** Walk-ins (a new address gets an account and a confirmation mail): a door rush at full speed is 120 an hour. */
  walkInPerUser: { limit: 200, windowMs: 60 * 60_000 },
  walkInPerEvent: { limit: 500, windowMs: 60 * 60_000 },
  /** Co-organiser and co-author invitations: a team is a handful of people. */
  roleInvitePerUser: { limit: 30, windowMs: 60 * 60_000 },
  roleInvitePerEvent: { limit: 60, windowMs: 60 * 60_000 },
  /** Messages to an event's attendees (registered people only, but each one mails the whole list). */
  eventMessagePerUser: { limit: 10, windowMs: 60 * 60_000 },
  eventMessagePerEvent: { limit: 20, windowMs: 60 * 60_000 },
} satisfies Record<string, RateLimit>;

export type StoreLimiterOptions = {
  /** Namespace of the keys in the table. */
  keyPrefix: string;
  /** Points per window, before KX_RATE_LIMIT_MULTIPLIER. */
  points: number;
  /** Window in seconds, counted from the key's first point. */
  durationSeconds: number;
};

const limiters = new WeakMap<Database.Database, Map<string, RateLimiterSQLite>>();

/**
 * A rate-limiter-flexible limiter on the app's database connection (made on first
 * use, never at import time; one per connection and options).
 */
export function storeLimiter({ keyPrefix, points, durationSeconds }: StoreLimiterOptions): RateLimiterSQLite {
  const client = getDb().$client;
  let byOptions = limiters.get(client);
  if (!byOptions) limiters.set(client, (byOptions = new Map()));
  const scaled = scaledPoints(points);
  const id = `${keyPrefix}|${scaled}|${durationSeconds}`;
  let limiter = byOptions.get(id);
  if (!limiter) {
    limiter = new RateLimiterSQLite({
      storeClient: client,
      storeType: "better-sqlite3",
      tableName: TABLE,
      tableCreated: true,
      // Expired rows go in our own job (startRateLimitCleanup): the library's timer does
      // not catch a failed DELETE, and an unhandled rejection would end the process.
      clearExpiredByTimeout: false,
      keyPrefix,
      points: scaled,
      duration: durationSeconds,
    });
    byOptions.set(id, limiter);
  }
  return limiter;
}

/** Whole seconds until `res` allows again (at least 1). */
export function retryAfterSeconds(res: RateLimiterRes) {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/**
 * Consumes a point: `allowed` with the key's state after it, or refused. Store errors
 * are thrown, never taken for a refusal.
 */
export async function consumePoint(limiter: RateLimiterSQLite, key: string): Promise<{ allowed: boolean; res: RateLimiterRes }> {
  try {
    return { allowed: true, res: await limiter.consume(key) };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { allowed: false, res: rejection };
    throw rejection;
  }
}

/**
 * Counts this attempt and, once the key is over its limit, throws a 429 Response with
 * Retry-After (the shared error boundary shows it). With `onForm`, throws a TooManyAttempts
 * with that message instead, for the action's reply helpers to put on the form (with Retry-After).
 */
export async function enforceRateLimit(key: string, { limit, windowMs }: RateLimit, onForm?: { message: string }): Promise<void> {
  const limiter = storeLimiter({ keyPrefix: "limit", points: limit, durationSeconds: Math.ceil(windowMs / 1000) });
  const { allowed, res } = await consumePoint(limiter, key);
  if (allowed) return;
  const retryAfter = retryAfterSeconds(res);
  if (onForm) throw new TooManyAttempts(pleaseWait(retryAfter, onForm.message), retryAfter);
  tooManyAttempts(retryAfter);
}

/** "Too many attempts. Please wait 13 minutes and try again." */
const pleaseWait = (retryAfter: number, message: string) => `${message} Please wait ${waitText(retryAfter)} and try again.`;

/** Throws the shared 429 answer with Retry-After and a wait people can read. */
export function tooManyAttempts(retryAfter: number, message = "Too many attempts."): never {
  throw new Response(pleaseWait(retryAfter, message), {
    status: 429,
    headers: { "Retry-After": String(retryAfter) },
  });
}

/** "45 seconds", "1 minute", "13 minutes": people read minutes better than 778 seconds. */
export function waitText(seconds: number) {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  if (seconds < 2 * 60 * 60) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  return `${Math.ceil(seconds / 3600)} hours`;
}

/** Deletes counters and blocks that expired before `now`; returns how many. */
export function deleteExpiredRateLimits(now = Date.now()) {
  return getDb().delete(rateLimits).where(lt(rateLimits.expire, now)).run().changes;
}

/** The background job (app/startup.server.ts): expired rows out every 5 minutes. */
export function startRateLimitCleanup(intervalMs = 5 * 60_000) {
  const timer = setInterval(() => {
    try {
      deleteExpiredRateLimits();
    } catch (error) {
      console.error("rate limits: cleanup failed", error);
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
