// The registration rules, tested on the domain layer against the real SQLite database.
import { describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { auditLog, events, outbox, registrations } from "#db/schema";
import { applyCapacityChange } from "~/events/capacity.server";
import { updateEvent } from "~/events/events.server";
import { PRIVACY_NOTICE_VERSION } from "~/privacy/notice";
import { decideRegistration } from "~/registration/organiser-decisions.server";
import { cancelRegistration, getRegistration, registerForEvent, registrationWindow } from "~/registration/registrations.server";
import { DomainError } from "~/utils/errors.server";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";

const partnerOrg = makeOrganisation("Rules Partner", "partner.example");
const DAY = 24 * 3600 * 1000;

async function partnerMember(name = "Pat Partner") {
  return makeUser({
    email: `${name.toLowerCase().replace(/\W+/g, ".")}.${Math.random().toString(36).slice(2, 8)}@partner.example`,
    name,
    organisationId: partnerOrg.id,
  });
}
async function guest(name = "Gina Guest") {
  return makeUser({
    email: `${name.toLowerCase().replace(/\W+/g, ".")}.${Math.random().toString(36).slice(2, 8)}@elsewhere.example`,
    name,
  });
}
const register = (eventId: number, userId: number, now?: Date) =>
  registerForEvent({ eventId, userId, answers: { jobRole: "Engineer", topics: "Platform teams" }, consent: true, now });
const statusOf = (eventId: number, userId: number) => getRegistration(eventId, userId)?.status ?? null;
// Not the account's own mails (sign-up sends the verification link, tested in tests/accounts).
const mails = (userId: number) =>
  getDb()
    .select()
    .from(outbox)
    .where(eq(outbox.userId, userId))
    .orderBy(asc(outbox.id))
    .all()
    .map((m) => m.kind)
    .filter((kind) => !kind.startsWith("account."));

function expectDomainError(fn: () => unknown, status: number, message?: RegExp) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).status).toBe(status);
    if (message) expect((error as DomainError).message).toMatch(message);
    return;
  }
  throw new Error("expected a DomainError");
}

describe("partner members", () => {
  it("are confirmed while seats are left, then waitlisted in arrival order, with e-mails queued", async () => {
    const event = makeEvent({ capacity: 2, partnerIds: [partnerOrg.id] });
    const people = await Promise.all([1, 2, 3, 4].map((n) => partnerMember(`Person ${n}`)));
    const results = people.map((p) => register(event.id, p.id));
    expect(results.map((r) => r.registration.status)).toEqual(["confirmed", "confirmed", "waitlisted", "waitlisted"]);
    expect(results.map((r) => r.position)).toEqual([null, null, 1, 2]);
    expect(mails(people[0].id)).toEqual(["registration.confirmed"]);
    expect(mails(people[2].id)).toEqual(["registration.waitlisted"]);
    const stored = getDb().select().from(registrations).where(eq(registrations.userId, people[0].id)).get()!;
    expect(stored.consentVersion).toBe(PRIVACY_NOTICE_VERSION);
    expect(stored.consentAt).toBeInstanceOf(Date);
    expect(stored.topics).toBe("Platform teams");
  });

  it("are recognised by a verified address on the partner's domain, not by a typed organisation name", async () => {
    const event = makeEvent({ capacity: 5, partnerIds: [partnerOrg.id] });
    // Same organisation row as the partner, but a foreign e-mail domain: an interest request.
    // The same person is refused partners-only notes (notes-domain.test.ts): one rule.
    const impostor = await makeUser({ email: "impostor@elsewhere.example", organisationId: partnerOrg.id });
    expect(impostor.organisationId).toBe(partnerOrg.id);
    expect(register(event.id, impostor.id).registration.status).toBe("pending");
    // The partner's domain, but the address not yet proven: not confirmed directly either.
    const unproven = await makeUser({ email: `unproven.${Math.random().toString(36).slice(2, 8)}@partner.example`, verified: false });
    expect(register(event.id, unproven.id).registration.status).toBe("pending");
    expect(statusOf(event.id, unproven.id)).toBe("pending");
  });
});

describe("cancellation", () => {
  it("frees the seat and promotes the oldest waitlisted person in the same transaction", async () => {
    const event = makeEvent({ capacity: 1, partnerIds: [partnerOrg.id] });
    const [a, b, c] = await Promise.all([partnerMember("A"), partnerMember("B"), partnerMember("C")]);
    register(event.id, a.id);
    register(event.id, b.id);
    register(event.id, c.id);
    const result = cancelRegistration({ eventId: event.id, userId: a.id });
    expect(result.promoted).toHaveLength(1);
    expect(statusOf(event.id, a.id)).toBe("cancelled");
    expect(statusOf(event.id, b.id)).toBe("confirmed");
    expect(getRegistration(event.id, c.id)?.position).toBe(1);
    expect(mails(a.id)).toEqual(["registration.confirmed", "registration.cancelled"]);
    expect(mails(b.id)).toEqual(["registration.waitlisted", "registration.promoted"]);
  });

  it("re-registering after cancelling goes to the back of the queue", async () => {
    const event = makeEvent({ capacity: 1, partnerIds: [partnerOrg.id] });
    const [a, b, c] = await Promise.all([partnerMember("A"), partnerMember("B"), partnerMember("C")]);
    register(event.id, a.id);
    register(event.id, b.id); // waitlisted #1
    cancelRegistration({ eventId: event.id, userId: b.id });
    register(event.id, c.id); // waitlisted #1
    const again = register(event.id, b.id);
    expect(again.registration.status).toBe("waitlisted");
    expect(again.position).toBe(2);
    // Still one row per person and event.
    expect(
      getDb()
        .select()
        .from(registrations)
        .where(and(eq(registrations.eventId, event.id), eq(registrations.userId, b.id)))
        .all(),
    ).toHaveLength(1);
  });

  it("refuses to cancel when there is nothing to cancel", async () => {
    const event = makeEvent({ partnerIds: [partnerOrg.id] });
    const a = await partnerMember();
    expectDomainError(() => cancelRegistration({ eventId: event.id, userId: a.id }), 409);
  });
});

describe("one registration per person", () => {
  it("refuses a second registration with 409 and writes nothing", async () => {
    const event = makeEvent({ partnerIds: [partnerOrg.id] });
    const a = await partnerMember();
    register(event.id, a.id);
    const before = getDb().select().from(outbox).all().length;
    expectDomainError(() => register(event.id, a.id), 409, /already registered/);
    expect(getDb().select().from(outbox).all().length).toBe(before);
  });
});

describe("the registration window", () => {
  it("refuses drafts, cancelled events, not-yet-open, closed and past events", async () => {
    const a = await partnerMember();
    const now = Date.now();
    const cases = [
      makeEvent({ status: "draft" }),
      makeEvent({ status: "cancelled" }),
      makeEvent({ registrationOpensAt: new Date(now + DAY) }),
      makeEvent({ registrationClosesAt: new Date(now - DAY) }),
      makeEvent({ startsAt: new Date(now - 3 * DAY), endsAt: new Date(now - 2 * DAY) }),
    ];
    for (const event of cases) {
      expectDomainError(() => register(event.id, a.id), 400);
      expect(getRegistration(event.id, a.id)).toBeNull();
    }
    expect(registrationWindow(cases[2]).open).toBe(false);
  });

  it("is open between opensAt and closesAt", async () => {
    const a = await partnerMember();
    const event = makeEvent({
      partnerIds: [partnerOrg.id],
      registrationOpensAt: new Date(Date.now() - DAY),
      registrationClosesAt: new Date(Date.now() + DAY),
    });
    expect(register(event.id, a.id).registration.status).toBe("confirmed");
  });
});

describe("interest requests", () => {
  it("stay pending until an organiser approves (confirmed or waitlisted by the same rule) or declines", async () => {
    const organiser = await makeUser();
    const event = makeEvent({ capacity: 1, partnerIds: [partnerOrg.id], organiserIds: [organiser.id] });
    const [g1, g2, g3] = await Promise.all([guest("G1"), guest("G2"), guest("G3")]);
    const r1 = register(event.id, g1.id).registration;
    const r2 = register(event.id, g2.id).registration;
    const r3 = register(event.id, g3.id).registration;
    expect([r1, r2, r3].map((r) => r.status)).toEqual(["pending", "pending", "pending"]);
    expect(mails(g1.id)).toEqual(["registration.received"]);

    expect(decideRegistration({ eventId: event.id, registrationId: r1.id, action: "approve", actorId: organiser.id }).to).toBe("confirmed");
    expect(decideRegistration({ eventId: event.id, registrationId: r2.id, action: "approve", actorId: organiser.id }).to).toBe(
      "waitlisted",
    );
    expect(decideRegistration({ eventId: event.id, registrationId: r3.id, action: "decline", actorId: organiser.id }).to).toBe("declined");
    expect(mails(g1.id)).toEqual(["registration.received", "registration.approved"]);
    expect(mails(g2.id)).toEqual(["registration.received", "registration.waitlisted"]);
    expect(mails(g3.id)).toEqual(["registration.received", "registration.declined"]);
    // A declined person cannot simply register again.
    expectDomainError(() => register(event.id, g3.id), 409, /declined/);
    const audit = getDb().select().from(auditLog).where(eq(auditLog.eventId, event.id)).all();
    expect(audit.map((a) => a.action)).toEqual(["registration.approve", "registration.approve", "registration.decline"]);
    expect(audit[0].actorId).toBe(organiser.id);
  });

  it("moving a confirmed person to the waiting list promotes the next one", async () => {
    const organiser = await makeUser();
    const event = makeEvent({ capacity: 1, partnerIds: [partnerOrg.id], organiserIds: [organiser.id] });
    const [a, b] = await Promise.all([partnerMember("A"), partnerMember("B")]);
    const ra = register(event.id, a.id).registration;
    register(event.id, b.id);
    const result = decideRegistration({ eventId: event.id, registrationId: ra.id, action: "waitlist", actorId: organiser.id });
    expect(result.promoted).toHaveLength(1);
    expect(statusOf(event.id, b.id)).toBe("confirmed");
    expect(getRegistration(event.id, a.id)).toMatchObject({ status: "waitlisted", position: 1 });
  });

  it("checks in confirmed attendees only, and refuses approving a waitlisted person without a free seat", async () => {
    const organiser = await makeUser();
    const event = makeEvent({ capacity: 1, partnerIds: [partnerOrg.id], organiserIds: [organiser.id] });
    const [a, b] = await Promise.all([partnerMember("A"), partnerMember("B")]);
    const ra = register(event.id, a.id).registration;
    const rb = register(event.id, b.id).registration;
    decideRegistration({ eventId: event.id, registrationId: ra.id, action: "check-in", actorId: organiser.id });
    expect(getRegistration(event.id, a.id)?.checkedInAt).toBeInstanceOf(Date);
    expectDomainError(
      () => decideRegistration({ eventId: event.id, registrationId: rb.id, action: "check-in", actorId: organiser.id }),
      409,
    );
    expectDomainError(
      () => decideRegistration({ eventId: event.id, registrationId: rb.id, action: "approve", actorId: organiser.id }),
      409,
      /No seat/,
    );
  });

  it("cannot touch a registration of another event (404)", async () => {
    const organiser = await makeUser();
    const mine = makeEvent({ organiserIds: [organiser.id] });
    const other = makeEvent({ partnerIds: [partnerOrg.id] });
    const a = await guest();
    const theirs = register(other.id, a.id).registration;
    expectDomainError(
      () => decideRegistration({ eventId: mine.id, registrationId: theirs.id, action: "approve", actorId: organiser.id }),
      404,
    );
    expect(statusOf(other.id, a.id)).toBe("pending");
  });
});

describe("capacity changes", () => {
  it("refuse going below the confirmed count; raising promotes from the waiting list", async () => {
    const organiser = await makeUser();
    const event = makeEvent({ capacity: 2, partnerIds: [partnerOrg.id], organiserIds: [organiser.id] });
    const people = await Promise.all([1, 2, 3, 4, 5].map((n) => partnerMember(`P${n}`)));
    for (const p of people) register(event.id, p.id);
    expectDomainError(() => applyCapacityChange(event.id, 2, 1), 400);
    const input = {
      title: event.title,
      format: event.format,
      timeZone: event.timeZone,
      startsAt: `${new Date().getUTCFullYear() + 1}-06-01T09:00`,
      endsAt: `${new Date().getUTCFullYear() + 1}-06-01T17:00`,
      partnerOrganisationIds: [partnerOrg.id],
      openMarketplace: false,
      status: "published" as const,
    };
    expect(() => updateEvent(event, { ...input, capacity: 1 }, applyCapacityChange)).toThrow(DomainError);
    expect(getDb().select().from(events).where(eq(events.id, event.id)).get()?.capacity).toBe(2);
    updateEvent(event, { ...input, capacity: 4 }, applyCapacityChange);
    expect(people.map((p) => statusOf(event.id, p.id))).toEqual(["confirmed", "confirmed", "confirmed", "confirmed", "waitlisted"]);
    // The form also moved the event to new dates, so everyone registered is told (ADR 022).
    expect(mails(people[2].id)).toEqual(["registration.waitlisted", "registration.promoted", "message.change_notice"]);
    expect(getRegistration(event.id, people[4].id)?.position).toBe(1);
  });
});
