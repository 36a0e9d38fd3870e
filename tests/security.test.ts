// The security groundwork every later feature relies on, checked through the real
// server: headers and the CSP nonce, the same-origin rule for state changes, the
// session cookie, safe redirects, /healthz and the 404 page.
import crypto from "node:crypto";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { authSessions, events, users } from "#db/schema";
import { safeRedirect } from "~/utils/safe-redirect";
import { makeEvent, makeUser, TEST_PASSWORD } from "./helpers/factories";
import { client, sessionCookieFor, startTestServer } from "./helpers/server";

const server = await startTestServer();
const db = getDb();
const userCount = () => db.select({ n: count() }).from(users).get()!.n;
const eventCount = () => db.select({ n: count() }).from(events).get()!.n;

function expectSecurityHeaders(response: Response) {
  const csp = response.headers.get("content-security-policy") ?? "";
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'self'");
  expect(csp).toContain("form-action 'self'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(response.headers.get("x-powered-by")).toBeNull();
  return csp;
}

const nonceOf = (csp: string) => /script-src [^;]*'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];

describe("security headers", () => {
  it("sets a CSP whose nonce matches every inline script and changes per request", async () => {
    const first = await client(server.url).get("/");
    const second = await client(server.url).get("/");
    const nonce = nonceOf(expectSecurityHeaders(first));
    const otherNonce = nonceOf(expectSecurityHeaders(second));
    expect(nonce).toBeTruthy();
    expect(nonce!.length).toBeGreaterThanOrEqual(22); // ≥ 128 bits, base64
    expect(otherNonce).toBeTruthy();
    expect(otherNonce).not.toBe(nonce);

    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) {
      expect(attributes).toContain(`nonce="${nonce}"`);
    }
  });

  it("sets the headers on error pages, JSON and static files too", async () => {
    const responses = await Promise.all([
      client(server.url).get("/no/such/page"),
      client(server.url).get("/healthz"),
      client(server.url).get("/favicon.svg"),
      client(server.url).get("/login"),
    ]);
    for (const response of responses) expectSecurityHeaders(response);
    // A built asset under /build/, found through the page that loads it.
    const html = await responses[3].text();
    const asset = /(\/build\/[^"]+\.js)/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    const script = await client(server.url).get(asset!);
    expect(script.status).toBe(200);
    // A script is not a document: the page's CSP governs it. It keeps nosniff and the referrer policy.
    expect(script.headers.get("x-content-type-options")).toBe("nosniff");
    expect(script.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(script.headers.get("content-security-policy")).toBeNull();
    expect(script.headers.get("x-powered-by")).toBeNull();
    expect(script.headers.get("cache-control")).toContain("immutable");
  });
});

describe("same-origin rule for state-changing requests", () => {
  const signup = (email: string) => ({
    name: "Mallory",
    email,
    password: "a long enough password",
  });

  it.each([
    ["a foreign Origin", { Origin: "https://evil.example" }],
    ["Origin: null (sandboxed frame)", { Origin: "null" }],
    ["a foreign Referer without Origin", { Origin: "", Referer: "https://evil.example/form" }],
    ["a look-alike origin", { Origin: `${server.url}.evil.example` }],
  ])("refuses a POST with %s with 403 and writes nothing", async (_name, headers) => {
    const before = userCount();
    const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v));
    const response = await fetch(`${server.url}/signup`, {
      method: "POST",
      body: new URLSearchParams(signup(`m-${crypto.randomUUID()}@evil.example`)),
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...clean },
      redirect: "manual",
    });
    expect(response.status).toBe(403);
    expect(userCount()).toBe(before);
  });

  it("refuses a POST with neither Origin nor Referer", async () => {
    const before = userCount();
    const response = await fetch(`${server.url}/signup`, {
      method: "POST",
      body: new URLSearchParams(signup("no-origin@test.example")),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      redirect: "manual",
    });
    expect(response.status).toBe(403);
    expect(userCount()).toBe(before);
  });

  it("accepts a same-origin Referer when a browser leaves out Origin", async () => {
    const response = await fetch(`${server.url}/signup`, {
      method: "POST",
      body: new URLSearchParams(signup("referer-only@test.example")),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Referer: `${server.url}/signup` },
      redirect: "manual",
    });
    expect(response.status).toBe(302);
  });

  it("protects signed-in users: a forged event creation or logout does nothing", async () => {
    const admin = await makeUser({ email: "admin@test.example" });
    const cookie = await sessionCookieFor(admin.id);
    const before = eventCount();
    const forged = await client(server.url, cookie).post(
      "/events/new",
      {
        title: "Forged",
        format: "mixed",
        timeZone: "Europe/Berlin",
        startsAt: `${new Date().getUTCFullYear() + 1}-01-01T10:00`,
        endsAt: `${new Date().getUTCFullYear() + 1}-01-01T12:00`,
        capacity: "10",
      },
      { headers: { Origin: "https://evil.example" } },
    );
    expect(forged.status).toBe(403);
    expect(eventCount()).toBe(before);

    const logout = await client(server.url, cookie).post("/logout", {}, { headers: { Origin: "https://evil.example" } });
    expect(logout.status).toBe(403);
    expect((await client(server.url, cookie).get("/account")).status).toBe(200);
  });

  it("applies to every non-GET method, not only POST", async () => {
    const event = makeEvent();
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const response = await fetch(`${server.url}/events/${event.slug}`, { method, redirect: "manual" });
      expect(response.status).toBe(403);
    }
  });
});

describe("safeRedirect", () => {
  it.each([
    ["/events/x", "/events/x"],
    ["/notes?q=a#b", "/notes?q=a#b"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["evil.example", "/"],
    ["/ok\r\nSet-Cookie: x=y", "/"],
    // Header-safe: whatever the path holds comes back percent-encoded ASCII (issue 18).
    ["/%E3%80%80", "/%E3%80%80"],
    ["/\u3000", "/%E3%80%80"],
    ["/notes?q=café#résumé", "/notes?q=caf%C3%A9#r%C3%A9sum%C3%A9"],
    ["/a b", "/a%20b"],
    ["/events/x\u2028y", "/events/x%E2%80%A8y"],
    ["/\ud800", "/%EF%BF%BD"],
    ["/%0d%0aSet-Cookie:%20x", "/%0d%0aSet-Cookie:%20x"],
    ["/\u00a0/evil.example", "/%C2%A0/evil.example"],
    ["", "/"],
    [null, "/"],
    [undefined, "/"],
  ])("safeRedirect(%j) → %j", (to, expected) => {
    expect(safeRedirect(to as string | null | undefined)).toBe(expected);
  });

  it("uses the given fallback", () => {
    expect(safeRedirect("//evil.example", "/account")).toBe("/account");
  });
});

describe("the session cookie", () => {
  it("is HttpOnly, SameSite=Lax, path-wide, and holds only a random token", async () => {
    const user = await makeUser();
    const response = await client(server.url).post("/login", { email: user.email!, password: TEST_PASSWORD });
    expect(response.status).toBe(302);
    const setCookie = response.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^kx_session=/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\//i);
    // Plain http here; Secure is added when BASE_URL is https.
    expect(setCookie).not.toMatch(/;\s*Secure/i);

    // Remix signs base64(JSON(value)): decode it and look at what is inside.
    const raw = decodeURIComponent(setCookie.split(";")[0].slice("kx_session=".length));
    const token = JSON.parse(Buffer.from(raw.split(".")[0], "base64").toString("utf8"));
    expect(typeof token).toBe("string");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
    // Only the token: no user id, e-mail or other fields (a bare string, not an object).
    expect(token).not.toBe(String(user.id));
    expect(setCookie).not.toContain(encodeURIComponent(user.email!));
    expect(Buffer.from(raw.split(".")[0], "base64").toString("utf8")).toBe(JSON.stringify(token));
    // The database keeps only the token's hash, never the token itself.
    const sessions = db.select().from(authSessions).where(eq(authSessions.userId, user.id)).all();
    expect(sessions).toHaveLength(1);
    expect(sessions[0].id).not.toBe(token);
    expect(sessions[0].id).toBe(crypto.createHash("sha256").update(token).digest("hex"));
  });

  it("ignores a tampered cookie", async () => {
    const user = await makeUser();
    const cookie = await sessionCookieFor(user.id);
    const tampered = cookie.slice(0, -3) + (cookie.endsWith("AAA") ? "BBB" : "AAA");
    const response = await client(server.url, tampered).get("/account");
    // Treated as signed out: sent to log in, nothing of the account in the answer.
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2Faccount");
    const body = await response.text();
    expect(body).not.toContain(user.email!);
    expect(body).not.toContain(user.name!);
    // The real cookie still works: the tampered one was ignored, not the session ended.
    const real = await client(server.url, cookie).get("/account");
    expect(real.status).toBe(200);
    expect(await real.text()).toContain(user.email!);
  });
});

describe("health and unknown URLs", () => {
  it("answers /healthz with 200 JSON after checking the database", async () => {
    const response = await client(server.url).get("/healthz");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok", database: "ok" });
  });

  it("renders a real 404 page inside the layout for unknown URLs, GET and POST", async () => {
    for (const response of [
      await client(server.url).get("/no/such/page"),
      await client(server.url).get("/events/x/y/z"),
      await client(server.url).post("/no/such/page", { a: "b" }),
    ]) {
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toContain("Page not found");
      expect(html).toContain("Knowledge Exchange"); // the shared header
      expect(html).toContain('href="/"');
    }
  });
});

describe("request size", () => {
  it("refuses a body over 2 MB with 413 before the app reads it, and writes nothing", async () => {
    const before = getDb().select({ n: count() }).from(users).get()!.n;
    const response = await client(server.url).post("/signup", {
      name: "Big Body",
      email: "big@test.example",
      password: "a long enough password",
      jobRole: "x".repeat(3 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
    expect(getDb().select({ n: count() }).from(users).get()!.n).toBe(before);
  });

  it("logs out cleanly even when a client sends a large body", async () => {
    const user = await makeUser();
    const browser = client(server.url, await sessionCookieFor(user.id));
    const response = await browser.post("/logout", { filler: "x".repeat(1024 * 1024) });
    expect(response.status).toBe(302);
    expect((await browser.get("/account")).status).toBe(302);
  });
});
