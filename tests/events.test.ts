// Events through the real server: who may create, edit and publish; who sees drafts;
// the home page's upcoming/past lists; bad input on the event form. Plus the time-zone
// conversions of app/utils/dates.ts as plain unit tests.
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { eventOrganisers, eventPartners, events } from "#db/schema";
import { formatRange, missingLocalTime, utcToLocalInput, zonedLocalToUtc, zoneOffsetMinutes } from "~/utils/dates";
import { makeEvent, makeOrganisation, makeUser } from "./helpers/factories";
import { client, sessionCookieFor, startTestServer } from "./helpers/server";

const server = await startTestServer();
const db = getDb();
const eventCount = () => db.select({ n: count() }).from(events).get()!.n;
const eventById = (id: number) => db.select().from(events).where(eq(events.id, id)).get()!;
const DAY = 24 * 60 * 60 * 1000;
const nextYear = new Date().getUTCFullYear() + 1;

async function signedIn(user: { id: number }) {
  return client(server.url, await sessionCookieFor(user.id));
}

/** A complete, valid event form as a browser without JavaScript would post it. */
function eventForm(overrides: Record<string, string | string[]> = {}) {
  return {
    title: "Platform teams exchange",
    summary: "How two platform teams run paved roads.",
    description: "## Agenda\n\n- Lean Coffee\n- Lunch",
    format: "mixed",
    series: "Aurora × Beacon",
    venue: "Aurora HQ, Berlin",
    timeZone: "Europe/Berlin",
    startsAt: `${nextYear}-07-01T09:30`,
    endsAt: `${nextYear}-07-01T17:00`,
    capacity: "40",
    status: "draft",
    ...overrides,
  };
}

function slugFrom(response: Response) {
  const location = response.headers.get("location") ?? "";
  expect(location).toMatch(/^\/events\/[a-z0-9-]+$/);
  return location.replace("/events/", "");
}

const admin = await makeUser({ email: "admin@test.example", name: "Ada Admin" });

describe("creating events", () => {
  it("lets an admin create a draft with partners and co-organisers, times converted from the event's zone", async () => {
    const partner = makeOrganisation("Partner Works");
    const coOrganiser = await makeUser({ email: "co@test.example" });
    const browser = await signedIn(admin);
    expect((await browser.get("/events/new")).status).toBe(200);

    const response = await browser.post(
      "/events/new",
      eventForm({ partnerOrganisationIds: [String(partner.id)], organiserEmails: "CO@test.example" }),
    );
    expect(response.status).toBe(302);
    const slug = slugFrom(response);
    const event = db.select().from(events).where(eq(events.slug, slug)).get()!;
    expect(event).toMatchObject({ title: "Platform teams exchange", status: "draft", capacity: 40, timeZone: "Europe/Berlin" });
    // 09:30 Berlin summer time (UTC+2) is 07:30 UTC.
    expect(event.startsAt.toISOString()).toBe(`${nextYear}-07-01T07:30:00.000Z`);
    expect(event.endsAt.toISOString()).toBe(`${nextYear}-07-01T15:00:00.000Z`);
    const organisers = db.select().from(eventOrganisers).where(eq(eventOrganisers.eventId, event.id)).all();
    expect(organisers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: admin.id, role: "owner" }),
        expect.objectContaining({ userId: coOrganiser.id, role: "organiser" }),
      ]),
    );
    expect(db.select().from(eventPartners).where(eq(eventPartners.eventId, event.id)).all()).toEqual([
      expect.objectContaining({ organisationId: partner.id }),
    ]);

    // The co-organiser now sees and may edit the draft.
    const co = await signedIn(coOrganiser);
    const page = await co.get(`/events/${slug}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Platform teams exchange");
    const edit = await co.get(`/events/${slug}/edit`);
    expect(edit.status).toBe(200);
    // The edit form is filled in with this draft's own values.
    const form = await edit.text();
    expect(form).toContain('value="Platform teams exchange"');
    expect(form).toContain('value="Aurora HQ, Berlin"');
  });

  it("lets someone who already organises an event create another", async () => {
    const organiser = await makeUser();
    makeEvent({ organiserIds: [organiser.id] });
    const before = eventCount();
    const response = await (await signedIn(organiser)).post("/events/new", eventForm({ title: "Second exchange" }));
    expect(response.status).toBe(302);
    // The new event exists, owned by its creator, and the redirect goes to it.
    expect(eventCount()).toBe(before + 1);
    const created = db.select().from(events).where(eq(events.title, "Second exchange")).get()!;
    expect(created).toMatchObject({ status: "draft", venue: "Aurora HQ, Berlin", capacity: 40 });
    expect(response.headers.get("location")).toBe(`/events/${created.slug}`);
    expect(db.select().from(eventOrganisers).where(eq(eventOrganisers.eventId, created.id)).all()).toEqual([
      expect.objectContaining({ userId: organiser.id, role: "owner" }),
    ]);
  });

  it("refuses plain attendees with 403 and sends visitors to log in", async () => {
    const attendee = await makeUser();
    const before = eventCount();
    const browser = await signedIn(attendee);
    expect((await browser.get("/events/new")).status).toBe(403);
    expect((await browser.post("/events/new", eventForm())).status).toBe(403);
    const visitor = await client(server.url).post("/events/new", eventForm());
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    expect(eventCount()).toBe(before);
  });
});

/** The day Europe/Berlin moves its clocks from 02:00 to 03:00 in `year`, as YYYY-MM-DD. */
function lastSundayOfMarch(year: number) {
  const day = new Date(Date.UTC(year, 2, 31));
  day.setUTCDate(31 - day.getUTCDay());
  return day.toISOString().slice(0, 10);
}

describe("bad input on the event form", () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    ["an empty title", { title: "" }, "Give the event a title."],
    ["a 10 kB title", { title: "x".repeat(10_000) }, "At most 120 characters."],
    [
      "an end before the start",
      { startsAt: `${nextYear}-07-01T17:00`, endsAt: `${nextYear}-07-01T09:00` },
      "The end must be after the start.",
    ],
    ["an end equal to the start", { endsAt: `${nextYear}-07-01T09:30` }, "The end must be after the start."],
    ["capacity 0", { capacity: "0" }, "At least one seat."],
    ["a negative capacity", { capacity: "-5" }, "At least one seat."],
    ["a fractional capacity", { capacity: "2.5" }, "Whole seats only."],
    ["an unknown time zone", { timeZone: "Mars/Olympus_Mons" }, "Not a known IANA time zone"],
    ["a malformed start", { startsAt: "next tuesday" }, "Enter a date and time."],
    [
      "registration closing before it opens",
      { registrationOpensAt: `${nextYear}-06-10T09:00`, registrationClosesAt: `${nextYear}-06-01T09:00` },
      "Registration must close after it opens.",
    ],
    [
      "a start inside the spring-forward gap",
      { startsAt: `${lastSundayOfMarch(nextYear)}T02:30` },
      "This time does not exist in Europe/Berlin",
    ],
    ["a malformed organiser e-mail", { organiserEmails: "not-an-email" }, "is not an e-mail address."],
    ["an organiser e-mail without an account", { organiserEmails: "nobody@nowhere.example" }, "No account for nobody@nowhere.example"],
  ];

  it.each(cases)("creating with %s gets 400, a field message and writes nothing", async (_name, fields, message) => {
    const before = eventCount();
    const response = await (await signedIn(admin)).post("/events/new", eventForm(fields));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(message);
    // The message is rendered as a field error (aria-described), not only as a banner.
    expect(html).toMatch(/aria-invalid="true"/);
    expect(eventCount()).toBe(before);
  });

  it.each(cases)("editing with %s gets 400 and leaves the event unchanged", async (_name, fields, message) => {
    const event = makeEvent({ organiserIds: [admin.id], title: "Untouched" });
    const before = eventById(event.id);
    const response = await (await signedIn(admin)).post(`/events/${event.slug}/edit`, eventForm(fields));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
    expect(eventById(event.id)).toEqual(before);
  });
});

describe("editing and publishing", () => {
  it("lets an organiser edit and publish their draft; then everyone sees it on / and its page", async () => {
    const organiser = await makeUser();
    const draft = makeEvent({ organiserIds: [organiser.id], status: "draft", title: "Quiet draft" });
    const visitor = client(server.url);
    expect((await visitor.get(`/events/${draft.slug}`)).status).toBe(404);
    expect(await (await visitor.get("/")).text()).not.toContain("Quiet draft");

    const browser = await signedIn(organiser);
    const edit = await browser.get(`/events/${draft.slug}/edit`);
    expect(edit.status).toBe(200);
    expect(await edit.text()).toContain("Quiet draft");

    const saved = await browser.post(
      `/events/${draft.slug}/edit`,
      eventForm({
        title: "Loud launch",
        status: "published",
        timeZone: "America/New_York",
        startsAt: `${nextYear}-01-15T09:00`,
        endsAt: `${nextYear}-01-15T12:00`,
      }),
    );
    expect(saved.status).toBe(302);
    const updated = eventById(draft.id);
    expect(updated).toMatchObject({ title: "Loud launch", status: "published", timeZone: "America/New_York" });
    // 09:00 New York in January (UTC−5) is 14:00 UTC.
    expect(updated.startsAt.toISOString()).toBe(`${nextYear}-01-15T14:00:00.000Z`);

    const page = await visitor.get(saved.headers.get("location")!);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Loud launch");
    expect(html).toContain("(America/New_York)");
    expect(html).toContain("40 of 40 seats left");
    expect(await (await visitor.get("/")).text()).toContain("Loud launch");
  });

  it("lets an admin edit any event", async () => {
    const event = makeEvent({ title: "Admin may fix this" });
    const response = await (
      await signedIn(admin)
    ).post(`/events/${event.slug}/edit`, eventForm({ title: "Fixed by admin", status: "published" }));
    expect(response.status).toBe(302);
    expect(eventById(event.id).title).toBe("Fixed by admin");
  });

  it("refuses edits by non-organisers with 403, and an organiser of A has no power over B", async () => {
    const organiserA = await makeUser();
    const organiserB = await makeUser();
    makeEvent({ organiserIds: [organiserA.id], title: "Event A" });
    const eventB = makeEvent({ organiserIds: [organiserB.id], title: "Event B" });
    const before = eventById(eventB.id);

    for (const user of [organiserA, await makeUser()]) {
      const browser = await signedIn(user);
      expect((await browser.get(`/events/${eventB.slug}/edit`)).status).toBe(403);
      const post = await browser.post(`/events/${eventB.slug}/edit`, eventForm({ title: "Hijacked", status: "cancelled" }));
      expect(post.status).toBe(403);
    }
    const visitor = await client(server.url).post(`/events/${eventB.slug}/edit`, eventForm({ title: "Hijacked" }));
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("location")).toMatch(/^\/login/);
    expect(eventById(eventB.id)).toEqual(before);
    // The edit link is only shown to organisers.
    const asA = await (await (await signedIn(organiserA)).get(`/events/${eventB.slug}`)).text();
    expect(asA).not.toContain(`/events/${eventB.slug}/edit`);
  });
});

describe("who sees what", () => {
  it("shows drafts only to their organisers and admins (404 for everyone else)", async () => {
    const organiser = await makeUser();
    const otherOrganiser = await makeUser();
    makeEvent({ organiserIds: [otherOrganiser.id] });
    const draft = makeEvent({ organiserIds: [organiser.id], status: "draft", title: "Secret plans" });

    for (const browser of [client(server.url), await signedIn(await makeUser()), await signedIn(otherOrganiser)]) {
      const page = await browser.get(`/events/${draft.slug}`);
      expect(page.status).toBe(404);
      expect(await page.text()).not.toContain("Secret plans");
      expect(await (await browser.get("/")).text()).not.toContain("Secret plans");
    }
    for (const user of [organiser, admin]) {
      const browser = await signedIn(user);
      const page = await browser.get(`/events/${draft.slug}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Draft: only organisers see this");
      expect(await (await browser.get("/")).text()).toContain("Secret plans");
    }
  });

  it("lists upcoming events soonest first and past events under Past", async () => {
    const now = Date.now();
    makeEvent({ title: "Later upcoming", startsAt: new Date(now + 30 * DAY) });
    makeEvent({ title: "Sooner upcoming", startsAt: new Date(now + 3 * DAY) });
    makeEvent({ title: "Long ago", startsAt: new Date(now - 60 * DAY) });
    const html = await (await client(server.url).get("/")).text();
    // Only the rendered page, not the loader data serialised for hydration.
    const [upcoming, past] = html.slice(0, html.indexOf("</main>")).split('id="past-heading"');
    expect(upcoming).toContain("Sooner upcoming");
    expect(upcoming).toContain("Later upcoming");
    expect(upcoming.indexOf("Sooner upcoming")).toBeLessThan(upcoming.indexOf("Later upcoming"));
    expect(upcoming).not.toContain("Long ago");
    expect(past).toContain("Long ago");
    expect(past).not.toContain("Sooner upcoming");
  });

  it("answers 404 for unknown slugs, on the page and the edit form", async () => {
    const browser = await signedIn(admin);
    for (const path of ["/events/no-such-event", "/events/no-such-event/edit"]) {
      const response = await browser.get(path);
      expect(response.status).toBe(404);
      expect(await response.text()).toContain("No event has this address.");
    }
    expect((await browser.post("/events/no-such-event/edit", eventForm())).status).toBe(404);
  });
});

describe("time zones (app/utils/dates.ts)", () => {
  it("converts Europe/Berlin wall time to UTC in winter and summer", () => {
    expect(zonedLocalToUtc("2026-01-15T10:00", "Europe/Berlin")?.toISOString()).toBe("2026-01-15T09:00:00.000Z");
    expect(zonedLocalToUtc("2026-07-15T10:00", "Europe/Berlin")?.toISOString()).toBe("2026-07-15T08:00:00.000Z");
    expect(zoneOffsetMinutes(new Date("2026-01-15T09:00:00Z"), "Europe/Berlin")).toBe(60);
    expect(zoneOffsetMinutes(new Date("2026-07-15T08:00:00Z"), "Europe/Berlin")).toBe(120);
  });

  it("gets the DST change days right (29 March and 25 October 2026)", () => {
    // Spring forward at 02:00 → 03:00 local (01:00 UTC).
    expect(zonedLocalToUtc("2026-03-29T01:30", "Europe/Berlin")?.toISOString()).toBe("2026-03-29T00:30:00.000Z");
    expect(zonedLocalToUtc("2026-03-29T03:30", "Europe/Berlin")?.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    // Fall back at 03:00 → 02:00 local (01:00 UTC); times after it are in winter time.
    expect(zonedLocalToUtc("2026-10-25T01:30", "Europe/Berlin")?.toISOString()).toBe("2026-10-24T23:30:00.000Z");
    expect(zonedLocalToUtc("2026-10-25T04:00", "Europe/Berlin")?.toISOString()).toBe("2026-10-25T03:00:00.000Z");
    // A full day across the change is 23 hours long in spring.
    const start = zonedLocalToUtc("2026-03-28T12:00", "Europe/Berlin")!;
    const end = zonedLocalToUtc("2026-03-29T12:00", "Europe/Berlin")!;
    expect((end.getTime() - start.getTime()) / 3_600_000).toBe(23);
  });

  it("knows which wall-clock times do not exist (the spring-forward gap) and which are ambiguous but real", () => {
    expect(missingLocalTime("2026-03-29T02:30", "Europe/Berlin")).toMatch(/does not exist in Europe\/Berlin/);
    expect(missingLocalTime("2026-03-29T02:00", "Europe/Berlin")).not.toBeNull();
    expect(missingLocalTime("2026-03-29T01:59", "Europe/Berlin")).toBeNull();
    expect(missingLocalTime("2026-03-29T03:00", "Europe/Berlin")).toBeNull();
    // The autumn hour happens twice: it exists (the first occurrence is used).
    expect(missingLocalTime("2026-10-25T02:30", "Europe/Berlin")).toBeNull();
    expect(missingLocalTime("2026-03-08T02:30", "America/New_York")).not.toBeNull();
    expect(missingLocalTime("2026-03-29T02:30", "UTC")).toBeNull();
    expect(missingLocalTime("not a time", "Europe/Berlin")).toBeNull();
    expect(lastSundayOfMarch(2026)).toBe("2026-03-29");
  });

  it("turns UTC back into the event's wall time for the edit form, round-tripping", () => {
    expect(utcToLocalInput(new Date("2026-03-29T00:30:00Z"), "Europe/Berlin")).toBe("2026-03-29T01:30");
    expect(utcToLocalInput(new Date("2026-03-29T01:30:00Z"), "Europe/Berlin")).toBe("2026-03-29T03:30");
    expect(utcToLocalInput(new Date("2026-12-03T08:30:00Z"), "Europe/Berlin")).toBe("2026-12-03T09:30");
    expect(utcToLocalInput(null, "Europe/Berlin")).toBe("");
    for (const local of ["2026-01-15T10:00", "2026-07-15T23:45", "2026-10-25T04:00", "2026-03-29T03:00"]) {
      expect(utcToLocalInput(zonedLocalToUtc(local, "Europe/Berlin"), "Europe/Berlin")).toBe(local);
      expect(utcToLocalInput(zonedLocalToUtc(local, "Asia/Kolkata"), "Asia/Kolkata")).toBe(local);
    }
  });

  it("refuses malformed input and names the zone when formatting", () => {
    expect(zonedLocalToUtc("15.01.2026 10:00", "Europe/Berlin")).toBeNull();
    expect(zonedLocalToUtc("", "Europe/Berlin")).toBeNull();
    const text = formatRange(new Date("2026-12-03T08:30:00Z"), new Date("2026-12-03T16:00:00Z"), "Europe/Berlin");
    expect(text).toContain("09:30");
    expect(text).toContain("17:00");
    expect(text).toContain("(Europe/Berlin)");
  });
});
