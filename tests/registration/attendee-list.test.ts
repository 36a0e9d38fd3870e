// The organiser's attendee list at volume: pages of ATTENDEES_PAGE_SIZE cut in SQL, the
// filters (state, organisation, name search) kept in the URL and in the page links,
// counts over the whole event computed by SQL, the CSV export with every row, and the
// list closed to organisers of other events.
import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { getDb } from "#db/client";
import { registrations, users, type RegistrationStatus } from "#db/schema";
import { ATTENDEES_PAGE_SIZE, attendeesCsv, listAttendees, parseAttendeePage } from "~/registration/attendees.server";
import { makeEvent, makeOrganisation, makeUser, verifyAddress } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const MINUTE = 60_000;

/**
 * A big event: `n` people, states in a fixed rotation, every fourth person from `org`
 * (a partner), every seventh checked in when confirmed. Plain inserts: fast and exact.
 */
function populate(eventId: number, n: number, org: { id: number }, prefix: string) {
  const db = getDb();
  const states: RegistrationStatus[] = ["confirmed", "confirmed", "waitlisted", "pending", "declined", "cancelled"];
  const start = Date.now() - 10_000 * MINUTE;
  const made: { id: number; name: string; status: RegistrationStatus; organisationId: number | null; checkedIn: boolean }[] = [];
  for (let i = 0; i < n; i++) {
    const organisationId = i % 4 === 0 ? org.id : null;
    const name = `${prefix} ${String(i).padStart(4, "0")}`;
    const user = db
      .insert(users)
      .values({ name, email: `${prefix.toLowerCase()}.${i}@${organisationId ? "listpartner" : "guest"}.example`, organisationId })
      .returning()
      .get();
    // organisationId above is only the label shown in the list; partnership is proven here.
    if (organisationId) verifyAddress(user);
    const status = states[i % states.length];
    const checkedIn = status === "confirmed" && i % 7 === 0;
    const row = db
      .insert(registrations)
      .values({
        eventId,
        userId: user.id,
        status,
        // Arrivals in reverse order of the names, so the waiting list order is not the name order.
        queuedAt: new Date(start + (n - i) * MINUTE),
        consentVersion: "test",
        consentAt: new Date(start),
        checkedInAt: checkedIn ? new Date() : null,
      })
      .returning()
      .get();
    made.push({ id: row.id, name, status, organisationId, checkedIn });
  }
  return made;
}

describe("listAttendees (domain)", () => {
  const org = makeOrganisation("List Partner", "listpartner.example");
  const event = makeEvent({ capacity: 500, partnerIds: [org.id] });
  const other = makeEvent();
  const people = populate(event.id, 130, org, "Person");
  populate(other.id, 20, org, "Elsewhere");

  it("counts every state, check-ins and organisations over the whole event, not the page", () => {
    const list = listAttendees(event.id);
    const expected = (s: RegistrationStatus) => people.filter((p) => p.status === s).length;
    expect(list.total).toBe(130);
    expect(list.counts).toEqual({
      confirmed: expected("confirmed"),
      waitlisted: expected("waitlisted"),
      pending: expected("pending"),
      declined: expected("declined"),
      cancelled: expected("cancelled"),
    });
    expect(list.checkedIn).toBe(people.filter((p) => p.checkedIn).length);
    const partner = list.organisations.find((o) => o.id === org.id)!;
    const none = list.organisations.find((o) => o.id === "none")!;
    expect(partner.name).toBe("List Partner");
    expect(none.name).toBe("No organisation");
    expect(Object.values(partner.counts).reduce((a, b) => a + b, 0)).toBe(people.filter((p) => p.organisationId).length);
    expect(partner.counts.confirmed).toBe(people.filter((p) => p.organisationId && p.status === "confirmed").length);
    expect(partner.checkedIn + none.checkedIn).toBe(list.checkedIn);
  });

  it("cuts pages in list order (confirmed by name, waiting list by position, …) and clamps the page number", () => {
    const one = listAttendees(event.id);
    expect(one.rows).toHaveLength(ATTENDEES_PAGE_SIZE);
    expect(one.matching).toBe(130);
    expect(one.pages).toBe(Math.ceil(130 / ATTENDEES_PAGE_SIZE));
    const all = [1, 2, 3].flatMap((page) => listAttendees(event.id, {}, { page }).rows);
    expect(all).toHaveLength(130);
    expect(new Set(all.map((r) => r.id)).size).toBe(130);
    const order = ["confirmed", "waitlisted", "pending", "declined", "cancelled"];
    expect(all.map((r) => order.indexOf(r.status))).toEqual([...all.map((r) => order.indexOf(r.status))].sort((a, b) => a - b));
    const confirmed = all.filter((r) => r.status === "confirmed").map((r) => r.name);
    expect(confirmed).toEqual([...confirmed].sort());
    // Positions follow arrival (queuedAt), which runs against the names here.
    const waiting = all.filter((r) => r.status === "waitlisted");
    expect(waiting.map((r) => r.position)).toEqual(waiting.map((_, i) => i + 1));
    expect(waiting.map((r) => r.name)).toEqual([...waiting.map((r) => r.name)].sort().reverse());
    const past = listAttendees(event.id, {}, { page: 99 });
    expect(past.page).toBe(3);
    expect(past.rows).toHaveLength(130 - 2 * ATTENDEES_PAGE_SIZE);
    // The same with a search term (its count comes from the query, not the summary).
    const searched = listAttendees(event.id, { q: "PERSON" }, { page: 99 });
    expect(searched).toMatchObject({ page: 3, pages: 3, matching: 130 });
    expect(searched.rows.map((r) => r.id)).toEqual(past.rows.map((r) => r.id));
    expect(listAttendees(event.id, { q: "person" }, { page: 2 }).rows.map((r) => r.id)).toEqual(
      all.slice(ATTENDEES_PAGE_SIZE, 2 * ATTENDEES_PAGE_SIZE).map((r) => r.id),
    );
    expect(listAttendees(event.id, { q: "nobody-like-this" }, { page: 4 })).toMatchObject({ page: 1, pages: 1, matching: 0, rows: [] });
  });

  it("filters by state, organisation (or none) and name, with the matching count, before paging", () => {
    const waiting = listAttendees(event.id, { status: "waitlisted" });
    expect(waiting.matching).toBe(people.filter((p) => p.status === "waitlisted").length);
    expect(waiting.rows.every((r) => r.status === "waitlisted")).toBe(true);
    // The position is on the whole waiting list, also when an organisation filter hides some.
    const partnerWaiting = listAttendees(event.id, { status: "waitlisted", organisation: org.id });
    const positions = new Map(waiting.rows.map((r) => [r.id, r.position]));
    expect(partnerWaiting.rows.length).toBeGreaterThan(0);
    for (const r of partnerWaiting.rows) expect(r.position).toBe(positions.get(r.id));
    expect(partnerWaiting.rows.every((r) => r.partner && r.organisationId === org.id)).toBe(true);

    const nobody = listAttendees(event.id, { organisation: "none" });
    expect(nobody.matching).toBe(people.filter((p) => !p.organisationId).length);
    expect(nobody.rows.every((r) => r.organisationId === null && !r.partner)).toBe(true);
    expect(listAttendees(event.id, { organisation: 987654 })).toMatchObject({ matching: 0, rows: [], pages: 1 });

    const search = listAttendees(event.id, { q: "person 012" });
    expect(search.rows.map((r) => r.name).sort()).toEqual(people.filter((p) => p.name.startsWith("Person 012")).map((p) => p.name));
    expect(search.matching).toBe(10);
    // A part of an address (its domain) finds nobody; the whole address finds its person (issue 17.3).
    expect(listAttendees(event.id, { q: "listpartner.example" }).matching).toBe(0);
    expect(listAttendees(event.id, { q: "person.4@listpartner.example" }).rows.map((r) => r.name)).toEqual(["Person 0004"]);
    // Another event's people are never in this list.
    expect(listAttendees(event.id, { q: "elsewhere" }).matching).toBe(0);
  });

  it("searches without regard to accents or case", async () => {
    const accented = makeEvent();
    const zoe = await makeUser({ name: "Zoë Ørsted" });
    getDb()
      .insert(registrations)
      .values({ eventId: accented.id, userId: zoe.id, status: "pending", consentVersion: "t", consentAt: new Date() })
      .run();
    expect(listAttendees(accented.id, { q: "ZOE" }).rows.map((r) => r.name)).toEqual(["Zoë Ørsted"]);
    expect(listAttendees(accented.id, { q: "zoë" }).matching).toBe(1);
    expect(listAttendees(accented.id, { q: "zoey" }).matching).toBe(0);
  });

  it("exports every matching row to CSV, not a page", () => {
    const records: Record<string, string>[] = parse(attendeesCsv(event.id), { bom: true, columns: true, skip_empty_lines: true });
    expect(records).toHaveLength(130);
    expect(records.filter((r) => r["Waiting list position"]).map((r) => Number(r["Waiting list position"]))).toEqual(
      people.filter((p) => p.status === "waitlisted").map((_, i) => i + 1),
    );
    const pending = parse(attendeesCsv(event.id, { status: "pending" }), { bom: true, columns: true, skip_empty_lines: true });
    expect(pending).toHaveLength(people.filter((p) => p.status === "pending").length);
  });

  it("reads the page number defensively", () => {
    const page = (v: string) => parseAttendeePage(new URLSearchParams({ page: v }));
    expect(page("2")).toBe(2);
    for (const bad of ["0", "-1", "abc", "1.5", "9999999999", ""]) expect(page(bad)).toBe(1);
  });
});

describe("the attendee page over HTTP", () => {
  it("shows a page at a time, with links that keep the filters, and the counts of the whole event", async () => {
    const organiser = await makeUser();
    const org = makeOrganisation("Page Partner");
    const event = makeEvent({ organiserIds: [organiser.id], capacity: 500 });
    const people = populate(event.id, 130, org, "Paged");
    const browser = client(server.url, await sessionCookieFor(organiser.id));

    const first = await browser.get(`/events/${event.slug}/attendees`);
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain(`Showing 1–${ATTENDEES_PAGE_SIZE} of 130`);
    expect(html).toContain("Page 1 of 3");
    expect(html).toContain(`href="/events/${event.slug}/attendees?page=2"`);
    // Page 1 holds confirmed and waiting-list people only (they come first), each with two
    // forms: the row's actions and the decline that asks first (with its reason).
    expect(html.match(/name="registrationId"/g)).toHaveLength(2 * ATTENDEES_PAGE_SIZE);
    expect(html.match(/name="reason"/g)).toHaveLength(ATTENDEES_PAGE_SIZE);
    // The counts are the whole event's, on every page.
    const confirmed = people.filter((p) => p.status === "confirmed").length;
    expect(html).toMatch(new RegExp(`${confirmed}(<!-- -->)? of (<!-- -->)?500(<!-- -->)? confirmed`));

    const filtered = `/events/${event.slug}/attendees?status=confirmed&org=${org.id}&q=paged`;
    const matching = people.filter((p) => p.status === "confirmed" && p.organisationId).length;
    const page1 = await (await browser.get(filtered)).text();
    expect(page1).toContain(matching > ATTENDEES_PAGE_SIZE ? `Showing 1–` : `${matching} registrations matching these filters`);

    // No organisation + a search: two pages of the matches, links keep both filters.
    const base = `/events/${event.slug}/attendees?org=none&q=paged`;
    const unaffiliated = people.filter((p) => !p.organisationId).map((p) => p.name);
    expect(unaffiliated.length).toBeGreaterThan(ATTENDEES_PAGE_SIZE);
    const namesOn = (page: string) => [...page.matchAll(/<span class="at-name">([^<]+)<\/span>/g)].map((m) => m[1]);
    const p1 = await (await browser.get(base)).text();
    expect(p1).toContain(`Showing 1–${ATTENDEES_PAGE_SIZE} of ${unaffiliated.length} matching these filters`);
    expect(p1).toContain(`href="/events/${event.slug}/attendees?org=none&amp;q=paged&amp;page=2"`);
    const p2 = await (await browser.get(`${base}&page=2`)).text();
    expect(p2).toContain(`Showing ${ATTENDEES_PAGE_SIZE + 1}–${unaffiliated.length} of ${unaffiliated.length} matching these filters`);
    expect(p2).toContain("Page 2 of 2");
    expect([...namesOn(p1), ...namesOn(p2)].sort()).toEqual([...unaffiliated].sort());
    expect(namesOn(p1)).toHaveLength(ATTENDEES_PAGE_SIZE);
    expect(p2).toContain(`href="/events/${event.slug}/attendees?org=none&amp;q=paged"`); // back to page 1
    // A state link starts again at page 1 and keeps the other filters.
    expect(p2).toContain(`href="/events/${event.slug}/attendees?org=none&amp;q=paged&amp;status=pending"`);
    // The filter form keeps the values, so the next search keeps the organisation.
    expect(p2).toMatch(/<option value="none" selected="">No organisation<\/option>/);

    // A nonsense page is the first or last page, never an error.
    expect((await browser.get(`/events/${event.slug}/attendees?page=abc`)).status).toBe(200);
    expect(await (await browser.get(`/events/${event.slug}/attendees?page=400`)).text()).toContain("Page 3 of 3");

    // The CSV export has every row, whatever page the organiser looked at.
    const csv = await (await browser.get(`/events/${event.slug}/attendees.csv?page=2`)).text();
    expect(parse(csv, { bom: true, columns: true, skip_empty_lines: true })).toHaveLength(130);
  });

  it("checks someone in from a search on a later page, and the outcome says so", async () => {
    const organiser = await makeUser();
    const org = makeOrganisation("Door Partner");
    const event = makeEvent({ organiserIds: [organiser.id], capacity: 500 });
    const people = populate(event.id, 120, org, "Door");
    const target = people.filter((p) => p.status === "confirmed" && !p.checkedIn).at(-1)!;
    const browser = client(server.url, await sessionCookieFor(organiser.id));
    const search = await (await browser.get(`/events/${event.slug}/attendees?q=${encodeURIComponent(target.name)}`)).text();
    const button = (label: string) => new RegExp(`${label}<span class="sr-only"> (<!-- -->)?${target.name}</span>`);
    expect(search).toMatch(button("Check in"));
    const response = await browser.post(`/events/${event.slug}/attendees?q=${encodeURIComponent(target.name)}`, {
      intent: "check-in",
      registrationId: String(target.id),
    });
    // Post/redirect/get: 303 back to the same search, which shows the outcome once.
    expect(response.status).toBe(303);
    const back = new URL(response.headers.get("location")!, server.url);
    expect([back.pathname, back.searchParams.get("q")]).toEqual([`/events/${event.slug}/attendees`, target.name]);
    const after = await (await browser.get(back.pathname + back.search)).text();
    expect(after).toContain(`${target.name} checked in.`);
    expect(after).toMatch(/Checked in (<!-- -->)?\d\d:\d\d/);
    expect(after).toMatch(button("Undo check-in"));
  });

  it("stays closed to an organiser of another event, on every page and in the export", async () => {
    const organiserA = await makeUser();
    const organiserB = await makeUser();
    const org = makeOrganisation("Closed Partner");
    const eventA = makeEvent({ organiserIds: [organiserA.id] });
    makeEvent({ organiserIds: [organiserB.id] });
    const [someone] = populate(eventA.id, 60, org, "Closed");
    const b = client(server.url, await sessionCookieFor(organiserB.id));
    for (const path of ["", "?page=2", `?status=confirmed&org=${org.id}&q=closed&page=2`]) {
      expect((await b.get(`/events/${eventA.slug}/attendees${path}`)).status).toBe(403);
      expect((await b.get(`/events/${eventA.slug}/attendees.csv${path}`)).status).toBe(403);
    }
    const post = await b.post(`/events/${eventA.slug}/attendees?page=2`, { intent: "decline", registrationId: String(someone.id) });
    expect(post.status).toBe(403);
    expect((await b.get(`/events/no-such-event-here/attendees?page=2`)).status).toBe(404);
    expect(listAttendees(eventA.id, {}, { page: 1 }).counts.declined).toBe(10);
  });
});
