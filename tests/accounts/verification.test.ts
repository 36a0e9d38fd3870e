// E-mail verification through the real server: single-use links that expire, GET that uses
// nothing up, the seat of an unverified partner member, a change of address, and admin
// rights that wait for a verified address.
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, emailTokens, outbox, registrations, users } from "#db/schema";
import { hashEmailToken } from "~/accounts/email-tokens.server";
import { issueVerificationToken, verifyEmailWithToken, VERIFY_LINK_LIFETIME_MS } from "~/accounts/email-verification.server";
import { memberOrganisationId } from "~/accounts/membership.server";
import { deleteAccount } from "~/privacy/delete-account.server";
import { registerForEvent } from "~/registration/registrations.server";
import { DomainError } from "~/utils/errors.server";
import { makeEvent, makeOrganisation, makeUser, TEST_PASSWORD } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { mailedLinkPath } from "../helpers/outbox";

const server = await startTestServer();
const unique = () => Math.random().toString(36).slice(2, 10);
const PASSWORD = "violet lantern harbour";

const userRow = (id: number) => getDb().select().from(users).where(eq(users.id, id)).get()!;
const tokensOf = (userId: number) => getDb().select().from(emailTokens).where(eq(emailTokens.userId, userId)).all();
const statusOf = (eventId: number, userId: number) =>
  getDb()
    .select()
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.userId, userId)))
    .get()?.status;
/** The link in the newest verification e-mail to `email`, as a path. */
const verifyLinkFor = (email: string) => mailedLinkPath(email, "account.verify_email");
const register = (eventId: number, userId: number) => registerForEvent({ eventId, userId, answers: {}, consent: true });

async function signUp(email: string) {
  const browser = client(server.url);
  const response = await browser.post("/signup", { name: "Vera Verify", email, password: PASSWORD, organisation: "", jobRole: "" });
  expect(response.status).toBe(302);
  return { browser, user: getDb().select().from(users).where(eq(users.email, email)).get()! };
}

describe("the verification link", () => {
  it("is sent at sign-up, hashed in the database, valid 48 hours, and a GET uses nothing up", async () => {
    const email = `vera-${unique()}@test.example`;
    const { browser, user } = await signUp(email);
    const link = verifyLinkFor(email);
    const raw = link.split("/").pop()!;
    const [token] = tokensOf(user.id);
    expect(token.tokenHash).toBe(hashEmailToken(raw));
    expect(JSON.stringify(tokensOf(user.id))).not.toContain(raw);
    expect(token).toMatchObject({ purpose: "verify_email", email, usedAt: null });
    expect(token.expiresAt.getTime() - token.createdAt.getTime()).toBe(VERIFY_LINK_LIFETIME_MS);

    const page = await browser.get(link);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(await page.text()).toContain("Confirm my address");
    expect(userRow(user.id).emailVerifiedAt).toBeNull();
    expect(tokensOf(user.id)[0].usedAt).toBeNull();

    // Works signed out: the link is the proof.
    const verified = await client(server.url).post(link);
    expect(verified.status).toBe(303);
    expect(verified.headers.get("location")).toBe("/verify-email");
    expect(userRow(user.id).emailVerifiedAt).toBeInstanceOf(Date);
    expect(tokensOf(user.id)[0].usedAt).toBeInstanceOf(Date);
    const audit = getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "account.email_verified"), eq(auditLog.targetId, String(user.id))))
      .all();
    expect(audit).toHaveLength(1);
    expect(await (await browser.get("/verify-email")).text()).toContain("is verified");
  });

  it.each([
    ["reused", 410, "already used"],
    ["expired", 410, "has expired"],
    ["forged", 400, "not valid"],
    ["forged, right shape", 400, "not valid"],
  ] as const)("refuses a %s link with %i and a clear page, writing nothing", async (kind, status, message) => {
    const email = `link-${unique()}@test.example`;
    const { user } = await signUp(email);
    let link = verifyLinkFor(email);
    if (kind === "reused") {
      expect((await client(server.url).post(link)).status).toBe(303);
      getDb().update(users).set({ emailVerifiedAt: null }).where(eq(users.id, user.id)).run(); // so a write would show
    }
    if (kind === "expired") {
      getDb()
        .update(emailTokens)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(emailTokens.userId, user.id))
        .run();
    }
    if (kind === "forged") link = "/verify-email/not-a-token";
    if (kind === "forged, right shape") link = `/verify-email/${"A".repeat(43)}`;
    const tokensBefore = JSON.stringify(tokensOf(user.id));
    const auditBefore = getDb().select({ n: count() }).from(auditLog).get()!.n;

    const get = await client(server.url).get(link);
    expect(get.status).toBe(status);
    expect(await get.text()).toContain(message);
    const post = await client(server.url).post(link);
    expect(post.status).toBe(status);
    expect(await post.text()).toContain(message);
    expect(userRow(user.id).emailVerifiedAt).toBeNull();
    expect(JSON.stringify(tokensOf(user.id))).toBe(tokensBefore);
    expect(getDb().select({ n: count() }).from(auditLog).get()!.n).toBe(auditBefore);
  });

  it("a new link can be asked for while signed in, and only a few an hour", async () => {
    const email = `resend-${unique()}@test.example`;
    const { browser, user } = await signUp(email);
    const saved = process.env.KX_RATE_LIMIT_MULTIPLIER;
    process.env.KX_RATE_LIMIT_MULTIPLIER = "1"; // the server runs in this process
    try {
      for (let i = 0; i < 5; i++) expect((await browser.post("/verify-email")).status).toBe(303);
      const refused = await browser.post("/verify-email");
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    } finally {
      process.env.KX_RATE_LIMIT_MULTIPLIER = saved;
    }
    expect(tokensOf(user.id)).toHaveLength(6); // sign-up + 5 resends
    // Any of them verifies; then the others stop working.
    const links = getDb().select().from(outbox).where(eq(outbox.toEmail, email)).all();
    expect(links).toHaveLength(6);
    expect((await client(server.url).post(verifyLinkFor(email))).status).toBe(303);
    expect(tokensOf(user.id).every((t) => t.usedAt)).toBe(true);
    expect((await client(server.url).post("/verify-email")).status).toBe(302); // signed out: to the login page
  });
});

describe("a partner member's seat waits for the address", () => {
  const domain = `seat-${unique()}.example`;
  const partner = makeOrganisation(`Seat Partner ${unique()}`, domain);

  it("pending while unverified; verifying confirms while seats are left, else waitlists in arrival order; never overbooks", async () => {
    const event = makeEvent({ capacity: 2, partnerIds: [partner.id] });
    const early = await makeUser({ email: `early-${unique()}@${domain}`, verified: false });
    const first = await makeUser({ email: `first-${unique()}@${domain}` });
    const late = await makeUser({ email: `late-${unique()}@${domain}`, verified: false });
    expect(register(event.id, early.id).registration.status).toBe("pending");
    expect(register(event.id, first.id).registration.status).toBe("confirmed");
    expect(register(event.id, late.id).registration.status).toBe("pending");
    const filler = await makeUser({ email: `filler-${unique()}@${domain}` });
    expect(register(event.id, filler.id).registration.status).toBe("confirmed"); // full now
    const after = await makeUser({ email: `after-${unique()}@${domain}` });
    expect(register(event.id, after.id).registration.status).toBe("waitlisted");

    // `late` verifies first, but `early` arrived before `after` and before `late`.
    const mailsBefore = getDb().select({ n: count() }).from(outbox).where(eq(outbox.userId, late.id)).get()!.n;
    expect(verifyEmailWithToken(issueVerificationToken(getDb(), { id: late.id, email: late.email! })).admitted).toEqual([
      expect.objectContaining({ eventId: event.id, status: "waitlisted" }),
    ]);
    verifyEmailWithToken(issueVerificationToken(getDb(), { id: early.id, email: early.email! }));
    expect(statusOf(event.id, early.id)).toBe("waitlisted");
    expect(statusOf(event.id, late.id)).toBe("waitlisted");
    const queue = getDb()
      .select({ userId: registrations.userId })
      .from(registrations)
      .where(and(eq(registrations.eventId, event.id), eq(registrations.status, "waitlisted")))
      .orderBy(registrations.queuedAt)
      .all()
      .map((r) => r.userId);
    expect(queue).toEqual([early.id, late.id, after.id]);
    expect(
      getDb()
        .select({ n: count() })
        .from(registrations)
        .where(and(eq(registrations.eventId, event.id), eq(registrations.status, "confirmed")))
        .get()!.n,
    ).toBe(2);
    const lateMails = getDb()
      .select()
      .from(outbox)
      .where(eq(outbox.userId, late.id))
      .orderBy(outbox.id)
      .all()
      .map((m) => m.kind);
    expect(lateMails.slice(mailsBefore)).toEqual(["registration.waitlisted"]);
  });

  it("verifying with a seat left confirms at once and says so by e-mail", async () => {
    const event = makeEvent({ capacity: 5, partnerIds: [partner.id] });
    const person = await makeUser({ email: `seat-${unique()}@${domain}`, verified: false });
    register(event.id, person.id);
    const mails = () =>
      getDb()
        .select()
        .from(outbox)
        .where(eq(outbox.userId, person.id))
        .orderBy(outbox.id)
        .all()
        .map((m) => m.kind);
    expect(mails()).toEqual(["account.verify_email", "registration.awaiting_verification"]);
    verifyEmailWithToken(issueVerificationToken(getDb(), { id: person.id, email: person.email! }));
    expect(statusOf(event.id, person.id)).toBe("confirmed");
    expect(mails().at(-1)).toBe("registration.confirmed");
  });

  it("someone outside the partners stays an interest request after verifying", async () => {
    const event = makeEvent({ capacity: 5, partnerIds: [partner.id] });
    const guest = await makeUser({ email: `guest-${unique()}@elsewhere.example`, verified: false });
    register(event.id, guest.id);
    verifyEmailWithToken(issueVerificationToken(getDb(), { id: guest.id, email: guest.email! }));
    expect(statusOf(event.id, guest.id)).toBe("pending");
  });
});

describe("changing the e-mail address", () => {
  const domain = `move-${unique()}.example`;
  const partner = makeOrganisation(`Move Partner ${unique()}`, domain);

  it("keeps the old address (and its membership) until the new one is verified; membership never follows an unverified address", async () => {
    const person = await makeUser({ email: `mover-${unique()}@elsewhere.example` });
    const browser = client(server.url, await sessionCookieFor(person.id));
    const newEmail = `mover-${unique()}@${domain}`;
    const response = await browser.post("/account", { intent: "change-email", newEmail, currentPassword: TEST_PASSWORD });
    expect(response.status).toBe(303);
    expect(userRow(person.id)).toMatchObject({ email: person.email });
    expect(memberOrganisationId(person.id)).toBeNull();
    const page = await (await browser.get("/account")).text();
    expect(page).toContain(`Change to <strong>${newEmail}</strong> requested`);
    const toOld = getDb()
      .select()
      .from(outbox)
      .where(and(eq(outbox.toEmail, person.email!), eq(outbox.kind, "account.email_change_requested")))
      .get();
    expect(toOld?.textBody).toContain(newEmail);

    expect((await client(server.url).post(verifyLinkFor(newEmail))).status).toBe(303);
    expect(userRow(person.id).email).toBe(newEmail);
    expect(userRow(person.id).emailVerifiedAt).toBeInstanceOf(Date);
    expect(memberOrganisationId(person.id)).toBe(partner.id);
  });

  it("refuses a taken address, a wrong password and bad input with field messages, writing nothing", async () => {
    const person = await makeUser();
    const other = await makeUser();
    const browser = client(server.url, await sessionCookieFor(person.id));
    const cases = [
      [{ newEmail: other.email!, currentPassword: TEST_PASSWORD }, "Another account uses this address."],
      [{ newEmail: `fine-${unique()}@test.example`, currentPassword: "wrong password here" }, "This is not your current password."],
      [{ newEmail: "not-an-address", currentPassword: TEST_PASSWORD }, "Enter a valid e-mail address"],
      [{ newEmail: person.email!, currentPassword: TEST_PASSWORD }, "That is already your address."],
    ] as const;
    for (const [fields, message] of cases) {
      const before = tokensOf(person.id).length;
      const response = await browser.post("/account", { intent: "change-email", ...fields });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(message);
      expect(tokensOf(person.id)).toHaveLength(before);
      expect(userRow(person.id).email).toBe(person.email);
    }
  });

  it("a newer request makes the earlier link stop working (410)", async () => {
    const person = await makeUser();
    const browser = client(server.url, await sessionCookieFor(person.id));
    const firstEmail = `first-${unique()}@test.example`;
    await browser.post("/account", { intent: "change-email", newEmail: firstEmail, currentPassword: TEST_PASSWORD });
    const firstLink = verifyLinkFor(firstEmail);
    await browser.post("/account", { intent: "change-email", newEmail: `second-${unique()}@test.example`, currentPassword: TEST_PASSWORD });
    expect((await client(server.url).post(firstLink)).status).toBe(410);
    expect(userRow(person.id).email).toBe(person.email);
  });
});

describe("admin rights never come from an address alone", () => {
  it("with the admin's account deleted, signing up again as that address is no admin until it is verified", async () => {
    const admin = await makeUser({ email: "admin@test.example", name: "Ada Admin" });
    const adminBrowser = client(server.url, await sessionCookieFor(admin.id));
    expect((await adminBrowser.get("/admin/audit")).status).toBe(200);
    await deleteAccount(admin.id, { confirmEmail: "admin@test.example", currentPassword: TEST_PASSWORD });

    const { browser, user } = await signUp("admin@test.example");
    expect(user.id).not.toBe(admin.id);
    expect((await browser.get("/admin/audit")).status).toBe(403);
    expect(await (await browser.get("/")).text()).not.toContain('href="/admin');
    // An old link of the deleted account does not help either.
    expect(() => verifyEmailWithToken(issueVerificationToken(getDb(), { id: admin.id, email: "admin@test.example" }))).toThrow(DomainError);

    expect((await client(server.url).post(verifyLinkFor("admin@test.example"))).status).toBe(303);
    expect((await browser.get("/admin/audit")).status).toBe(200);
  });
});
