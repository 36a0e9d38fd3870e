// Registration through the real server: the one-form visitor flow, status and cancel,
// bad input (4xx, nothing written), authorisation of organiser actions, CSV export.
import { describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { parse } from "csv-parse/sync";
import { getDb } from "#db/client";
import { outbox, registrations, users } from "#db/schema";
import { registerForEvent } from "~/registration/registrations.server";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const partner = makeOrganisation("Http Partner", "httppartner.example");
const DAY = 24 * 3600 * 1000;

const totals = () => ({
  users: getDb().select({ n: count() }).from(users).get()!.n,
  registrations: getDb().select({ n: count() }).from(registrations).get()!.n,
  outbox: getDb().select({ n: count() }).from(outbox).get()!.n,
});
const visitorFields = (overrides: Record<string, string> = {}) => ({
  intent: "register",
  name: "Vera Visitor",
  email: `vera.${Math.random().toString(36).slice(2, 8)}@guest.example`,
  password: "a long enough password",
  organisation: "Guest Labs",
  jobRole: "Platform engineer",
  topics: "Internal developer platforms",
  dietary: "Vegetarian",
  accessibility: "",
  consent: "on",
  ...overrides,
});
const answer = (userId: number, eventId: number) => registerForEvent({ eventId, userId, answers: {}, consent: true });

describe("a visitor registers in one form", () => {
  it("creates the account, registers, signs in and then sees the status", async () => {
    const event = makeEvent({ partnerIds: [partner.id] });
    const browser = client(server.url);
    const fields = visitorFields();
    const response = await browser.post(`/events/${event.slug}/register`, fields);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/events/${event.slug}/register`);
    expect(response.headers.get("set-cookie")).toMatch(/kx_session=/);
    const user = getDb().select().from(users).where(eq(users.email, fields.email)).get()!;
    expect(user.name).toBe("Vera Visitor");
    const row = getDb().select().from(registrations).where(eq(registrations.userId, user.id)).get()!;
    expect(row).toMatchObject({ status: "pending", dietary: "Vegetarian", consentVersion: expect.any(String) });
    const page = await (await browser.get(`/events/${event.slug}/register`)).text();
    expect(page).toContain("Pending review");
    expect(page).toContain("Yes, cancel my registration");
  });

  it("a partner-domain visitor takes their place at once and is confirmed when they verify their address", async () => {
    const event = makeEvent({ partnerIds: [partner.id] });
    const browser = client(server.url);
    const response = await browser.post(`/events/${event.slug}/register`, visitorFields({ email: "pia@httppartner.example" }));
    expect(response.status).toBe(302);
    const pia = getDb().select().from(users).where(eq(users.email, "pia@httppartner.example")).get()!;
    expect(getDb().select().from(registrations).where(eq(registrations.userId, pia.id)).get()?.status).toBe("pending");
    const sent = getDb().select().from(outbox).where(eq(outbox.userId, pia.id)).orderBy(outbox.id).all();
    expect(sent.map((m) => m.kind)).toEqual(["account.verify_email", "registration.awaiting_verification"]);
    expect(sent[1].textBody).toContain("once you verify it");
    // The link from the e-mail: GET shows a button and uses nothing up; the POST verifies.
    const link = new URL(sent[0].textBody.match(/https?:\/\/\S+\/verify-email\/\S+/)![0]).pathname;
    const confirmPage = await browser.get(link);
    expect(confirmPage.status).toBe(200);
    expect(await confirmPage.text()).toContain("Confirm my address");
    expect(getDb().select().from(registrations).where(eq(registrations.userId, pia.id)).get()?.status).toBe("pending");
    const verified = await browser.post(link);
    expect(verified.status).toBe(303);
    expect(getDb().select().from(registrations).where(eq(registrations.userId, pia.id)).get()?.status).toBe("confirmed");
    expect(await (await browser.get(`/events/${event.slug}/register`)).text()).toContain("your seat is confirmed");
    // The event page button reflects the state.
    const eventPage = await (await browser.get(`/events/${event.slug}`)).text();
    expect(eventPage).toContain("Manage registration");
  });

  it("a signed-in member sees their details prefilled and registers without account fields", async () => {
    const event = makeEvent({ partnerIds: [partner.id] });
    const user = await makeUser({ email: "sam@httppartner.example", name: "Sam Signed", organisationId: partner.id, jobRole: "SRE" });
    const browser = client(server.url, await sessionCookieFor(user.id));
    const form = await (await browser.get(`/events/${event.slug}/register`)).text();
    expect(form).toContain("Sam Signed");
    expect(form).toMatch(/name="jobRole"[^>]*value="SRE"|value="SRE"[^>]*name="jobRole"/);
    expect(form).not.toContain('name="password"');
    const response = await browser.post(`/events/${event.slug}/register`, { intent: "register", jobRole: "SRE", consent: "on" });
    expect(response.status).toBe(302);
    const cancel = await browser.post(`/events/${event.slug}/register`, { intent: "cancel" });
    expect(cancel.status).toBe(302);
    expect(getDb().select().from(registrations).where(eq(registrations.userId, user.id)).get()?.status).toBe("cancelled");
  });
});

describe("bad input: clear message, 4xx, nothing written", () => {
  it.each([
    ["missing consent", { consent: "" }, 400, "agree to the privacy notice"],
    ["empty name", { name: "" }, 400, "Enter your name."],
    ["malformed e-mail", { email: "not-an-email" }, 400, "valid e-mail"],
    ["overlong name", { name: "x".repeat(5000) }, 400, "At most 100"],
    ["overlong topics", { topics: "y".repeat(2001) }, 400, "At most 2,000"],
    ["overlong dietary needs", { dietary: "z".repeat(501) }, 400, "At most 500"],
  ])("%s", async (_label, overrides, status, message) => {
    const event = makeEvent({ partnerIds: [partner.id] });
    const before = totals();
    const response = await client(server.url).post(`/events/${event.slug}/register`, visitorFields(overrides));
    expect(response.status).toBe(status);
    expect(await response.text()).toContain(message);
    expect(totals()).toEqual(before);
  });

  it("registering twice", async () => {
    const event = makeEvent({ partnerIds: [partner.id] });
    const user = await makeUser({ email: "twice@httppartner.example" });
    const browser = client(server.url, await sessionCookieFor(user.id));
    expect((await browser.post(`/events/${event.slug}/register`, { intent: "register", consent: "on" })).status).toBe(302);
    const before = totals();
    const again = await browser.post(`/events/${event.slug}/register`, { intent: "register", consent: "on" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("already registered");
    expect(totals()).toEqual(before);
  });

  it("a visitor using an e-mail that already has an account is told to log in", async () => {
    const event = makeEvent({ partnerIds: [partner.id] });
    const existing = await makeUser();
    const before = totals();
    const response = await client(server.url).post(`/events/${event.slug}/register`, visitorFields({ email: existing.email! }));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Log in instead");
    expect(totals()).toEqual(before);
  });

  it.each([
    ["a draft event (invisible to visitors)", { status: "draft" as const }, 404, "No event has this address"],
    ["a closed event", { registrationClosesAt: new Date(Date.now() - DAY) }, 400, "closed"],
    ["an event not open yet", { registrationOpensAt: new Date(Date.now() + DAY) }, 400, "Registration opens on"],
    ["a past event", { startsAt: new Date(Date.now() - 3 * DAY), endsAt: new Date(Date.now() - 2 * DAY) }, 400, "closed"],
  ])("registering for %s", async (_label, overrides, status, message) => {
    const event = makeEvent({ partnerIds: [partner.id], ...overrides });
    const before = totals();
    const response = await client(server.url).post(`/events/${event.slug}/register`, visitorFields());
    expect(response.status).toBe(status);
    expect(await response.text()).toContain(message);
    expect(totals()).toEqual(before);
  });

  it("an organiser of a draft event still cannot register for it", async () => {
    const organiser = await makeUser();
    const event = makeEvent({ status: "draft", organiserIds: [organiser.id] });
    const response = await client(server.url, await sessionCookieFor(organiser.id)).post(`/events/${event.slug}/register`, {
      intent: "register",
      consent: "on",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("not published yet");
  });

  it("cancelling with nothing to cancel", async () => {
    const event = makeEvent();
    const user = await makeUser();
    const response = await client(server.url, await sessionCookieFor(user.id)).post(`/events/${event.slug}/register`, { intent: "cancel" });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("no registration to cancel");
  });
});

describe("organiser actions are the organisers' only", () => {
  it("an attendee posting to the organiser actions gets 403 and nothing changes", async () => {
    const organiser = await makeUser();
    const event = makeEvent({ organiserIds: [organiser.id] });
    const attendee = await makeUser();
    const registration = answer(attendee.id, event.id).registration;
    const before = totals();
    const browser = client(server.url, await sessionCookieFor(attendee.id));
    const response = await browser.post(`/events/${event.slug}/attendees`, { intent: "approve", registrationId: String(registration.id) });
    expect(response.status).toBe(403);
    expect((await browser.get(`/events/${event.slug}/attendees`)).status).toBe(403);
    expect((await browser.get(`/events/${event.slug}/attendees.csv`)).status).toBe(403);
    expect(getDb().select().from(registrations).where(eq(registrations.id, registration.id)).get()?.status).toBe("pending");
    expect(totals()).toEqual(before);
  });

  it("a signed-out visitor is sent to log in", async () => {
    const event = makeEvent();
    const response = await client(server.url).get(`/events/${event.slug}/attendees`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/login/);
  });

  it("approving a registration of another event (IDOR) is 404 and changes nothing", async () => {
    const organiser = await makeUser();
    const mine = makeEvent({ organiserIds: [organiser.id] });
    const other = makeEvent();
    const stranger = await makeUser();
    const theirs = answer(stranger.id, other.id).registration;
    const before = totals();
    const response = await client(server.url, await sessionCookieFor(organiser.id)).post(`/events/${mine.slug}/attendees`, {
      intent: "approve",
      registrationId: String(theirs.id),
    });
    expect(response.status).toBe(404);
    expect(getDb().select().from(registrations).where(eq(registrations.id, theirs.id)).get()?.status).toBe("pending");
    expect(totals()).toEqual(before);
    // And the organiser of `mine` cannot open the other event's list either.
    expect((await client(server.url, await sessionCookieFor(organiser.id)).get(`/events/${other.slug}/attendees`)).status).toBe(403);
  });

  it("an unknown action or id is a 400", async () => {
    const organiser = await makeUser();
    const event = makeEvent({ organiserIds: [organiser.id] });
    const browser = client(server.url, await sessionCookieFor(organiser.id));
    expect((await browser.post(`/events/${event.slug}/attendees`, { intent: "delete-everything", registrationId: "1" })).status).toBe(400);
    expect((await browser.post(`/events/${event.slug}/attendees`, { intent: "approve", registrationId: "abc" })).status).toBe(400);
  });

  it("the organiser approves, checks in and filters", async () => {
    const organiser = await makeUser();
    const event = makeEvent({ capacity: 10, organiserIds: [organiser.id], partnerIds: [partner.id] });
    const guest = await makeUser({ name: "Gustav Gast" });
    const member = await makeUser({ name: "Mona Member", email: "mona@httppartner.example", organisationId: partner.id });
    const r1 = answer(guest.id, event.id).registration;
    const r2 = answer(member.id, event.id).registration;
    const browser = client(server.url, await sessionCookieFor(organiser.id));
    // A plain post answers 303 back to the list (post/redirect/get, tests/registration/attendees-prg.test.ts).
    const approve = await browser.post(`/events/${event.slug}/attendees`, { intent: "approve", registrationId: String(r1.id) });
    expect(approve.status).toBe(303);
    expect(await (await browser.get(`/events/${event.slug}/attendees`)).text()).toContain("Gustav Gast: Confirmed.");
    const checkIn = await browser.post(`/events/${event.slug}/attendees`, { intent: "check-in", registrationId: String(r2.id) });
    expect(checkIn.status).toBe(303);
    expect(getDb().select().from(registrations).where(eq(registrations.id, r2.id)).get()?.checkedInAt).toBeInstanceOf(Date);
    const search = await (await browser.get(`/events/${event.slug}/attendees?q=mona`)).text();
    expect(search).toContain("Mona Member");
    expect(search).not.toContain("Gustav Gast</span>");
    const byOrg = await (await browser.get(`/events/${event.slug}/attendees?org=${partner.id}&status=confirmed`)).text();
    expect(byOrg).toContain("Mona Member");
    expect(byOrg).not.toContain("Gustav Gast</span>");
  });
});

describe("CSV export", () => {
  it("is valid UTF-8 CSV with quoting, and formula-injection safe", async () => {
    const organiser = await makeUser();
    const event = makeEvent({ organiserIds: [organiser.id], partnerIds: [partner.id] });
    const tricky = [
      { name: 'Zoë "Zed" Øster, 東京', topics: "line one\nline two, with comma", jobRole: '=HYPERLINK("http://evil.example","x")' },
      { name: "+Plus Person", topics: "@SUM(A1:A9)", jobRole: "-2+3" },
      { name: "\tTab Tina", topics: "Normal topic", jobRole: "Engineer" },
    ];
    for (const t of tricky) {
      const user = await makeUser({ name: t.name.trim() });
      // Sign-up trims names; a stored name with a leading tab (an older row, a script) is
      // written directly so the CSV defence is still proven for it.
      if (t.name !== t.name.trim()) getDb().update(users).set({ name: t.name }).where(eq(users.id, user.id)).run();
      registerForEvent({ eventId: event.id, userId: user.id, answers: { topics: t.topics, jobRole: t.jobRole }, consent: true });
    }
    const response = await client(server.url, await sessionCookieFor(organiser.id)).get(`/events/${event.slug}/attendees.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toContain(`${event.slug}-attendees.csv`);
    const bytes = Buffer.from(await response.arrayBuffer());
    // Organisers see who has not proven their address (ADR 018).
    const unverified = await makeUser({ name: "Ulla Unverified", verified: false });
    registerForEvent({ eventId: event.id, userId: unverified.id, answers: {}, consent: true });
    const organiserBrowser = client(server.url, await sessionCookieFor(organiser.id));
    const listHtml = (await (await organiserBrowser.get(`/events/${event.slug}/attendees`)).text()).replace(/<!-- -->/g, "");
    expect(listHtml.match(/e-mail not verified/g)).toHaveLength(1);
    const withUlla: Record<string, string>[] = parse(
      Buffer.from(await (await organiserBrowser.get(`/events/${event.slug}/attendees.csv`)).arrayBuffer()),
      { bom: true, columns: true, skip_empty_lines: true },
    );
    expect(withUlla.find((r) => r.Name === "Ulla Unverified")?.["E-mail verified"]).toBe("no");
    expect(withUlla.filter((r) => r["E-mail verified"] === "yes")).toHaveLength(3);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records: Record<string, string>[] = parse(bytes, { bom: true, columns: true, skip_empty_lines: true });
    expect(records).toHaveLength(3);
    const byName = (n: string) => records.find((r) => r.Name.replace(/^'/, "") === n)!;
    const zoe = byName('Zoë "Zed" Øster, 東京');
    expect(zoe.Name).toBe('Zoë "Zed" Øster, 東京');
    expect(zoe.Topics).toBe("line one\nline two, with comma");
    expect(zoe["Job role"]).toBe('\'=HYPERLINK("http://evil.example","x")');
    const plus = byName("+Plus Person");
    expect(plus.Name).toBe("'+Plus Person");
    expect(plus.Topics).toBe("'@SUM(A1:A9)");
    expect(plus["Job role"]).toBe("'-2+3");
    expect(byName("\tTab Tina").Name).toBe("'\tTab Tina");
    expect(byName("\tTab Tina").Topics).toBe("Normal topic");
    // No cell a spreadsheet would evaluate.
    for (const record of records) for (const cell of Object.values(record)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe("outbox page", () => {
  it("shows organisers their events' queued e-mails, and refuses attendees", async () => {
    const organiser = await makeUser();
    const event = makeEvent({ organiserIds: [organiser.id], partnerIds: [partner.id], title: "Outbox Visible Event" });
    const member = await makeUser({ email: "olga@httppartner.example" });
    answer(member.id, event.id);
    const page = await client(server.url, await sessionCookieFor(organiser.id)).get("/outbox");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("You&#x27;re registered: Outbox Visible Event");
    expect(html).toContain("SMTP is not configured");
    const attendee = await makeUser();
    expect((await client(server.url, await sessionCookieFor(attendee.id)).get("/outbox")).status).toBe(403);
    // Another organiser does not see this event's mail.
    const otherOrganiser = await makeUser();
    makeEvent({ organiserIds: [otherOrganiser.id] });
    const otherHtml = await (await client(server.url, await sessionCookieFor(otherOrganiser.id)).get("/outbox")).text();
    expect(otherHtml).not.toContain("Outbox Visible Event");
  });
});
