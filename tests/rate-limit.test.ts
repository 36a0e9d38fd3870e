// Login and sign-up rate limits at their production values. Other test files loosen
// the limits (KX_RATE_LIMIT_MULTIPLIER=1000 in tests/setup); this file runs in its own
// process, so it sets the real multiplier before the server starts.
process.env.KX_RATE_LIMIT_MULTIPLIER = "1";

import crypto from "node:crypto";
import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { authSessions, users } from "#db/schema";
import { LIMITS } from "~/utils/rate-limit.server";
import { makeUser, TEST_PASSWORD } from "./helpers/factories";
import { client, startTestServer } from "./helpers/server";

const server = await startTestServer();
const db = getDb();
const sessionCount = () => db.select({ n: count() }).from(authSessions).get()!.n;
const userCount = () => db.select({ n: count() }).from(users).get()!.n;

/** Successful logins made by the first test, from this same address. */
const SHARED_ACCOUNT_LOGINS = LIMITS.loginPerAccount.limit + 2;

describe("login rate limit", () => {
  it("counts only wrong passwords per account: people sharing an account are not locked out", async () => {
    const user = await makeUser();
    for (let i = 0; i < SHARED_ACCOUNT_LOGINS; i++) {
      const response = await client(server.url).post("/login", { email: user.email!, password: TEST_PASSWORD });
      expect(response.status).toBe(302);
    }
  });

  it("locks one account after its limit of wrong passwords, with 429 and Retry-After, even for the right password", async () => {
    const user = await makeUser();
    for (let i = 0; i < LIMITS.loginPerAccount.limit; i++) {
      const response = await client(server.url).post("/login", { email: user.email!, password: `wrong guess ${i}` });
      expect(response.status).toBe(400);
    }
    const before = sessionCount();
    const blocked = await client(server.url).post("/login", { email: user.email!, password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(LIMITS.loginPerAccount.windowMs / 1000);
    expect(await blocked.text()).toContain("Too many attempts");
    expect(blocked.headers.get("set-cookie")).toBeNull();
    expect(sessionCount()).toBe(before);
  });

  it("limits one address across many accounts", async () => {
    // The tests above used these attempts from this address.
    const used = SHARED_ACCOUNT_LOGINS + LIMITS.loginPerAccount.limit + 1;
    let lastStatus = 0;
    for (let i = used; i < LIMITS.loginPerIp.limit; i++) {
      const response = await client(server.url).post("/login", {
        email: `nobody-${i}@test.example`,
        password: "some password",
      });
      lastStatus = response.status;
    }
    expect(lastStatus).toBe(400);
    const blocked = await client(server.url).post("/login", { email: "someone-else@test.example", password: "x" });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("sign-up rate limit", () => {
  it("stops account creation from one address after the limit, writing nothing more", async () => {
    const signup = () =>
      client(server.url).post("/signup", {
        name: "Bulk",
        email: `bulk-${crypto.randomUUID()}@test.example`,
        password: "a long enough password",
      });
    for (let i = 0; i < LIMITS.signupPerIp.limit; i++) expect((await signup()).status).toBe(302);
    const before = userCount();
    const blocked = await signup();
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(userCount()).toBe(before);
  });
});

