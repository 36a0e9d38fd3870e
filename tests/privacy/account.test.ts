// /account privacy features over the real server: data export, account deletion with
// its confirmation, per-session logout and password change.
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import {
  agendaFeedTokens,
  auditLog,
  authSessions,
  noteAuthors,
  notes,
  outbox,
  passwords,
  registrations,
  scheduleSessions,
  topics,
  users,
  votes,
} from "#db/schema";
import { createNoteForUser } from "~/notes/new-note.server";
import { updateNote } from "~/notes/edit-note.server";
import { exportUserData } from "~/privacy/export.server";
import { displayName, eraseAccount } from "~/privacy/delete-account.server";
import { makeEvent, makeUser, TEST_PASSWORD } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { contribute, register } from "./fixtures";

const server = await startTestServer();

async function signedIn(userId: number) {
  return client(server.url, await sessionCookieFor(userId));
}

const sessionsOf = (userId: number) => getDb().select({ n: count() }).from(authSessions).where(eq(authSessions.userId, userId)).get()!.n;

describe("download my data", () => {
  it("returns everything about the person as a JSON attachment, and nothing about others", async () => {
    const me = await makeUser({ name: "Ada Export", email: "ada.export@test.example" });
    const other = await makeUser({ name: "Otto Other" });
    const event = makeEvent();
    register(event.id, me.id);
    register(event.id, other.id);
    contribute(event, me.id);
    contribute(event, other.id);
    getDb()
      .insert(agendaFeedTokens)
      .values({ tokenHash: "f".repeat(64), eventId: event.id, userId: me.id })
      .run();

    const browser = await signedIn(me.id);
    const response = await browser.get("/account/export.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="knowledge-exchange-my-data-\d{4}-\d\d-\d\d\.json"$/,
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    const data = JSON.parse(text);

    expect(data.account).toMatchObject({ id: me.id, name: "Ada Export", email: "ada.export@test.example" });
    expect(data.registrations).toHaveLength(1);
    expect(data.registrations[0]).toMatchObject({
      event: { slug: event.slug },
      status: "confirmed",
      answers: { jobRole: "Staff engineer", topics: "Feature flags, on-call", dietary: "Vegetarian", accessibility: "Step-free access" },
      consent: { privacyNoticeVersion: expect.any(String), givenAt: expect.stringMatching(/Z$/) },
    });
    expect(data.topics).toEqual([expect.objectContaining({ title: "Flaky tests", board: "Morning board" })]);
    expect(data.votes).toHaveLength(2);
    expect(data.romanVotes).toEqual([expect.objectContaining({ value: "continue" })]);
    expect(data.stars).toEqual([expect.objectContaining({ session: "Testing in production" })]);
    expect(data.sessions).toEqual([expect.objectContaining({ title: "Testing in production", proposedByYou: true, hostedByYou: true })]);
    expect(data.notes).toEqual([expect.objectContaining({ title: "Takeaways", tags: ["testing"], createdByYou: true })]);
    expect(data.noteRevisions.map((r: { version: number }) => r.version)).toEqual([1, 2]);
    expect(data.loginSessions).toHaveLength(1);
    expect(data.calendarFeeds).toHaveLength(1);

    // Nothing of the other person, and no secrets.
    expect(text).not.toContain("Otto Other");
    expect(text).not.toContain(other.email!);
    expect(text).not.toContain("scrypt$");
    expect(text).not.toContain("f".repeat(64));
    const sessionIds = getDb().select({ id: authSessions.id }).from(authSessions).where(eq(authSessions.userId, me.id)).all();
    for (const { id } of sessionIds) expect(text).not.toContain(id);
  });

  it("leaves out a note the person can no longer read (removed as co-author, partners only), keeping what they wrote", async () => {
    const organiser = await makeUser();
    const me = await makeUser({ name: "Rita Removed" });
    const alice = await makeUser();
    const event = makeEvent({ organiserIds: [organiser.id] });
    register(event.id, me.id);
    register(event.id, alice.id);
    const note = createNoteForUser(
      { event: event.slug, title: "Joint write-up", body: "My first draft", visibility: "attendees", coAuthorEmails: alice.email! },
      { id: me.id, isAdmin: false, memberOrganisationId: null },
    );
    updateNote(
      note.id,
      { title: "Joint write-up", body: "Partner secret plan", visibility: "partners", version: 1, coAuthorEmails: alice.email! },
      { id: alice.id, isAdmin: false, memberOrganisationId: null },
    );

    const text = await (await (await signedIn(me.id)).get("/account/export.json")).text();
    const data = JSON.parse(text);
    expect(data.notes).toEqual([]);
    expect(text).not.toContain("Partner secret plan");
    // What they wrote themselves stays in the export.
    expect(data.noteRevisions).toEqual([expect.objectContaining({ noteId: note.id, version: 1, body: "My first draft" })]);
    // Alice, still a co-author, gets the note.
    expect(exportUserData(alice.id).notes).toEqual([expect.objectContaining({ id: note.id, body: "Partner secret plan", coAuthor: true })]);
  });

  it("sends a signed-out visitor to the login page", async () => {
    const response = await client(server.url).get("/account/export.json");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2Faccount%2Fexport.json");
  });
});

describe("delete my account", () => {
  it("refuses a wrong e-mail or password with a field message and changes nothing", async () => {
    const me = await makeUser();
    const event = makeEvent();
    register(event.id, me.id);
    const browser = await signedIn(me.id);
    const cases: [Record<string, string>, string, string][] = [
      [
        { confirmEmail: "someone.else@test.example", currentPassword: TEST_PASSWORD },
        "confirmEmail",
        "Type the e-mail address of this account",
      ],
      [{ confirmEmail: me.email!, currentPassword: "not my password" }, "currentPassword", "not your current password"],
      [{ confirmEmail: "", currentPassword: TEST_PASSWORD }, "confirmEmail", "Enter your e-mail"],
      [{ confirmEmail: me.email!, currentPassword: "" }, "currentPassword", "Enter your current password."],
      [{ confirmEmail: "x".repeat(5000), currentPassword: "y".repeat(5000) }, "confirmEmail", "At most 254 characters."],
    ];
    for (const [fields, , message] of cases) {
      const response = await browser.post("/account", { intent: "delete-account", ...fields });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(message);
    }
    const row = getDb().select().from(users).where(eq(users.id, me.id)).get()!;
    expect(row.email).toBe(me.email);
    expect(row.deletedAt).toBeNull();
    expect(getDb().select().from(registrations).where(eq(registrations.userId, me.id)).get()!.status).toBe("confirmed");
    expect(sessionsOf(me.id)).toBe(1);
  });

  it("erases personal data in one go, frees the seat for the waiting list and keeps the content", async () => {
    const me = await makeUser({ name: "Dee Leaving", email: "dee.leaving@test.example" });
    const waiting = await makeUser({ name: "Wes Waiting" });
    const event = makeEvent({ capacity: 1 });
    const pastEvent = makeEvent({ startsAt: new Date(Date.now() - 10 * 86_400_000) });
    register(event.id, me.id, "confirmed");
    register(event.id, waiting.id, "waitlisted");
    register(pastEvent.id, me.id, "confirmed");
    const { topic, session, note } = contribute(event, me.id);
    getDb().insert(outbox).values({ kind: "test", toEmail: me.email!, subject: "Hello", textBody: "Hi", userId: me.id }).run();
    const browser = await signedIn(me.id);
    const elsewhere = await signedIn(me.id);

    const response = await browser.post("/account", {
      intent: "delete-account",
      confirmEmail: "  DEE.Leaving@test.example ",
      currentPassword: TEST_PASSWORD,
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/account/deleted");
    expect(response.headers.get("set-cookie")).toMatch(/kx_session=;.*Max-Age=0/i);

    const db = getDb();
    const row = db.select().from(users).where(eq(users.id, me.id)).get()!;
    expect(row).toMatchObject({ email: null, name: null, jobRole: null });
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(db.select().from(passwords).where(eq(passwords.userId, me.id)).get()).toBeUndefined();
    expect(sessionsOf(me.id)).toBe(0);
    expect((await elsewhere.get("/account")).status).toBe(302);

    const mine = db.select().from(registrations).where(eq(registrations.userId, me.id)).all();
    for (const r of mine) {
      expect(r).toMatchObject({ status: "cancelled", jobRole: null, topics: null, dietary: null, accessibility: null });
      expect(r.consentVersion).toBeTruthy(); // the consent record stays
    }
    const promoted = db
      .select()
      .from(registrations)
      .where(and(eq(registrations.userId, waiting.id)))
      .get()!;
    expect(promoted.status).toBe("confirmed");
    const mails = db.select().from(outbox).all();
    expect(mails.some((m) => m.toEmail === "dee.leaving@test.example")).toBe(false);
    expect(mails.filter((m) => m.userId === waiting.id && m.kind === "registration.promoted")).toHaveLength(1);

    // Content stays, authored by a nameless "former attendee".
    expect(db.select().from(topics).where(eq(topics.id, topic.id)).get()!.authorId).toBe(me.id);
    expect(db.select().from(scheduleSessions).where(eq(scheduleSessions.id, session.id)).get()!.proposedById).toBe(me.id);
    expect(db.select().from(notes).where(eq(notes.id, note.id)).get()).toBeTruthy();
    expect(db.select().from(noteAuthors).where(eq(noteAuthors.noteId, note.id)).all()).toHaveLength(1);
    expect(db.select({ n: count() }).from(votes).where(eq(votes.userId, me.id)).get()!.n).toBe(2);
    expect(displayName(row.name)).toBe("former attendee");

    const audit = db.select().from(auditLog).where(eq(auditLog.action, "account.delete")).all();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toContain("dee.leaving");

    // The same e-mail address can sign up again, as a new account.
    const again = await client(server.url).post("/signup", {
      name: "Dee Returning",
      email: "dee.leaving@test.example",
      password: "a fresh long password",
    });
    expect(again.status).toBe(302);
    const fresh = db.select().from(users).where(eq(users.email, "dee.leaving@test.example")).get()!;
    expect(fresh.id).not.toBe(me.id);
    expect(db.select().from(registrations).where(eq(registrations.userId, fresh.id)).all()).toHaveLength(0);
  });

  it("rolls everything back when a step of the erasure fails", async () => {
    const me = await makeUser();
    const event = makeEvent();
    register(event.id, me.id);
    // Make the final users update fail inside the transaction.
    const db = getDb();
    db.$client.exec(
      `CREATE TEMP TRIGGER fail_erasure BEFORE UPDATE OF email ON users WHEN NEW.email IS NULL BEGIN SELECT RAISE(ABORT, 'boom'); END;`,
    );
    try {
      expect(() => eraseAccount(me.id)).toThrow(/boom/);
    } finally {
      db.$client.exec("DROP TRIGGER temp.fail_erasure");
    }
    expect(db.select().from(users).where(eq(users.id, me.id)).get()!.email).toBe(me.email);
    expect(db.select().from(passwords).where(eq(passwords.userId, me.id)).get()).toBeTruthy();
    expect(db.select().from(registrations).where(eq(registrations.userId, me.id)).get()).toMatchObject({
      status: "confirmed",
      dietary: "Vegetarian",
    });
    expect(exportUserData(me.id).account.email).toBe(me.email);
  });
});

describe("sessions on /account", () => {
  it("lists sessions and ends one of them, not the others", async () => {
    const me = await makeUser();
    const here = await signedIn(me.id);
    const phone = await signedIn(me.id);
    const laptop = await signedIn(me.id);
    const page = await (await here.get("/account")).text();
    expect(page.match(/>End this session</g)).toHaveLength(2);
    expect(page.match(/>Log out here</g)).toHaveLength(1);
    const ids = getDb().select({ id: authSessions.id }).from(authSessions).where(eq(authSessions.userId, me.id)).all();
    // The phone's session: the one whose cookie we can identify by ending it and probing.
    const before = ids.length;
    const target = ids[1].id;
    const response = await here.post("/account", { intent: "end-session", sessionId: target });
    expect(response.status).toBe(303); // post/redirect/get back to /account
    expect(sessionsOf(me.id)).toBe(before - 1);
    const stillIn = [await phone.get("/account"), await laptop.get("/account")].filter((r) => r.status === 200);
    expect(stillIn).toHaveLength(1);
  });

  it("cannot end another person's session (404), and a malformed id is a 400", async () => {
    const me = await makeUser();
    const victim = await makeUser();
    await signedIn(victim.id);
    const victimSession = getDb().select({ id: authSessions.id }).from(authSessions).where(eq(authSessions.userId, victim.id)).get()!;
    const browser = await signedIn(me.id);
    const response = await browser.post("/account", { intent: "end-session", sessionId: victimSession.id });
    expect(response.status).toBe(404);
    expect(sessionsOf(victim.id)).toBe(1);
    const bad = await browser.post("/account", { intent: "end-session", sessionId: "<script>" });
    expect(bad.status).toBe(400);
  });

  it("ending the current session logs this browser out", async () => {
    const me = await makeUser();
    const browser = await signedIn(me.id);
    const current = getDb().select({ id: authSessions.id }).from(authSessions).where(eq(authSessions.userId, me.id)).get()!;
    const response = await browser.post("/account", { intent: "end-session", sessionId: current.id });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login");
    expect(sessionsOf(me.id)).toBe(0);
  });
});

describe("change password", () => {
  it("needs the current password, refuses common and mismatched ones, and writes nothing then", async () => {
    const me = await makeUser();
    const browser = await signedIn(me.id);
    const hashBefore = getDb().select().from(passwords).where(eq(passwords.userId, me.id)).get()!.hash;
    const cases: [Record<string, string>, string][] = [
      [
        { currentPassword: "wrong password", newPassword: "a brand new passphrase", confirmPassword: "a brand new passphrase" },
        "not your current password",
      ],
      [{ currentPassword: TEST_PASSWORD, newPassword: "qwertyuiop", confirmPassword: "qwertyuiop" }, "10,000 most common"],
      [
        { currentPassword: TEST_PASSWORD, newPassword: "a brand new passphrase", confirmPassword: "something else entirely" },
        "The two new passwords differ.",
      ],
      [{ currentPassword: TEST_PASSWORD, newPassword: "short", confirmPassword: "short" }, "At least 10 characters."],
      [{ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD, confirmPassword: TEST_PASSWORD }, "differs from the current one"],
    ];
    for (const [fields, message] of cases) {
      const response = await browser.post("/account", { intent: "change-password", ...fields });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(message);
    }
    expect(getDb().select().from(passwords).where(eq(passwords.userId, me.id)).get()!.hash).toBe(hashBefore);
    expect(sessionsOf(me.id)).toBe(1);
  });

  it("changes it, ends every other session and keeps this browser signed in on a new session", async () => {
    const me = await makeUser();
    const browser = await signedIn(me.id);
    const other = await signedIn(me.id);
    const oldCookie = browser.cookie;
    const response = await browser.post("/account", {
      intent: "change-password",
      currentPassword: TEST_PASSWORD,
      newPassword: "a brand new passphrase",
      confirmPassword: "a brand new passphrase",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/account?changed=password");
    expect(browser.cookie).not.toBe(oldCookie);
    expect(sessionsOf(me.id)).toBe(1);
    expect((await other.get("/account")).status).toBe(302);
    expect((await client(server.url, oldCookie).get("/account")).status).toBe(302);
    const page = await browser.get("/account?changed=password");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Your password is changed");
    const login = await client(server.url).post("/login", { email: me.email!, password: "a brand new passphrase" });
    expect(login.status).toBe(302);
    const oldLogin = await client(server.url).post("/login", { email: me.email!, password: TEST_PASSWORD });
    expect(oldLogin.status).toBe(400);
  });
});
