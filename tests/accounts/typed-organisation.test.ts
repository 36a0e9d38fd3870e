// Regression for issue 13's hole: a typed organisation name, or an address nobody has
// proven to own, grants nothing. Through the real server and the real sign-up form.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { registrations, users } from "#db/schema";
import { createNote } from "~/notes/create-note.server";
import { makeEvent, makeOrganisation } from "../helpers/factories";
import { client, startTestServer } from "../helpers/server";
import { mailedLinkPath } from "../helpers/outbox";

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
  const partners = createNote({
    eventId: event.id,
    title: "Hiring loops and salary bands",
    body: "salarybands for partners",
    visibility: "partners",
    authorIds: [],
  });
  const attendees = createNote({
    eventId: event.id,
    title: "Attendee salarybands",
    body: "salarybands for attendees",
    visibility: "attendees",
    authorIds: [],
  });
  const open = createNote({
    eventId: event.id,
    title: "Public salarybands",
    body: "salarybands for all",
    visibility: "public",
    authorIds: [],
  });
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

describe("the board summary and search counts follow the same rule", () => {
  it("partners-only takeaways show to a verified member only, not to a typed name or an unverified address", async () => {
    const { orgDomain, org } = await partnerWorld();
    const { leanCoffee } = await import("../board/helpers");
    const { setPhase } = await import("~/board/boards.server");
    const { finishTopic, startTopic } = await import("~/board/discussion.server");
    const { proposeTopic } = await import("~/board/topics.server");
    const { getBoardSummary } = await import("~/board/summary.server");
    const { memberOrganisationId } = await import("~/accounts/membership.server");
    const { makeUser } = await import("../helpers/factories");
    const { board, alice, organiser } = await leanCoffee({ partnerIds: [org.id] });
    const topic = proposeTopic(board.id, { id: alice.id }, { title: "Salary bands" });
    setPhase(board.id, "discuss", { id: organiser.id });
    startTopic(board.id, topic.id, { id: organiser.id });
    finishTopic(board.id, topic.id, { id: organiser.id }, { takeaways: "- partnersecret", visibility: "partners" });
    const viewer = async (user: { id: number }) => ({ id: user.id, isAdmin: false, memberOrganisationId: memberOrganisationId(user.id) });
    const takeawayFor = async (user: { id: number }) => getBoardSummary(board.id, await viewer(user)).discussed[0].takeaways;
    const member = await makeUser({ email: `member-${Date.now()}@${orgDomain}` });
    const unverified = await makeUser({ email: `unverified-${Date.now()}@${orgDomain}`, verified: false });
    const typed = await makeUser({ email: `typed-${Date.now()}@evil-corp.example`, organisationId: org.id });
    expect((await takeawayFor(member))?.html).toContain("partnersecret");
    expect(await takeawayFor(unverified)).toBeNull();
    expect(await takeawayFor(typed)).toBeNull();
  });

  it("an unverified partner-domain account counts no hidden note in search totals, and the feed has public notes only", async () => {
    const w = await partnerWorld();
    const anyone = await signUp(`count-${Date.now()}@${w.orgDomain}`);
    const page = await (await anyone.get(`/notes?q=salarybands&event=${w.event.slug}`)).text();
    expect(page).toMatch(/>1 note[<,]/); // the count, not only the list: 3 notes match, 1 is readable
    const feed = await (await anyone.get("/notes/feed.xml")).text();
    expect(feed).not.toContain("Hiring loops");
    expect(feed).not.toContain("Attendee salarybands");
  });
});

describe("clear words on the registration page", () => {
  it("tells an outsider their domain, the partners and their domains, and to ask for an invitation link", async () => {
    const w = await partnerWorld();
    const outsider = await signUp(`gil-${Date.now()}@gmail.example`, w.org.name);
    const html = (await (await outsider.get(`/events/${w.event.slug}/register`)).text()).replace(/<!-- -->/g, "");
    expect(html).toContain("Your address is on <strong>gmail.example</strong>");
    expect(html).toContain(`${w.org.name} (${w.orgDomain})`);
    expect(html).toContain("ask an organiser for an invitation link");
  });

  it("tells an unverified partner-domain address to verify (with a resend button), and a verified member never hears they are not a member", async () => {
    const w = await partnerWorld();
    const email = `una-${Date.now()}@${w.orgDomain}`;
    const una = await signUp(email);
    const before = await (await una.get(`/events/${w.event.slug}/register`)).text();
    expect(before).toContain("not verified yet");
    expect(before).toContain("Send a new verification link");
    await una.post(`/events/${w.event.slug}/register`, { intent: "register", jobRole: "Analyst", consent: "on" });
    const pending = await (await una.get(`/events/${w.event.slug}/register`)).text();
    expect(pending).toContain("Pending review");
    expect(pending).toContain(`Your address is on ${w.orgDomain}, a partner organisation&#x27;s domain. Verify your address`);

    await client(server.url).post(mailedLinkPath(email));
    const after = await (await una.get(`/events/${w.event.slug}/register`)).text();
    expect(after).toContain("your seat is confirmed");
    expect(after).not.toMatch(/not (a member|with a partner)/i);

    const other = makeEvent({ partnerIds: [w.org.id] });
    const fresh = await (await una.get(`/events/${other.slug}/register`)).text();
    expect(fresh).toContain("As a member of a partner organisation you register directly.");
    expect(fresh).not.toMatch(/not (a member|with a partner)/i);
  });
});
