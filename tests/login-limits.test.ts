// Brute-force limits on the login form (issue 18, finding 3), at production values.
// Attempts are reserved before the password hash, so guesses sent at once cannot slip
// past the limit; consecutive failures count per (e-mail, address) pair with growing
// blocks, so a stranger cannot lock the owner out; each address has a slower daily
// limit; and it all lives in the database, so a second process sees the same counts.
process.env.KX_RATE_LIMIT_MULTIPLIER = "1";
process.env.TRUST_PROXY = "1";

import { count, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "#db/client";
import { authSessions, rateLimits } from "#db/schema";
import { LOGIN_LIMITS } from "~/accounts/login-limits.server";
import { makeUser, TEST_PASSWORD } from "./helpers/factories";
import { client, startTestServer } from "./helpers/server";
import { startServerProcess } from "./helpers/server-process";

const server = await startTestServer();
const db = getDb();
const sessionsOf = (userId: number) => db.select({ n: count() }).from(authSessions).where(eq(authSessions.userId, userId)).get()!.n;

let nextAddress = 1;
/** A fresh client address (the test server trusts X-Forwarded-For, as behind a proxy). */
const newAddress = () => `198.51.100.${nextAddress++}`;

function login(email: string, password: string, ip: string, url = server.url) {
  return client(url).post("/login", { email, password }, { headers: { "X-Forwarded-For": ip } });
}

const statuses = (responses: Response[]) => responses.map((r) => r.status).sort();
const FREE = LOGIN_LIMITS.freeFailuresPerPair;

afterEach(() => {
  vi.useRealTimers();
});

describe("guesses sent at once", () => {
  it("checks at most the free attempts of 30 parallel guesses, and refuses the right password while limited", async () => {
    const user = await makeUser();
    const ip = newAddress();
    const guesses = await Promise.all(Array.from({ length: 29 }, (_, i) => login(user.email!, `wrong guess ${i}`, ip)));
    const checked = guesses.filter((r) => r.status === 400);
    const refused = guesses.filter((r) => r.status === 429);
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.length).toBeLessThanOrEqual(FREE);
    expect(checked.length + refused.length).toBe(29);
    for (const response of refused) expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);

    const right = await login(user.email!, TEST_PASSWORD, ip);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
    // The log-in form again, with the message and the e-mail kept (the password never echoed).
    const page = await right.text();
    expect(page).toContain("Too many failed log-ins for this e-mail address from your network. Please wait");
    expect(page).toContain(`value="${user.email}"`);
    expect(page).not.toContain(TEST_PASSWORD);
    expect(right.headers.get("set-cookie")).toBeNull();
    expect(sessionsOf(user.id)).toBe(0);
  });
});

describe("consecutive failures per e-mail and address", () => {
  it("lets the free attempts through, then blocks with growing waits, one attempt after each", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const user = await makeUser();
    const ip = newAddress();
    for (let i = 0; i < FREE; i++) expect((await login(user.email!, `wrong ${i}`, ip)).status).toBe(400);

    const first = await login(user.email!, TEST_PASSWORD, ip);
    expect(first.status).toBe(429);
    const firstWait = Number(first.headers.get("retry-after"));
    expect(firstWait).toBe(LOGIN_LIMITS.firstBlockSeconds);
    // The block is a row of the shared table, seen by every process on the file.
    const block = db
      .select()
      .from(rateLimits)
      .where(eq(rateLimits.key, `login_block_pair:${user.email}|${ip}`))
      .get()!;
    expect(block.expire).toBe(Date.now() + firstWait * 1000);

    vi.setSystemTime(Date.now() + firstWait * 1000 + 1000);
    expect((await login(user.email!, "wrong again", ip)).status).toBe(400);
    const second = await login(user.email!, TEST_PASSWORD, ip);
    expect(second.status).toBe(429);
    const secondWait = Number(second.headers.get("retry-after"));
    expect(secondWait).toBe(2 * firstWait);

    vi.setSystemTime(Date.now() + secondWait * 1000 + 1000);
    expect((await login(user.email!, TEST_PASSWORD, ip)).status).toBe(302);
    expect(sessionsOf(user.id)).toBe(1);
    // A success clears the pair's failures: the free attempts are back.
    for (let i = 0; i < FREE; i++) expect((await login(user.email!, `later ${i}`, ip)).status).toBe(400);
  });

  it("does not let ten wrong passwords from another address lock the owner out", async () => {
    const owner = await makeUser();
    const attacker = newAddress();
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push((await login(owner.email!, `attack ${i}`, attacker)).status);
    expect(answers).toEqual([...Array(FREE).fill(400), ...Array(10 - FREE).fill(429)]);

    const ownAddress = newAddress();
    const response = await login(owner.email!, TEST_PASSWORD, ownAddress);
    expect(response.status).toBe(302);
    expect(sessionsOf(owner.id)).toBe(1);
  });

  it("counts only failures: people sharing an account are not limited by its successful logins", async () => {
    const user = await makeUser();
    const ip = newAddress();
    for (let i = 0; i < FREE * 3; i++) expect((await login(user.email!, TEST_PASSWORD, ip)).status).toBe(302);
    expect(sessionsOf(user.id)).toBe(FREE * 3);
  });
});

describe("the cap per account across addresses", () => {
  it("once many addresses have failed, gives each address one attempt, and the owner still gets in", async () => {
    const owner = await makeUser();
    const attackers = Array.from({ length: LOGIN_LIMITS.failuresPerAccountPerHour / FREE }, newAddress);
    for (const ip of attackers) {
      for (let i = 0; i < FREE; i++) expect((await login(owner.email!, `guess ${i}`, ip)).status).toBe(400);
    }
    const latecomer = newAddress();
    expect((await login(owner.email!, "one more guess", latecomer)).status).toBe(400);
    const slowed = await login(owner.email!, "and another", latecomer);
    expect(slowed.status).toBe(429);
    const retryAfter = Number(slowed.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60 * 60);
    expect(await slowed.text()).toContain("Too many failed log-ins for this e-mail address.");

    expect((await login(owner.email!, TEST_PASSWORD, newAddress())).status).toBe(302);
    expect(sessionsOf(owner.id)).toBe(1);
  });
});

describe("the slower limit per address", () => {
  it("refuses an address after its daily failures across many accounts, even with a right password", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const ip = newAddress();
    for (let i = 0; i < LOGIN_LIMITS.failuresPerAddressPerDay; i++) {
      // Slower than the per-minute limit on attempts.
      if (i % LOGIN_LIMITS.attemptsPerAddressPerMinute === 0) vi.setSystemTime(Date.now() + 61_000);
      const response = await login(`nobody-${i}@test.example`, "some password", ip);
      expect(response.status).toBe(400);
    }
    vi.setSystemTime(Date.now() + 61_000);
    const user = await makeUser();
    const blocked = await login(user.email!, TEST_PASSWORD, ip);
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(24 * 60 * 60);
    expect(sessionsOf(user.id)).toBe(0);
    // Another address is not affected.
    expect((await login(user.email!, TEST_PASSWORD, newAddress())).status).toBe(302);
  });

  it("refuses more attempts per minute from one address than the limit, successful ones included", async () => {
    const user = await makeUser();
    const ip = newAddress();
    for (let i = 0; i < LOGIN_LIMITS.attemptsPerAddressPerMinute; i++) {
      expect((await login(user.email!, TEST_PASSWORD, ip)).status).toBe(302);
    }
    const busy = await login(user.email!, TEST_PASSWORD, ip);
    expect(busy.status).toBe(429);
    const retryAfter = Number(busy.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await busy.text()).toContain("Too many log-ins from your network.");
    expect(sessionsOf(user.id)).toBe(LOGIN_LIMITS.attemptsPerAddressPerMinute);
  });
});

describe("across processes on one database file", () => {
  it("holds the limit for 30 parallel guesses split over two server processes", async () => {
    const other = await startServerProcess({ KX_RATE_LIMIT_MULTIPLIER: "1", TRUST_PROXY: "1" });
    const user = await makeUser();
    const ip = newAddress();
    const guesses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login(user.email!, `wrong guess ${i}`, ip, i % 2 ? other.url : server.url)),
    );
    expect(statuses(guesses).filter((s) => s === 400).length).toBeLessThanOrEqual(FREE);
    expect(statuses(guesses).filter((s) => s === 429).length).toBeGreaterThanOrEqual(30 - FREE);
    expect(statuses(guesses).every((s) => s === 400 || s === 429)).toBe(true);

    for (const url of [server.url, other.url]) {
      const right = await login(user.email!, TEST_PASSWORD, ip, url);
      expect(right.status).toBe(429);
      expect(await right.text()).toContain("Too many failed log-ins for this e-mail address from your network.");
    }
    expect(sessionsOf(user.id)).toBe(0);
  });
});
