// "Forgot your password?" through the real server: one answer for every address, links
// that work once for an hour, every session ended, audited; refused links write nothing.
import crypto from "node:crypto";
import { and, count, desc, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "#db/client";
import { auditLog, authSessions, emailTokens, outbox, passwords, users } from "#db/schema";
import { RESET_LINK_LIFETIME_MS } from "~/accounts/password-reset.server";
import { verifyLogin } from "~/accounts/users.server";
import { makeUser, TEST_PASSWORD } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { mailedLinkPath } from "../helpers/outbox";

// Without the background jobs' timers: a test below records every statement the process
// runs while it answers a request, and a job waking up meanwhile would add its own.
const server = await startTestServer({ backgroundJobs: false });
const unique = () => Math.random().toString(36).slice(2, 10);
const NEW_PASSWORD = "a completely new passphrase";

const resetTokens = (userId: number) =>
  getDb()
    .select()
    .from(emailTokens)
    .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, "reset_password")))
    .all();
const hashOf = (userId: number) => getDb().select().from(passwords).where(eq(passwords.userId, userId)).get()!.hash;
const sessionsOf = (userId: number) => getDb().select({ n: count() }).from(authSessions).where(eq(authSessions.userId, userId)).get()!.n;
const outboxCount = () => getDb().select({ n: count() }).from(outbox).get()!.n;
const resetLinkFor = (email: string) => mailedLinkPath(email, "account.reset_password");
/** The page without what differs on every response anyway (the CSP nonce). */
const comparable = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""');

async function askForReset(email: string) {
  const response = await client(server.url).post("/forgot-password", { email });
  return { status: response.status, body: comparable(await response.text()) };
}

type StatementMethods = Record<"run" | "get" | "all" | "iterate", (...args: unknown[]) => unknown>;

/**
 * What this process does while `request` runs: the SQL of every statement executed on the
 * database (better-sqlite3's, so also BEGIN and COMMIT), in order, and every hash and random
 * value made with node:crypto. The test server runs in this process, on this connection.
 */
async function workDuring(request: () => Promise<unknown>) {
  const statement = Object.getPrototypeOf(getDb().$client.prepare("select 1")) as StatementMethods;
  const statements: string[] = [];
  const methods = ["run", "get", "all", "iterate"] as const;
  const originals = methods.map((name) => statement[name]);
  methods.forEach((name, i) => {
    statement[name] = function (this: { source: string }, ...args: unknown[]) {
      statements.push(this.source);
      return originals[i].apply(this, args);
    };
  });
  const hashSpy = vi.spyOn(crypto, "createHash");
  const randomSpy = vi.spyOn(crypto, "randomBytes");
  try {
    await request();
    return {
      statements,
      hashes: hashSpy.mock.calls.map(([algorithm]) => algorithm),
      randomBytes: randomSpy.mock.calls.map(([size]) => size),
    };
  } finally {
    methods.forEach((name, i) => (statement[name] = originals[i]));
    hashSpy.mockRestore();
    randomSpy.mockRestore();
  }
}

// First in the file: the limits count every request from 127.0.0.1 in this process.
describe("rate limits", () => {
  it("is rate-limited per address, the same for addresses without an account", async () => {
    const person = await makeUser();
    const saved = process.env.KX_RATE_LIMIT_MULTIPLIER;
    process.env.KX_RATE_LIMIT_MULTIPLIER = "1"; // the server runs in this process
    try {
      for (const email of [person.email!, `ghost-${unique()}@test.example`]) {
        for (let i = 0; i < 5; i++) expect((await askForReset(email)).status).toBe(200);
        const refused = await client(server.url).post("/forgot-password", { email });
        expect(refused.status).toBe(429);
        expect(await refused.text()).toContain("Too many attempts");
      }
      // And per IP: 20 an hour whatever the addresses (12 used above).
      for (let i = 0; i < 8; i++) expect((await askForReset(`many-${unique()}@test.example`)).status).toBe(200);
      expect((await client(server.url).post("/forgot-password", { email: `many-${unique()}@test.example` })).status).toBe(429);
    } finally {
      process.env.KX_RATE_LIMIT_MULTIPLIER = saved;
    }
    expect(resetTokens(person.id)).toHaveLength(5);
  });
});

describe("asking for a reset link", () => {
  it("the login page links to it", async () => {
    const html = await (await client(server.url).get("/login")).text();
    expect(html).toMatch(/<a[^>]*href="\/forgot-password"[^>]*>Forgot your password\?<\/a>/);
  });

  it("answers an unknown address exactly as a known one (status, body), and e-mails only the account", async () => {
    const person = await makeUser();
    const known = await askForReset(person.email!);
    const unknown = await askForReset(`nobody-${unique()}@test.example`);
    expect(unknown.status).toBe(200);
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toBe(known.body);
    expect(known.body).toContain("If an account exists for that address, we have sent it a link");
    const mails = getDb().select().from(outbox).where(eq(outbox.kind, "account.reset_password")).all();
    expect(mails.filter((m) => m.toEmail === person.email)).toHaveLength(1);
    expect(mails.filter((m) => m.toEmail?.startsWith("nobody-"))).toHaveLength(0);
    expect(resetTokens(person.id)[0].expiresAt.getTime() - resetTokens(person.id)[0].createdAt.getTime()).toBe(RESET_LINK_LIFETIME_MS);
  });

  // Timing, proven by the work instead of a stopwatch (a timed assertion fails on a loaded
  // machine, and with fast test hashing it would not catch a slow step anyway): before it
  // answers, the server runs the same statements, in the same write transaction, and makes
  // the same hash and random token for both addresses; the account's address only adds its
  // link and its message as two inserts. The message is only queued: nothing waits for SMTP.
  it("does the same work before answering an unknown address as a known one, apart from writing the account's link and message", async () => {
    const person = await makeUser();
    // Once each first, so neither traced request is the first of its kind (caches, templates).
    await askForReset(person.email!);
    await askForReset(`nobody-${unique()}@test.example`);

    const known = await workDuring(() => askForReset(person.email!));
    const unknown = await workDuring(() => askForReset(`nobody-${unique()}@test.example`));

    const onlyForAnAccount = (sql: string) => /^insert into "(email_tokens|outbox)"/i.test(sql);
    expect(known.statements.filter(onlyForAnAccount).map((sql) => sql.split(" (")[0])).toEqual([
      'insert into "email_tokens"',
      'insert into "outbox"',
    ]);
    expect(known.statements.filter((sql) => !onlyForAnAccount(sql))).toEqual(unknown.statements);
    expect(unknown.statements).toContain("BEGIN IMMEDIATE");
    expect(unknown.statements.some((sql) => /from "users" where "users"."email" = \?/i.test(sql))).toBe(true);
    expect(known.hashes).toEqual(unknown.hashes);
    expect(unknown.hashes).toContain("sha256");
    expect(known.randomBytes).toEqual(unknown.randomBytes);
    expect(unknown.randomBytes).toContain(32);

    // The message waits in the outbox, untouched: no delivery was tried while answering.
    const message = getDb()
      .select()
      .from(outbox)
      .where(and(eq(outbox.toEmail, person.email!), eq(outbox.kind, "account.reset_password")))
      .orderBy(desc(outbox.id))
      .get()!;
    expect(message).toMatchObject({ status: "queued", attempts: 0, sentAt: null });
  });

  it("refuses a malformed address with a field message (400) and sends nothing", async () => {
    const before = outboxCount();
    const response = await client(server.url).post("/forgot-password", { email: "not an address" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Enter a valid e-mail address");
    expect(outboxCount()).toBe(before);
  });
});

describe("using the reset link", () => {
  it("sets the new password, ends every session, uses up every reset link, proves the address, and is audited", async () => {
    const person = await makeUser({ verified: false });
    const sessions = [await sessionCookieFor(person.id), await sessionCookieFor(person.id)];
    await askForReset(person.email!);
    const older = resetLinkFor(person.email!);
    await askForReset(person.email!);
    const link = resetLinkFor(person.email!);
    expect(older).not.toBe(link);

    const form = await client(server.url).get(link);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain("New password");
    expect(resetTokens(person.id).every((t) => t.usedAt === null)).toBe(true); // a GET uses nothing up

    const response = await client(server.url).post(link, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/reset-password");
    expect(await verifyLogin(person.email!, NEW_PASSWORD)).toBe(person.id);
    expect(await verifyLogin(person.email!, TEST_PASSWORD)).toBeNull();
    expect(sessionsOf(person.id)).toBe(0);
    for (const cookie of sessions) expect((await client(server.url, cookie).get("/account")).status).toBe(302);
    expect(resetTokens(person.id).every((t) => t.usedAt instanceof Date)).toBe(true);
    expect(getDb().select().from(users).where(eq(users.id, person.id)).get()!.emailVerifiedAt).toBeInstanceOf(Date);
    const audit = getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "account.password_reset"), eq(auditLog.targetId, String(person.id))))
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0].ip).toMatch(/127\.0\.0\.1/);

    // The older link went with it.
    expect(
      (await client(server.url).post(older, { newPassword: "yet another passphrase", confirmPassword: "yet another passphrase" })).status,
    ).toBe(410);
    expect(await (await client(server.url).get("/reset-password")).text()).toContain("Your password is changed");
  });

  it.each([
    ["reused", 410, "already used"],
    ["expired", 410, "has expired"],
    ["forged", 400, "not valid"],
    ["forged, right shape", 400, "not valid"],
  ] as const)("refuses a %s link with %i and a clear page, writing nothing", async (kind, status, message) => {
    const person = await makeUser();
    await askForReset(person.email!);
    let link = resetLinkFor(person.email!);
    if (kind === "reused") {
      expect((await client(server.url).post(link, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(303);
    }
    if (kind === "expired") {
      getDb()
        .update(emailTokens)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(emailTokens.userId, person.id))
        .run();
    }
    if (kind === "forged") link = "/reset-password/x";
    if (kind === "forged, right shape") link = `/reset-password/${"B".repeat(43)}`;
    const cookie = await sessionCookieFor(person.id);
    const hash = hashOf(person.id);
    const tokens = JSON.stringify(resetTokens(person.id));
    const audits = getDb().select({ n: count() }).from(auditLog).get()!.n;

    const get = await client(server.url).get(link);
    expect(get.status).toBe(status);
    expect(await get.text()).toContain(message);
    const post = await client(server.url).post(link, {
      newPassword: "another fine passphrase",
      confirmPassword: "another fine passphrase",
    });
    expect(post.status).toBe(status);
    expect(await post.text()).toContain(message);
    expect(hashOf(person.id)).toBe(hash);
    expect(JSON.stringify(resetTokens(person.id))).toBe(tokens);
    expect(getDb().select({ n: count() }).from(auditLog).get()!.n).toBe(audits);
    expect((await client(server.url, cookie).get("/account")).status).toBe(200);
  });

  it.each([
    [{ newPassword: "short", confirmPassword: "short" }, "At least 10 characters."],
    [{ newPassword: "a long enough password", confirmPassword: "a different password" }, "The two passwords differ."],
    [{ newPassword: "password123", confirmPassword: "password123" }, "most common"],
  ])("refuses a weak or mistyped password %# with a field message; the link still works", async (fields, message) => {
    const person = await makeUser();
    await askForReset(person.email!);
    const link = resetLinkFor(person.email!);
    const hash = hashOf(person.id);
    const response = await client(server.url).post(link, fields);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
    expect(hashOf(person.id)).toBe(hash);
    expect(resetTokens(person.id)[0].usedAt).toBeNull();
    expect((await client(server.url).post(link, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(303);
  });
});
