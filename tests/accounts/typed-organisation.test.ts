// Regression for issue 13's hole: a typed organisation name, or an address nobody has
// proven to own, grants nothing. Through the real server and the real sign-up form.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { registrations, users } from "#db/schema";
import { createNote } from "~/notes/create-note.server";
import { makeEvent, makeOrganisation } from "../helpers/factories";
import { client, startTestServer } from "../helpers/server";

const server = await startTestServer();
const PASSWORD = "violet lantern harbour";

async function signUp(email: string, organisation = "") {
  const browser = client(server.url);
  const response = await browser.post("/signup", { name: "Eve Example", email, password: PASSWORD, organisation, jobRole: "Spy" });
  expect(response.status).toBe(302);
  return browser;
}

async function partnerWorld() {
  const org = makeOrganisation(`Aurora ${Date.now()}-${Math.random()}`, `aurora-${Math.random().toString(36).slice(2)}.example`);
  const event = makeEvent({ partnerIds: [org.id] });
  const partners = createNote({ eventId: event.id, title: "Hiring loops and salary bands", body: "salarybands for partners", visibility: "partners", authorIds: [] });
  const attendees = createNote({ eventId: event.id, title: "Attendee salarybands", body: "salarybands for attendees", visibility: "attendees", authorIds: [] });
  const open = createNote({ eventId: event.id, title: "Public salarybands", body: "salarybands for all", visibility: "public", authorIds: [] });
  const domain = (await import("#db/schema")).organisationDomains;
  const [{ domain: orgDomain }] = getDb().select().from(domain).where(eq(domain.organisationId, org.id)).all();
  return { org, orgDomain, event, partners, attendees, open };
}

async function expectOnlyPublic(browser: ReturnType<typeof client>, w: Awaited<ReturnType<typeof partnerWorld>>) {
  expect((await browser.get(`/notes/${w.partners.id}`)).status).toBe(404);
  expect((await browser.get(`/notes/${w.attendees.id}`)).status).toBe(404);
  const search = await (await browser.get(`/notes?q=salarybands&event=${w.event.slug}`)).text();
  expect(search).toContain("Public salarybands");
  expect(search).not.toContain("Hiring loops");
  expect(search).not.toContain("for partners");
  expect(search).not.toContain("Attendee salarybands");
  const exported = await (await browser.get(`/events/${w.event.slug}/notes.md`)).text();
  expect(exported).toContain("Public salarybands");
  expect(exported).not.toContain("Hiring loops");
  expect(exported).not.toContain("Attendee salarybands");
}

describe("a typed organisation name grants nothing", () => {
  it("eve@evil-corp.example typing a partner's name does not read its partners-only notes", async () => {
    const w = await partnerWorld();
    const eve = await signUp(`eve-${Date.now()}@evil-corp.example`, w.org.name.toLowerCase());
    const row = getDb().select().from(users).where(eq(users.name, "Eve Example")).all().at(-1)!;
    expect(row.organisationId).toBe(w.org.id); // the label is kept, as typed
    await expectOnlyPublic(eve, w);
  });

  it("an unproven address on the partner's domain reads nothing and is not confirmed directly", async () => {
    const w = await partnerWorld();
    const email = `anyone-${Date.now()}@${w.orgDomain}`;
    const anyone = await signUp(email);
    await expectOnlyPublic(anyone, w);
    const response = await anyone.post(`/events/${w.event.slug}/register`, { intent: "register", jobRole: "Spy", consent: "on" });
    expect(response.status).toBeLessThan(400);
    const user = getDb().select().from(users).where(eq(users.email, email)).get()!;
    const registration = getDb().select().from(registrations).where(eq(registrations.userId, user.id)).get();
    expect(registration?.status).toBe("pending");
  });

  it("signing up as a listed admin address is not an admin until the address is verified", async () => {
    const admin = await signUp("admin@test.example");
    expect((await admin.get("/admin/audit")).status).toBe(403);
  });
});
