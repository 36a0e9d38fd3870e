// "Forgot your password?" through the real server: one answer for every address, links
// that work once for an hour, every session ended, audited; refused links write nothing.
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, authSessions, emailTokens, outbox, passwords, users } from "#db/schema";
import { RESET_LINK_LIFETIME_MS } from "~/accounts/password-reset.server";
import { verifyLogin } from "~/accounts/users.server";
import { makeUser, TEST_PASSWORD } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { mailedLinkPath } from "../helpers/outbox";

const server = await startTestServer();
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
  const started = performance.now();
  const response = await client(server.url).post("/forgot-password", { email });
  return { status: response.status, body: comparable(await response.text()), ms: performance.now() - started };
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

  it("answers an unknown address exactly as a known one (status, body, similar time), and e-mails only the account", async () => {
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

    // Timing: medians over several requests each, interleaved.
    const knownMs: number[] = [];
    const unknownMs: number[] = [];
    for (let i = 0; i < 15; i++) {
      knownMs.push((await askForReset(person.email!)).ms);
      unknownMs.push((await askForReset(`nobody-${unique()}@test.example`)).ms);
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    expect(Math.abs(median(knownMs) - median(unknownMs))).toBeLessThan(15);
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
