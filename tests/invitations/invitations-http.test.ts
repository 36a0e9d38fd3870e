// Invitation links and role invitations through the real server: an organiser creates a
// link (shown once, stored hashed), people with and without an account register through it
// (confirmed or waitlisted, never an interest request, when it skips approval), every use
// counted and audited; expired, used-up, revoked and forged links answer 410/404 and write
// nothing; organisers of other events are refused. Co-organisers and co-authors invited by
// e-mail get the role once their address is verified, never before.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { and, count, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { auditLog, eventOrganisers, invitations, invitationUses, noteAuthors, outbox, registrations, roleInvites, users } from "#db/schema";
import { createNote } from "~/notes/create-note.server";
import { createInvitation } from "~/invitations/links.server";
import { acceptRoleInvitesFor } from "~/invitations/role-invites.server";
import { makeEvent, makeOrganisation, makeUser, verifyAddress } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer, type TestClient } from "../helpers/server";

const server = await startTestServer();
const db = getDb();
const DAY = 24 * 3600 * 1000;
const partner = makeOrganisation("Invite Partner", "invitepartner.example");
const organiser = await makeUser({ name: "Olga Organiser" });
const organiserClient = client(server.url, await sessionCookieFor(organiser.id));
const otherOrganiser = await makeUser({ name: "Oscar Other" });
const otherOrganiserClient = client(server.url, await sessionCookieFor(otherOrganiser.id));
makeEvent({ organiserIds: [otherOrganiser.id], title: "Oscar's own event" });

const totals = () => ({
  users: db.select({ n: count() }).from(users).get()!.n,
  registrations: db.select({ n: count() }).from(registrations).get()!.n,
  invitations: db.select({ n: count() }).from(invitations).get()!.n,
  uses: db.select({ n: count() }).from(invitationUses).get()!.n,
  usesCounted: db
    .select()
    .from(invitations)
    .all()
    .reduce((sum, i) => sum + i.uses, 0),
  revoked: db
    .select()
    .from(invitations)
    .all()
    .filter((i) => i.revokedAt).length,
  roleInvites: db.select({ n: count() }).from(roleInvites).get()!.n,
  outbox: db.select({ n: count() }).from(outbox).get()!.n,
  audit: db.select({ n: count() }).from(auditLog).get()!.n,
});
const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");
const registrationOf = (eventId: number, userId: number) =>
  db
    .select()
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.userId, userId)))
    .get();
const answers = { intent: "register", jobRole: "SRE", topics: "", dietary: "", accessibility: "", consent: "on" };
const visitor = (email = `guest-${crypto.randomBytes(3).toString("hex")}@outside.example`) => ({
  ...answers,
  name: "Gina Guest",
  email,
  password: "a long enough password",
  organisation: "Outside Ltd",
});
const linkOf = async (response: Response) => {
  const html = await response.text();
  const match = html.match(/value="(http[^"]+\/invite\/([A-Za-z0-9_-]{43}))"/);
  expect(match, "the page shows the new link").not.toBeNull();
  return { url: match![1], token: match![2], html };
};
const newEvent = (overrides: Parameters<typeof makeEvent>[0] = {}) =>
  makeEvent({ organiserIds: [organiser.id], partnerIds: [partner.id], ...overrides });
const createLink = async (slug: string, fields: Record<string, string> = {}) =>
  organiserClient.post(`/events/${slug}/invitations`, {
    intent: "create-link",
    label: "Beacon platform team",
    maxUses: "5",
    validDays: "14",
    skipApproval: "on",
    ...fields,
  });

describe("an organiser creates an invitation link", () => {
  it("shows it once with a Copy button, stores only a fingerprint, audits it", async () => {
    const event = newEvent();
    const response = await createLink(event.slug);
    expect(response.status).toBe(200);
    const { url, token, html } = await linkOf(response);
    expect(url).toBe(`${server.url}/invite/${token}`);
    expect(html).toContain("Copy it now");
    const row = db.select().from(invitations).where(eq(invitations.eventId, event.id)).get()!;
    expect(row).toMatchObject({
      label: "Beacon platform team",
      maxUses: 5,
      uses: 0,
      skipApproval: true,
      tokenHash: sha256(token),
      revokedAt: null,
      createdById: organiser.id,
    });
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(13.9 * DAY);
    expect(JSON.stringify(db.select().from(invitations).all())).not.toContain(token);
    expect(JSON.stringify(db.select().from(auditLog).all())).not.toContain(token);
    expect(db.select().from(auditLog).orderBy(auditLog.id).all().at(-1)).toMatchObject({
      action: "invitation.create",
      eventId: event.id,
      targetId: String(row.id),
    });
    const page = await (await organiserClient.get(`/events/${event.slug}/invitations`)).text();
    expect(page).toContain("Beacon platform team");
    expect(page).toContain("0 of 5");
    expect(page).not.toContain(token);
  });

  it.each([
    [{ maxUses: "0" }, "maxUses", "At least 1 use."],
    [{ maxUses: "501" }, "maxUses", "At most 500 uses."],
    [{ maxUses: "ten" }, "maxUses", "Enter how many people may use the link."],
    [{ validDays: "0" }, "validDays", "At least 1 day."],
    [{ validDays: "91" }, "validDays", "At most 90 days."],
    [{ validDays: "1.5" }, "validDays", "Enter a whole number of days."],
    [{ label: "x".repeat(101) }, "label", "At most 100 characters."],
  ])("refuses %j with a field message, writing nothing", async (fields, _field, message) => {
    const event = newEvent();
    const before = totals();
    const response = await createLink(event.slug, fields);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
    expect(totals()).toEqual(before);
  });

  it("an organiser of another event, an attendee and a visitor are refused on the page and every action", async () => {
    const event = newEvent();
    const { token } = await linkOf(await createLink(event.slug));
    const invitation = db
      .select()
      .from(invitations)
      .where(eq(invitations.tokenHash, sha256(token)))
      .get()!;
    const attendee = await makeUser();
    const attendeeClient = client(server.url, await sessionCookieFor(attendee.id));
    const page = `/events/${event.slug}/invitations`;
    const intents: Record<string, string>[] = [
      { intent: "create-link", label: "Mine", maxUses: "3", validDays: "3", skipApproval: "on" },
      { intent: "revoke-link", invitationId: String(invitation.id) },
      { intent: "invite-co-organiser", email: "sneaky@outside.example" },
    ];
    const before = totals();
    for (const who of [otherOrganiserClient, attendeeClient]) {
      const get = await who.get(page);
      expect(get.status).toBe(403);
      expect(await get.text()).toContain("Only the organisers of this event may do that.");
      for (const fields of intents) expect((await who.post(page, fields)).status, fields.intent).toBe(403);
    }
    const anonymous = client(server.url);
    expect((await anonymous.get(page)).headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    for (const fields of intents) expect((await anonymous.post(page, fields)).headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    expect(totals()).toEqual(before);
  });

  it("another event's link cannot be revoked through this event (404), nothing written", async () => {
    const mine = newEvent();
    const theirs = makeEvent({ organiserIds: [otherOrganiser.id] });
    const { invitation } = createInvitation(
      { event: theirs, purpose: "invitation", label: "Theirs", maxUses: 3, validDays: 3, skipApproval: true },
      otherOrganiser,
    );
    const before = totals();
    const response = await organiserClient.post(`/events/${mine.slug}/invitations`, {
      intent: "revoke-link",
      invitationId: String(invitation.id),
    });
    expect(response.status).toBe(404);
    expect(totals()).toEqual(before);
  });
});

describe("registering through a link", () => {
  it("/invite/<token> leads to the registration form carrying the invitation", async () => {
    const event = newEvent();
    const { token } = await linkOf(await createLink(event.slug));
    const response = await client(server.url).get(`/invite/${token}`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/events/${event.slug}/register?invite=${token}`);
    const form = await (await client(server.url).get(response.headers.get("location")!)).text();
    expect(form).toContain("You were invited by the organisers (Beacon platform team).");
    expect(form).toContain(`name="invite" value="${token}"`);
    // Logging in first keeps the invitation.
    expect(form).toContain(`href="/login?redirectTo=${encodeURIComponent(`/events/${event.slug}/register?invite=${token}`)}"`);
  });

  it("someone without an account signs up in the registration form and is confirmed; the use is counted and audited", async () => {
    const event = newEvent();
    const { token } = await linkOf(await createLink(event.slug));
    const browser = client(server.url);
    const fields = visitor();
    const response = await browser.post(`/events/${event.slug}/register?invite=${token}`, { ...fields, invite: token });
    expect(response.status).toBe(302);
    const person = db.select().from(users).where(eq(users.email, fields.email)).get()!;
    const invitation = db
      .select()
      .from(invitations)
      .where(eq(invitations.tokenHash, sha256(token)))
      .get()!;
    expect(registrationOf(event.id, person.id)).toMatchObject({ status: "confirmed", invitationId: invitation.id });
    expect(invitation.uses).toBe(1);
    expect(db.select().from(invitationUses).where(eq(invitationUses.invitationId, invitation.id)).all()).toEqual([
      expect.objectContaining({ userId: person.id }),
    ]);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "invitation.use")).all().at(-1)).toMatchObject({
      actorId: person.id,
      eventId: event.id,
      targetId: String(invitation.id),
    });
    expect(await (await browser.get(`/events/${event.slug}/register`)).text()).toContain("your seat is confirmed");
  });

  it("someone with an account outside the partners is confirmed through it, where without it they would be a request", async () => {
    const event = newEvent();
    const { token } = await linkOf(await createLink(event.slug));
    const [invited, uninvited] = [await makeUser(), await makeUser()];
    const response = await client(server.url, await sessionCookieFor(invited.id)).post(`/events/${event.slug}/register`, {
      ...answers,
      invite: token,
    });
    expect(response.status).toBe(302);
    expect(registrationOf(event.id, invited.id)?.status).toBe("confirmed");
    await client(server.url, await sessionCookieFor(uninvited.id)).post(`/events/${event.slug}/register`, answers);
    expect(registrationOf(event.id, uninvited.id)).toMatchObject({ status: "pending", invitationId: null });
  });

  it("a full event puts invited people on the waiting list, never a request", async () => {
    const event = newEvent({ capacity: 1 });
    const { token } = await linkOf(await createLink(event.slug));
    const [first, second] = [await makeUser(), await makeUser()];
    for (const person of [first, second])
      await client(server.url, await sessionCookieFor(person.id)).post(`/events/${event.slug}/register`, { ...answers, invite: token });
    expect(registrationOf(event.id, first.id)?.status).toBe("confirmed");
    expect(registrationOf(event.id, second.id)?.status).toBe("waitlisted");
  });

  it("a link that does not skip approval still records the invitation, and the organisers review the request", async () => {
    const event = newEvent();
    const { token } = await linkOf(await createLink(event.slug, { skipApproval: "" }));
    const person = await makeUser();
    await client(server.url, await sessionCookieFor(person.id)).post(`/events/${event.slug}/register`, { ...answers, invite: token });
    const invitation = db
      .select()
      .from(invitations)
      .where(eq(invitations.tokenHash, sha256(token)))
      .get()!;
    expect(invitation.skipApproval).toBe(false);
    expect(registrationOf(event.id, person.id)).toMatchObject({ status: "pending", invitationId: invitation.id });
  });

  it("invited people are partner members for that event's registration only: no partners-only notes", async () => {
    const event = newEvent();
    const secret = createNote({
      eventId: event.id,
      title: "Partners-only salary bands",
      body: "Secret.",
      authorIds: [organiser.id],
      visibility: "partners",
    });
    const { token } = await linkOf(await createLink(event.slug));
    const person = await makeUser();
    const browser = client(server.url, await sessionCookieFor(person.id));
    await browser.post(`/events/${event.slug}/register`, { ...answers, invite: token });
    expect(registrationOf(event.id, person.id)?.status).toBe("confirmed");
    expect((await browser.get(`/notes/${secret.id}`)).status).toBe(404);
    expect(await (await browser.get(`/notes?q=salary`)).text()).not.toContain("Partners-only salary bands");
  });
});

describe("links that no longer work: a clear page, nothing written", () => {
  async function expectRefused(slug: string, token: string, status: 404 | 410, message: string) {
    const anonymous = client(server.url);
    const invite = await anonymous.get(`/invite/${token}`);
    expect(invite.status).toBe(status);
    expect(await invite.text()).toContain(message);
    const form = await anonymous.get(`/events/${slug}/register?invite=${token}`);
    expect(form.status).toBe(status);
    const signedIn = client(server.url, await sessionCookieFor((await makeUser()).id));
    const before = totals();
    const withAccount = await signedIn.post(`/events/${slug}/register`, { ...answers, invite: token });
    expect(withAccount.status).toBe(status);
    expect(await withAccount.text()).toContain(message);
    const withoutAccount = await anonymous.post(`/events/${slug}/register`, { ...visitor(), invite: token });
    expect(withoutAccount.status).toBe(status);
    expect(await withoutAccount.text()).toContain(message);
    expect(totals()).toEqual(before);
  }

  it("past its expiry: 410", async () => {
    const event = newEvent();
    const { token } = createInvitation(
      { event, purpose: "invitation", label: "Old", maxUses: 5, validDays: 1, skipApproval: true },
      organiser,
      new Date(Date.now() - 2 * DAY),
    );
    await expectRefused(event.slug, token, 410, "This invitation link has expired.");
  });

  it("used as many times as it allows: 410", async () => {
    const event = newEvent();
    const { token } = await linkOf(await createLink(event.slug, { maxUses: "1" }));
    await client(server.url, await sessionCookieFor((await makeUser()).id)).post(`/events/${event.slug}/register`, {
      ...answers,
      invite: token,
    });
    await expectRefused(event.slug, token, 410, "has been used as many times as it allows");
  });

  it("revoked by an organiser (audited): 410", async () => {
    const event = newEvent();
    const { token } = await linkOf(await createLink(event.slug));
    const invitation = db
      .select()
      .from(invitations)
      .where(eq(invitations.tokenHash, sha256(token)))
      .get()!;
    // Unconfirmed, nothing happens: a field message, 400, the link still works.
    const before = totals();
    const unconfirmed = await organiserClient.post(`/events/${event.slug}/invitations`, {
      intent: "revoke-link",
      invitationId: String(invitation.id),
    });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain("Tick “Yes, revoke this link” first: revoking cannot be undone.");
    expect(totals()).toEqual(before);
    expect(db.select().from(invitations).where(eq(invitations.id, invitation.id)).get()!.revokedAt).toBeNull();
    const page = await (await organiserClient.get(`/events/${event.slug}/invitations`)).text();
    expect(page).toContain("Yes, revoke this link");
    expect(page).toContain("Nobody can register through this link any more.");

    const revoke = await organiserClient.post(`/events/${event.slug}/invitations`, {
      intent: "revoke-link",
      invitationId: String(invitation.id),
      confirm: "yes",
    });
    expect(revoke.status).toBe(303);
    expect(await (await organiserClient.get(`/events/${event.slug}/invitations`)).text()).toContain("The invitation link no longer works.");
    expect(db.select().from(auditLog).orderBy(auditLog.id).all().at(-1)).toMatchObject({
      action: "invitation.revoke",
      targetId: String(invitation.id),
    });
    await expectRefused(event.slug, token, 410, "This invitation link was withdrawn by the organisers.");
  });

  it("forged, malformed, or another event's link: 404", async () => {
    const event = newEvent();
    const other = newEvent();
    const { token: otherToken } = await linkOf(await createLink(other.slug));
    await expectRefused(event.slug, crypto.randomBytes(32).toString("base64url"), 404, "This invitation link is not valid.");
    await expectRefused(event.slug, "not-a-token", 404, "This invitation link is not valid.");
    const form = await client(server.url).get(`/events/${event.slug}/register?invite=${otherToken}`);
    expect(form.status).toBe(404);
  });
});

describe("co-organisers invited by e-mail", () => {
  it("an address without an account gets an e-mail; the role waits for sign-up AND verification", async () => {
    const event = newEvent();
    const email = `cora-${crypto.randomBytes(3).toString("hex")}@outside.example`;
    const response = await organiserClient.post(`/events/${event.slug}/invitations`, {
      intent: "invite-co-organiser",
      email: email.toUpperCase(),
    });
    expect(response.status).toBe(303);
    expect(await (await organiserClient.get(`/events/${event.slug}/invitations`)).text()).toContain(
      "The role is theirs once they sign up with this address and confirm it.",
    );
    const mail = db.select().from(outbox).where(eq(outbox.toEmail, email)).get()!;
    expect(mail.subject).toContain(`invited you as a co-organiser of “${event.title}”`);
    expect(mail.textBody).toContain("/signup?redirectTo=");
    expect(db.select().from(roleInvites).where(eq(roleInvites.email, email)).get()).toMatchObject({
      kind: "co_organiser",
      eventId: event.id,
      acceptedAt: null,
    });

    const browser = client(server.url);
    await browser.post("/signup", { name: "Cora Coorganiser", email, password: "a long enough password", organisation: "", jobRole: "" });
    const cora = db.select().from(users).where(eq(users.email, email)).get()!;
    expect((await browser.get(`/events/${event.slug}/invitations`)).status).toBe(403);

    // What the verification link's success does (the identity work calls this).
    expect(acceptRoleInvitesFor(cora.id, email)).toBe(1);
    expect(
      db
        .select()
        .from(eventOrganisers)
        .where(and(eq(eventOrganisers.eventId, event.id), eq(eventOrganisers.userId, cora.id)))
        .get(),
    ).toMatchObject({ role: "organiser" });
    expect((await browser.get(`/events/${event.slug}/invitations`)).status).toBe(200);
    expect(db.select().from(auditLog).orderBy(auditLog.id).all().at(-1)).toMatchObject({
      action: "role-invite.accept.co_organiser",
      actorId: cora.id,
      eventId: event.id,
    });
    expect(acceptRoleInvitesFor(cora.id, email)).toBe(0);
  });

  it("bad addresses and a second invitation to the same address are refused, nothing written", async () => {
    const event = newEvent();
    const before = totals();
    for (const email of ["", "not-an-address", "a@b", "x".repeat(250) + "@outside.example"]) {
      const response = await organiserClient.post(`/events/${event.slug}/invitations`, { intent: "invite-co-organiser", email });
      expect(response.status, email).toBe(400);
    }
    expect(totals()).toEqual(before);
    await organiserClient.post(`/events/${event.slug}/invitations`, { intent: "invite-co-organiser", email: "twice@outside.example" });
    const again = totals();
    const second = await organiserClient.post(`/events/${event.slug}/invitations`, {
      intent: "invite-co-organiser",
      email: "twice@outside.example",
    });
    expect(second.status).toBe(409);
    expect(await second.text()).toContain("twice@outside.example is already invited");
    expect(totals()).toEqual(again);
  });
});

describe("co-authors invited by e-mail", () => {
  it("a note's author invites; the authorship waits for verification; other people are refused", async () => {
    const event = newEvent();
    const author = await makeUser({ name: "Aaron Author" });
    const note = createNote({ eventId: event.id, title: "Flaky tests", body: "We learned.", authorIds: [author.id] });
    const authorClient = client(server.url, await sessionCookieFor(author.id));
    const page = `/notes/${note.id}/co-authors`;
    expect((await authorClient.get(page)).status).toBe(200);
    const stranger: TestClient = client(server.url, await sessionCookieFor((await makeUser()).id));
    expect((await stranger.get(page)).status).toBe(403);
    expect((await otherOrganiserClient.get(page)).status).toBe(403);
    expect((await client(server.url).get(page)).headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    expect((await organiserClient.get(page)).status).toBe(200);
    const before = totals();
    expect((await stranger.post(page, { email: "x@outside.example" })).status).toBe(403);
    expect((await otherOrganiserClient.post(page, { email: "x@outside.example" })).status).toBe(403);
    expect((await authorClient.post(page, { email: "nope" })).status).toBe(400);
    expect(totals()).toEqual(before);

    const email = "colin@outside.example";
    const response = await authorClient.post(page, { email });
    expect(response.status).toBe(303);
    expect(db.select().from(outbox).where(eq(outbox.toEmail, email)).get()?.subject).toContain("co-author of the note “Flaky tests”");
    const colin = await makeUser({ email, name: "Colin Coauthor", verified: false });
    expect(
      db
        .select()
        .from(noteAuthors)
        .where(eq(noteAuthors.noteId, note.id))
        .all()
        .map((a) => a.userId),
    ).toEqual([author.id]);
    verifyAddress(colin); // the real verification link grants the offered role
    expect(
      db
        .select()
        .from(noteAuthors)
        .where(eq(noteAuthors.noteId, note.id))
        .all()
        .map((a) => a.userId)
        .sort(),
    ).toEqual([author.id, colin.id].sort());
    expect(await (await authorClient.get(page)).text()).toContain("accepted");
  });
});
