// A partners-only event and a person whose address is on a partner's domain but not yet
// verified: they are not refused (403) but told to confirm their address, and take their
// place in the queue (ADR 018); verifying admits them. Someone on no partner's domain is
// still refused, with nothing written.
import { describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { outbox, registrations, users } from "#db/schema";
import { makeEvent, makeOrganisation, makeUser, verifyAddress } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const partner = makeOrganisation("Closed Circle", "closedcircle.example");

const registrationOf = (eventId: number, userId: number) =>
  getDb()
    .select()
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.userId, userId)))
    .get();
const newestMailTo = (email: string) => getDb().select().from(outbox).where(eq(outbox.toEmail, email)).orderBy(desc(outbox.id)).get();

describe("a partners-only event and an unverified address on a partner's domain", () => {
  it("keeps a signed-in person's place as awaiting verification, with the resend link, and verifying confirms them", async () => {
    const event = makeEvent({ partnerIds: [partner.id], partnersOnly: true });
    const person = await makeUser({ email: `una.${Date.now()}@closedcircle.example`, verified: false });
    const browser = client(server.url, await sessionCookieFor(person.id));

    const response = await browser.post(`/events/${event.slug}/register`, { intent: "register", jobRole: "SRE", consent: "on" });
    expect(response.status).toBe(302);
    expect(registrationOf(event.id, person.id)?.status).toBe("pending");
    expect(newestMailTo(person.email!)?.kind).toBe("registration.awaiting_verification");

    const page = await (await browser.get(`/events/${event.slug}/register`)).text();
    expect(page).toContain("Verify your address (open the link we e-mailed you)");
    expect(page).toContain("Send a new verification link");
    expect(page).not.toContain("partner organisations only");

    verifyAddress(person);
    expect(registrationOf(event.id, person.id)?.status).toBe("confirmed");
  });

  it("lets a visitor who signs up in the form take their place too, instead of an error", async () => {
    const event = makeEvent({ partnerIds: [partner.id], partnersOnly: true });
    const email = `vic.${Date.now()}@closedcircle.example`;
    const response = await client(server.url).post(`/events/${event.slug}/register`, {
      intent: "register",
      name: "Vic Visitor",
      email,
      password: "a long enough password",
      jobRole: "SRE",
      consent: "on",
    });
    expect(response.status).toBe(302);
    const account = getDb().select().from(users).where(eq(users.email, email)).get()!;
    expect(registrationOf(event.id, account.id)?.status).toBe("pending");
    expect(newestMailTo(email)?.kind).toBe("registration.awaiting_verification");
  });

  it("still refuses someone on no partner's domain, writing nothing", async () => {
    const event = makeEvent({ partnerIds: [partner.id], partnersOnly: true });
    const outsider = await makeUser({ email: `out.${Date.now()}@elsewhere.example` });
    const response = await client(server.url, await sessionCookieFor(outsider.id)).post(`/events/${event.slug}/register`, {
      intent: "register",
      jobRole: "SRE",
      consent: "on",
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("for members of its partner organisations only");
    expect(registrationOf(event.id, outsider.id)).toBeUndefined();
  });
});
