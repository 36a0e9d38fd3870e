// Walk-ins and declining with a reason, over HTTP against the real server (issue 17.1, 17.5):
// the organiser adds someone at the door through the registration rules (a full event
// refuses unless the organiser chooses the waiting list or, explicitly, a seat over
// capacity), bad input is refused on its field with nothing written, and a decline's
// reason reaches the person's e-mail in the outbox.
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, outbox, passwords, registrations, users } from "#db/schema";
import { registerForEvent } from "~/registration/registrations.server";
import { requestPasswordReset, resetPassword } from "~/accounts/password-reset.server";
import { verifyLogin } from "~/accounts/users.server";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";
import { mailedLinkPath } from "../helpers/outbox";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const db = getDb();
const partner = makeOrganisation("Walk Partner", "walkpartner.example");
const organiser = await makeUser({ name: "Olu Organiser" });
const org = client(server.url, await sessionCookieFor(organiser.id));

const rows = (n: { eventId: number }) => ({
  registrations: db.select({ n: count() }).from(registrations).where(eq(registrations.eventId, n.eventId)).get()!.n,
  users: db.select({ n: count() }).from(users).get()!.n,
  audit: db.select({ n: count() }).from(auditLog).get()!.n,
  outbox: db.select({ n: count() }).from(outbox).get()!.n,
});
const registrationOf = (eventId: number, email: string) =>
  db
    .select({
      status: registrations.status,
      checkedInAt: registrations.checkedInAt,
      consentVersion: registrations.consentVersion,
      id: registrations.id,
    })
    .from(registrations)
    .innerJoin(users, eq(users.id, registrations.userId))
    .where(and(eq(registrations.eventId, eventId), eq(users.email, email)))
    .get();
const walkIn = (slug: string, fields: Record<string, string>) =>
  org.post(`/events/${slug}/attendees`, { intent: "walk-in", consent: "on", whenFull: "ask", ...fields });

async function fill(eventId: number, seats: number) {
  for (let i = 0; i < seats; i++) {
    const user = await makeUser({ email: `seat-${eventId}-${i}@walkpartner.example`, organisationId: partner.id });
    registerForEvent({ eventId, userId: user.id, answers: {}, consent: true });
  }
}

describe("adding a walk-in", () => {
  it("refuses bad input on its fields, 400, nothing written", async () => {
    const event = makeEvent({ organiserIds: [organiser.id] });
    const before = rows({ eventId: event.id });
    for (const [fields, field, message] of [
      // The organiser types someone else's details: the messages say "their", not "your".
      [{ name: "", email: "ada@door.example" }, "name", "Enter their name."],
      [{ name: "Ada", email: "" }, "email", "Enter their e-mail address."],
      [{ name: "Ada", email: "not-an-address" }, "email", "Enter a valid e-mail address"],
      [{ name: "Ada", email: "ada@door.example", consent: "" }, "consent", "Ask them to agree to the privacy notice first"],
      [{ name: "Ada", email: "ada@door.example", whenFull: "sneak-in" }, "whenFull", "Choose what happens when the event is full."],
      [{ name: "A".repeat(101), email: "ada@door.example" }, "name", "At most 100 characters."],
    ] as const) {
      const response = await walkIn(event.slug, fields);
      expect(response.status, field).toBe(400);
      const html = await response.text();
      expect(html).toContain(message);
      expect(html, field).toMatch(
        new RegExp(`id="walk-in-${field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="walk-in-${field}"`),
      );
    }
    expect(rows({ eventId: event.id })).toEqual(before);
  });

  it("adds and checks in a new person: an account without password, confirmed, audited, mailed", async () => {
    const event = makeEvent({ organiserIds: [organiser.id], capacity: 10 });
    const response = await walkIn(event.slug, { name: "Ada Walker", email: "Ada.Walker@Door.example", checkInNow: "on" });
    expect(response.status).toBe(303);
    const location = response.headers.get("Location")!;
    expect(location).toBe(`/events/${event.slug}/attendees?q=${encodeURIComponent("Ada.Walker@Door.example")}`);
    const page = await (await org.get(location)).text();
    expect(page).toContain("Ada Walker: Confirmed. Walk-in added and checked in.");

    const reg = registrationOf(event.id, "ada.walker@door.example")!;
    expect(reg.status).toBe("confirmed");
    expect(reg.checkedInAt).toBeInstanceOf(Date);
    const user = db.select().from(users).where(eq(users.email, "ada.walker@door.example")).get()!;
    expect(user).toMatchObject({ name: "Ada Walker", emailVerifiedAt: null });
    expect(db.select().from(passwords).where(eq(passwords.userId, user.id)).get()).toBeUndefined();
    const audit = db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "registration.walk-in"))
      .all()
      .filter((a) => a.targetId === String(reg.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: organiser.id,
      eventId: event.id,
      details: { to: "confirmed", checkedIn: true, overCapacity: false, newAccount: true },
    });
    const mail = db
      .select()
      .from(outbox)
      .where(and(eq(outbox.toEmail, "ada.walker@door.example"), eq(outbox.eventId, event.id)))
      .all();
    expect(mail.map((m) => m.kind)).toEqual(["registration.confirmed"]);
  });

  it("the walk-in's account gets its first password through 'Forgot password'", async () => {
    await requestPasswordReset("ada.walker@door.example");
    const token = mailedLinkPath("ada.walker@door.example", "account.reset_password").split("/").pop()!;
    await resetPassword(token, "a fresh door password");
    expect(await verifyLogin("ada.walker@door.example", "a fresh door password")).toBeTypeOf("number");
  });

  it("an existing account is not registered on the organiser's word; someone already registered is refused on the e-mail field", async () => {
    const event = makeEvent({ organiserIds: [organiser.id] });
    const known = await makeUser({ name: "Kim Known", email: "kim.known@door.example" });
    const before = rows({ eventId: event.id });
    const first = await walkIn(event.slug, { name: "Kim K.", email: "kim.known@door.example" });
    expect(first.status).toBe(409);
    const html = await first.text();
    expect(html).toContain("This address already has an account, so only its owner can register it.");
    expect(html).not.toContain("Kim Known");
    expect(registrationOf(event.id, "kim.known@door.example")).toBeUndefined();
    expect(rows({ eventId: event.id })).toEqual(before);
    expect(db.select().from(users).where(eq(users.id, known.id)).get()!.name).toBe("Kim Known");

    // Registered themselves (as through the link they are sent): the walk-in form says so.
    registerForEvent({ eventId: event.id, userId: known.id, answers: {}, consent: true });
    const registered = rows({ eventId: event.id });
    const again = await walkIn(event.slug, { name: "Kim Known", email: "kim.known@door.example", checkInNow: "on" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("Kim Known is already registered (Pending review): find them in the list instead.");
    expect(rows({ eventId: event.id })).toEqual(registered);
  });

  it("only organisers of the event may add one", async () => {
    const event = makeEvent({ organiserIds: [organiser.id] });
    const stranger = client(server.url, await sessionCookieFor((await makeUser()).id));
    const before = rows({ eventId: event.id });
    const response = await stranger.post(`/events/${event.slug}/attendees`, {
      intent: "walk-in",
      name: "Eve",
      email: "eve@door.example",
      consent: "on",
    });
    expect([403, 404]).toContain(response.status);
    expect(rows({ eventId: event.id })).toEqual(before);
  });
});

describe("capacity under walk-ins", () => {
  it("a full event refuses (409, nothing written) until the organiser chooses the waiting list or a seat over capacity", async () => {
    const event = makeEvent({ organiserIds: [organiser.id], capacity: 2, partnerIds: [partner.id] });
    await fill(event.id, 2);
    const confirmed = () =>
      db
        .select({ n: count() })
        .from(registrations)
        .where(and(eq(registrations.eventId, event.id), eq(registrations.status, "confirmed")))
        .get()!.n;

    const before = rows({ eventId: event.id });
    const refused = await walkIn(event.slug, { name: "Finn Full", email: "finn@door.example", checkInNow: "on" });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("The event is full: 2 of 2 seats are taken.");
    expect(rows({ eventId: event.id })).toEqual(before);

    const queuedAndIn = await walkIn(event.slug, { name: "Finn Full", email: "finn@door.example", whenFull: "waitlist", checkInNow: "on" });
    expect(queuedAndIn.status).toBe(400);
    expect(await queuedAndIn.text()).toContain("Someone on the waiting list cannot be checked in");
    expect(rows({ eventId: event.id })).toEqual(before);

    expect((await walkIn(event.slug, { name: "Finn Full", email: "finn@door.example", whenFull: "waitlist" })).status).toBe(303);
    expect(registrationOf(event.id, "finn@door.example")).toMatchObject({ status: "waitlisted", checkedInAt: null });
    expect(confirmed()).toBe(2);

    const seated = await walkIn(event.slug, { name: "Gia Guest", email: "gia@door.example", whenFull: "override", checkInNow: "on" });
    expect(seated.status).toBe(303);
    expect(await (await org.get(seated.headers.get("Location")!)).text()).toContain("Gia Guest: Confirmed. Walk-in added over capacity");
    expect(registrationOf(event.id, "gia@door.example")).toMatchObject({ status: "confirmed" });
    expect(confirmed()).toBe(3);
    const audit = db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "registration.walk-in"))
      .all()
      .filter((a) => a.eventId === event.id);
    expect(audit.map((a) => a.details)).toEqual([
      { to: "waitlisted", checkedIn: false, overCapacity: false, newAccount: true },
      { to: "confirmed", checkedIn: true, overCapacity: true, newAccount: true },
    ]);
  });

  it("with seats left, 'If the event is full' changes nothing", async () => {
    const event = makeEvent({ organiserIds: [organiser.id], capacity: 3, partnerIds: [partner.id] });
    await fill(event.id, 2);
    expect((await walkIn(event.slug, { name: "Hal Last", email: "hal@door.example", whenFull: "waitlist" })).status).toBe(303);
    expect(registrationOf(event.id, "hal@door.example")).toMatchObject({ status: "confirmed" });
  });
});

describe("declining with a reason", () => {
  it("mails the reason to the person; a reason too long is refused with nothing written", async () => {
    const event = makeEvent({ organiserIds: [organiser.id] });
    const person = await makeUser({ name: "Rita Request", email: "rita@elsewhere.example" });
    registerForEvent({ eventId: event.id, userId: person.id, answers: {}, consent: true });
    const reg = registrationOf(event.id, "rita@elsewhere.example")!;
    expect(reg.status).toBe("pending");

    const before = rows({ eventId: event.id });
    const tooLong = await org.post(`/events/${event.slug}/attendees`, {
      intent: "decline",
      registrationId: String(reg.id),
      reason: "x".repeat(1001),
    });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain("Reason: At most 1,000 characters.");
    expect(rows({ eventId: event.id })).toEqual(before);

    const declined = await org.post(`/events/${event.slug}/attendees`, {
      intent: "decline",
      registrationId: String(reg.id),
      reason: "We are full of platform teams this time.\nPlease try the spring edition!",
    });
    expect(declined.status).toBe(303);
    expect(registrationOf(event.id, "rita@elsewhere.example")!.status).toBe("declined");
    const mail = db
      .select()
      .from(outbox)
      .where(and(eq(outbox.toEmail, "rita@elsewhere.example"), eq(outbox.kind, "registration.declined")))
      .get()!;
    expect(mail.textBody).toContain("The organisers wrote:\n> We are full of platform teams this time.\n> Please try the spring edition!");
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "registration.decline"), eq(auditLog.targetId, String(reg.id))))
      .get()!;
    expect(audit.details).toMatchObject({ from: "pending", to: "declined", withReason: true });
  });
});
