// Security review, 7 Dec 2026: a walk-in with the address of an existing account. The
// organiser may not register someone else's account on their say-so (with consent ticked
// for them, and then seeing the account's real name, organisation and badges): the form
// says the address has an account and offers a one-tap alternative, a single-use link to
// take this seat, mailed to the address and shown as a QR code. The person opens it, signs
// in and consents themselves; the link works even after registration closed (the organiser
// decided), until the event ends. New addresses keep the walk-in flow (walk-ins.test.ts).
import { and, count, desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, invitations, outbox, registrations, users } from "#db/schema";
import { createInvitation } from "~/invitations/links.server";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const db = getDb();
const HOUR = 3600 * 1000;
const partner = makeOrganisation("Hidden Partner Co", "hiddenpartner.example");
const organiser = await makeUser({ name: "Olu Organiser" });
const org = client(server.url, await sessionCookieFor(organiser.id));

const totals = () => ({
  registrations: db.select({ n: count() }).from(registrations).get()!.n,
  users: db.select({ n: count() }).from(users).get()!.n,
  audit: db.select({ n: count() }).from(auditLog).get()!.n,
  outbox: db.select({ n: count() }).from(outbox).get()!.n,
  invitations: db.select({ n: count() }).from(invitations).get()!.n,
});
const registrationOf = (eventId: number, userId: number) =>
  db
    .select()
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.userId, userId)))
    .get();
/** An event under way: registration closed when it started an hour ago. */
const startedEvent = () =>
  makeEvent({
    organiserIds: [organiser.id],
    partnerIds: [partner.id],
    startsAt: new Date(Date.now() - HOUR),
    endsAt: new Date(Date.now() + 6 * HOUR),
  });
const linkIn = (html: string) => /https?:\/\/[^"<\s]+\/invite\/[A-Za-z0-9_-]+/.exec(html)?.[0];

describe("a walk-in with an existing account's address", () => {
  it("is not registered: a message on the e-mail field, nothing written, nothing about the account shown", async () => {
    const event = startedEvent();
    const member = await makeUser({
      name: "Priya Private",
      email: `priya.${Date.now()}@hiddenpartner.example`,
      organisationId: partner.id,
    });
    const before = totals();
    const response = await org.post(`/events/${event.slug}/attendees`, {
      intent: "walk-in",
      name: "Somebody Typed",
      email: member.email!.toUpperCase(),
      consent: "on",
      whenFull: "ask",
    });
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toContain("This address already has an account, so only its owner can register it.");
    expect(html).toMatch(/id="walk-in-email"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="walk-in-email"/);
    expect(html).toContain("Send them a link to take this seat");
    for (const secret of ["Priya Private", "Hidden Partner Co", "Verified", "Partner"]) expect(html).not.toContain(secret);
    expect(totals()).toEqual(before);
    expect(registrationOf(event.id, member.id)).toBeUndefined();
  });

  it("gets a single-use link instead: mailed to the address and shown as a QR code; the person consents themselves, though registration closed", async () => {
    const event = startedEvent();
    const member = await makeUser({ name: "Priya Private", email: `priya2.${Date.now()}@hiddenpartner.example` });
    const before = totals();
    const sent = await org.post(`/events/${event.slug}/attendees`, { intent: "walk-in-link", email: member.email! });
    expect(sent.status).toBe(200);
    const html = await sent.text();
    expect(html).toContain(`We e-mailed a link to take this seat to ${member.email}.`);
    expect(html).toMatch(/<svg[^>]*>/);
    expect(html).toContain('aria-label="QR code of the link to take this seat"');
    expect(html).not.toContain("Priya Private");
    const link = linkIn(html)!;
    expect(link).toBeTruthy();

    const invitation = db.select().from(invitations).where(eq(invitations.eventId, event.id)).get()!;
    expect(invitation).toMatchObject({ maxUses: 1, uses: 0, skipApproval: true, createdById: organiser.id, purpose: "walk_in" });
    expect(invitation.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(24 * HOUR);
    expect(invitation.expiresAt.getTime() - Date.now()).toBeGreaterThan(HOUR);
    const mail = db.select().from(outbox).where(eq(outbox.toEmail, member.email!)).orderBy(desc(outbox.id)).get()!;
    expect(mail.kind).toBe("registration.walk_in_link");
    expect(mail.subject).toBe(`Your seat at ${event.title}`);
    expect(mail.textBody).toContain(link);
    expect(mail.textBody).not.toContain("Somebody");
    expect(totals()).toMatchObject({ registrations: before.registrations, users: before.users, invitations: before.invitations + 1 });

    // The person opens it on their phone, signed in: registration has closed, the form is there.
    const person = client(server.url, await sessionCookieFor(member.id));
    const opened = await person.get(new URL(link).pathname);
    expect(opened.status).toBe(302);
    const registerPath = opened.headers.get("Location")!;
    const page = await (await person.get(registerPath)).text();
    expect(page).not.toContain("Registration for this event is closed.");
    expect(page).toContain("I agree to the <a");

    // Consent is theirs: without it, refused.
    const token = new URL(registerPath, server.url).searchParams.get("invite")!;
    const noConsent = await person.post(`/events/${event.slug}/register`, { intent: "register", invite: token });
    expect(noConsent.status).toBe(400);
    expect(registrationOf(event.id, member.id)).toBeUndefined();

    const registered = await person.post(`/events/${event.slug}/register`, { intent: "register", invite: token, consent: "on" });
    expect(registered.status).toBe(302);
    const reg = registrationOf(event.id, member.id)!;
    expect(reg).toMatchObject({ status: "confirmed", invitationId: invitation.id });
    expect(db.select().from(invitations).where(eq(invitations.id, invitation.id)).get()!.uses).toBe(1);

    // Single use: nobody else takes a seat with it.
    const other = await makeUser();
    const reuse = await client(server.url, await sessionCookieFor(other.id)).post(`/events/${event.slug}/register`, {
      intent: "register",
      invite: token,
      consent: "on",
    });
    expect(reuse.status).toBe(410);
    expect(registrationOf(event.id, other.id)).toBeUndefined();
  });

  it("says 'already registered' for someone already in the list, and sends no link", async () => {
    const event = makeEvent({ organiserIds: [organiser.id] });
    const member = await makeUser({ name: "Reg Istered", email: `reg.${Date.now()}@elsewhere.example` });
    await client(server.url, await sessionCookieFor(member.id)).post(`/events/${event.slug}/register`, {
      intent: "register",
      consent: "on",
    });
    expect(registrationOf(event.id, member.id)?.status).toBe("pending");
    const before = totals();
    const response = await org.post(`/events/${event.slug}/attendees`, {
      intent: "walk-in",
      name: "Reg",
      email: member.email!,
      consent: "on",
    });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("Reg Istered is already registered (Pending review): find them in the list instead.");
    expect(totals()).toEqual(before);
  });

  it("only the event's organisers may send such a link; a bad address is refused on its field", async () => {
    const event = startedEvent();
    const before = totals();
    const stranger = client(server.url, await sessionCookieFor((await makeUser()).id));
    const afterStranger = totals();
    const refused = await stranger.post(`/events/${event.slug}/attendees`, { intent: "walk-in-link", email: "someone@door.example" });
    expect([403, 404]).toContain(refused.status);
    const bad = await org.post(`/events/${event.slug}/attendees`, { intent: "walk-in-link", email: "not-an-address" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Enter a valid e-mail address");
    expect(totals()).toEqual(afterStranger);
    expect(afterStranger.invitations).toBe(before.invitations);
  });

  it("a link made on the Invitations page with a walk-in's label (or a forged purpose field) does not open a closed registration", async () => {
    const event = startedEvent();
    const created = await org.post(`/events/${event.slug}/invitations`, {
      intent: "create-link",
      label: "Walk-in at the door: x@y.example",
      maxUses: "5",
      validDays: "3",
      skipApproval: "on",
      purpose: "walk_in",
    });
    expect(created.status).toBe(200);
    const link = /value="(http[^"]+\/invite\/[A-Za-z0-9_-]{43})"/.exec(await created.text())![1];
    const row = db.select().from(invitations).where(eq(invitations.eventId, event.id)).get()!;
    expect(row).toMatchObject({ label: "Walk-in at the door: x@y.example", purpose: "invitation" });

    const guest = await makeUser();
    const person = client(server.url, await sessionCookieFor(guest.id));
    const registerPath = (await person.get(new URL(link).pathname)).headers.get("Location")!;
    expect(await (await person.get(registerPath)).text()).toContain("Registration for this event is closed.");
    const before = totals();
    const token = new URL(registerPath, server.url).searchParams.get("invite")!;
    const response = await person.post(`/events/${event.slug}/register`, { intent: "register", invite: token, consent: "on" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Registration for this event is closed.");
    expect(totals()).toEqual(before);
    expect(registrationOf(event.id, guest.id)).toBeUndefined();
    expect(db.select().from(invitations).where(eq(invitations.id, row.id)).get()!.uses).toBe(0);
  });

  it("an ordinary invitation link still does not open a closed registration", async () => {
    const event = startedEvent();
    const { token } = createInvitation(
      { event, purpose: "invitation", label: "Friends", maxUses: 5, validDays: 3, skipApproval: true },
      { id: organiser.id },
    );
    const guest = await makeUser();
    const response = await client(server.url, await sessionCookieFor(guest.id)).post(`/events/${event.slug}/register`, {
      intent: "register",
      invite: token,
      consent: "on",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Registration for this event is closed.");
    expect(registrationOf(event.id, guest.id)).toBeUndefined();
  });
});
