// The shared rate limits for forms (app/utils/rate-limit.server.ts) at their production
// values. Other test files loosen the limits (KX_RATE_LIMIT_MULTIPLIER=1000 in
// tests/setup); this file runs in its own process, so it sets the real multiplier before
// the server starts. Login has its own rules: tests/login-limits.test.ts.
process.env.KX_RATE_LIMIT_MULTIPLIER = "1";
process.env.TRUST_PROXY = "1";

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { count, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { passwords, rateLimits, users } from "#db/schema";
import { deleteExpiredRateLimits, enforceRateLimit, LIMITS, waitText } from "~/utils/rate-limit.server";
import { makeUser, TEST_PASSWORD } from "./helpers/factories";
import { client, sessionCookieFor, startTestServer } from "./helpers/server";
import { startServerProcess } from "./helpers/server-process";

const server = await startTestServer();
const db = getDb();
const userCount = () => db.select({ n: count() }).from(users).get()!.n;

/** The 429 Response enforceRateLimit throws, or null when it let the attempt through. */
async function refusal(key: string, rule = { limit: 3, windowMs: 60_000 }) {
  try {
    await enforceRateLimit(key, rule);
    return null;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

describe("enforceRateLimit", () => {
  it("lets the limit through, then throws 429 with Retry-After and a readable wait, per key", async () => {
    const key = `test:${crypto.randomUUID()}`;
    for (let i = 0; i < 3; i++) expect(await refusal(key)).toBeNull();
    const refused = (await refusal(key))!;
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.text()).toBe(`Too many attempts. Please wait ${waitText(retryAfter)} and try again.`);
    // Another key has its own count.
    expect(await refusal(`test:${crypto.randomUUID()}`)).toBeNull();
  });

  it("counts in the rate_limits table of the database, so every process sees the same count", async () => {
    const key = `test:${crypto.randomUUID()}`;
    await refusal(key);
    await refusal(key);
    const row = db
      .select()
      .from(rateLimits)
      .where(like(rateLimits.key, `%${key}`))
      .get()!;
    expect(row.points).toBe(2);
    expect(row.expire! - Date.now()).toBeGreaterThan(50_000);
    expect(row.expire! - Date.now()).toBeLessThanOrEqual(60_000);
  });

  it("deletes only expired counters in the cleanup job", async () => {
    const short = `test:${crypto.randomUUID()}`;
    const long = `test:${crypto.randomUUID()}`;
    await refusal(short, { limit: 3, windowMs: 60_000 });
    await refusal(long, { limit: 3, windowMs: 2 * 60 * 60_000 });
    const row = (key: string) =>
      db
        .select()
        .from(rateLimits)
        .where(like(rateLimits.key, `%${key}`))
        .get();
    expect(deleteExpiredRateLimits(Date.now() + 61_000)).toBeGreaterThanOrEqual(1);
    expect(row(short)).toBeUndefined();
    expect(row(long)!.points).toBe(1);
    // A fresh window after the cleanup.
    expect(await refusal(short, { limit: 1, windowMs: 60_000 })).toBeNull();
  });

  it("counts parallel attempts exactly", async () => {
    const key = `test:${crypto.randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 20 }, () => refusal(key, { limit: 7, windowMs: 60_000 })));
    expect(results.filter((r) => r === null)).toHaveLength(7);
  });

  it("is awaited at every call site (a forgotten await would let every request through)", () => {
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.tsx?$/.test(entry.name)) sources.push(file);
      }
    };
    walk("app");
    const calls = sources.flatMap((file) =>
      fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => /\benforceRateLimit\(/.test(line) && !/function enforceRateLimit/.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(calls.length).toBeGreaterThanOrEqual(5);
    expect(calls.filter((call) => !/await enforceRateLimit\(/.test(call))).toEqual([]);
  });
});

let nextAddress = 1;
/** A fresh client address (the test servers trust X-Forwarded-For, as behind a proxy). */
const newAddress = () => `203.0.113.${nextAddress++}`;

const signup = (ip: string, url = server.url) =>
  client(url).post(
    "/signup",
    { name: "Bulk", email: `bulk-${crypto.randomUUID()}@test.example`, password: "a long enough password" },
    { headers: { "X-Forwarded-For": ip } },
  );

describe("sign-up rate limit", () => {
  it("stops account creation from one address after the limit, writing nothing more", async () => {
    const ip = newAddress();
    for (let i = 0; i < LIMITS.signupPerIp.limit; i++) expect((await signup(ip)).status).toBe(302);
    const before = userCount();
    const blocked = await signup(ip);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await blocked.text()).toContain("Too many attempts");
    expect(userCount()).toBe(before);
    // Another address has its own budget.
    expect((await signup(newAddress())).status).toBe(302);
  });

  it("holds across two server processes on the same database file", async () => {
    const other = await startServerProcess({ KX_RATE_LIMIT_MULTIPLIER: "1", TRUST_PROXY: "1" });
    const ip = newAddress();
    const before = userCount();
    const limit = LIMITS.signupPerIp.limit;
    const answers = await Promise.all(Array.from({ length: limit + 6 }, (_, i) => signup(ip, i % 2 ? other.url : server.url)));
    expect(answers.filter((r) => r.status === 302)).toHaveLength(limit);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(6);
    expect(userCount()).toBe(before + limit);
    for (const url of [server.url, other.url]) expect((await signup(ip, url)).status).toBe(429);
    expect(userCount()).toBe(before + limit);
  });
});

describe("re-authentication on the account page", () => {
  it("counts every current-password check before the hash: of 20 parallel guesses exactly the limit are checked", async () => {
    const me = await makeUser();
    const browser = client(server.url, await sessionCookieFor(me.id));
    const hashBefore = db.select().from(passwords).where(eq(passwords.userId, me.id)).get()!.hash;
    const change = (currentPassword: string) =>
      browser.post("/account", {
        intent: "change-password",
        currentPassword,
        newPassword: "a brand new passphrase",
        confirmPassword: "a brand new passphrase",
      });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => change(`wrong guess ${i}`)));
    const limit = LIMITS.passwordReauthPerUser.limit;
    expect(answers.filter((r) => r.status === 400)).toHaveLength(limit);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(20 - limit);

    const right = await change(TEST_PASSWORD);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(db.select().from(passwords).where(eq(passwords.userId, me.id)).get()!.hash).toBe(hashBefore);
  });
});
