// The audit log: organiser and admin actions are recorded (who, what, which record,
// when, from which IP); an event's organisers and admins can read it; nobody can edit it.
import { desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, events } from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import { listAuditEntries } from "~/audit/audit-view.server";
import { makeEvent, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { register } from "./fixtures";

/** Event dates a year ahead: never a fixture that turns into a past event. */
const NEXT_YEAR = new Date().getUTCFullYear() + 1;

const server = await startTestServer();
const as = async (userId: number) => client(server.url, await sessionCookieFor(userId));

const eventForm = (overrides: Record<string, string> = {}) => ({
  title: "Audit exchange",
  summary: "Checking the log",
  description: "",
  format: "lean_coffee",
  venue: "Berlin",
  timeZone: "Europe/Berlin",
  startsAt: `${NEXT_YEAR}-05-01T09:00`,
  endsAt: `${NEXT_YEAR}-05-01T12:00`,
  capacity: "20",
  status: "draft",
  ...overrides,
});

describe("recording", () => {
  it("creating and editing an event writes audit entries with actor, record and IP", async () => {
    const admin = await makeUser({ email: "admin@test.example" });
    const browser = await as(admin.id);
    const created = await browser.post("/events/new", eventForm());
    expect(created.status).toBe(302);
    const slug = created.headers.get("location")!.split("/").pop()!;
    const event = getDb().select().from(events).where(eq(events.slug, slug)).get()!;
    const edited = await browser.post(`/events/${slug}/edit`, eventForm({ capacity: "25", status: "published" }));
    expect(edited.status).toBe(302);
    const entries = getDb().select().from(auditLog).where(eq(auditLog.eventId, event.id)).orderBy(auditLog.id).all();
    expect(entries.map((e) => e.action)).toEqual(["event.create", "event.update"]);
    for (const e of entries) {
      expect(e).toMatchObject({ actorId: admin.id, targetType: "event", targetId: String(event.id) });
      expect(e.ip).toMatch(/127\.0\.0\.1/);
      expect(e.at).toBeInstanceOf(Date);
    }
    expect(entries[1].details).toMatchObject({
      changed: { capacity: { from: 20, to: 25 }, status: { from: "draft", to: "published" } },
    });
  });

  it("a refused edit (bad input) writes no entry", async () => {
    const organiser = await makeUser();
    const event = makeEvent({ organiserIds: [organiser.id] });
    const browser = await as(organiser.id);
    const before = getDb().select().from(auditLog).all().length;
    const response = await browser.post(`/events/${event.slug}/edit`, eventForm({ capacity: "-3" }));
    expect(response.status).toBe(400);
    expect(getDb().select().from(auditLog).all().length).toBe(before);
  });
});

describe("reading", () => {
  it("the event's organisers and admins see the event's log; others get 403, visitors the login page", async () => {
    const organiser = await makeUser({ name: "Olga Organiser" });
    const otherOrganiser = await makeUser();
    const attendee = await makeUser();
    const admin = await makeUser({ email: "admin2@test.example" });
    const event = makeEvent({ organiserIds: [organiser.id] });
    const otherEvent = makeEvent({ organiserIds: [otherOrganiser.id] });
    register(event.id, attendee.id);
    recordAudit({
      actorId: organiser.id,
      eventId: event.id,
      action: "registration.approve",
      targetType: "registration",
      targetId: 42,
      ip: "203.0.113.9",
    });
    recordAudit({
      actorId: otherOrganiser.id,
      eventId: otherEvent.id,
      action: "board.phase",
      targetType: "board",
      targetId: 7,
      ip: "198.51.100.1",
    });

    const page = await (await as(organiser.id)).get(`/events/${event.slug}/audit`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("registration.approve");
    expect(html).toContain("203.0.113.9");
    expect(html).toContain("Olga Organiser");
    expect(html).not.toContain("board.phase");

    expect((await (await as(otherOrganiser.id)).get(`/events/${event.slug}/audit`)).status).toBe(403);
    expect((await (await as(attendee.id)).get(`/events/${event.slug}/audit`)).status).toBe(403);
    const anonymous = await client(server.url).get(`/events/${event.slug}/audit`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login/);
    expect((await client(server.url).get(`/events/no-such-event/audit`)).status).toBe(404);

    // ADMIN_EMAILS in tests is admin@test.example; this admin is only an organiser elsewhere.
    expect((await (await as(admin.id)).get("/admin/audit")).status).toBe(403);
  });

  it("admins see every entry at /admin/audit, filter by action and page through", async () => {
    const admin =
      getDb()
        .query.users.findFirst({ where: (u, { eq }) => eq(u.email, "admin@test.example") })
        .sync() ?? (await makeUser({ email: "admin@test.example" }));
    for (let i = 0; i < 60; i++) recordAudit({ actorId: admin.id, action: `bulk.step`, targetType: "thing", targetId: i });
    recordAudit({ actorId: admin.id, action: "organisation.create", targetType: "organisation", targetId: 1 });
    const browser = await as(admin.id);
    const page = await browser.get("/admin/audit");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("organisation.create");
    expect(html).toContain("Older entries");
    const filtered = await (await browser.get("/admin/audit?action=organisation.")).text();
    expect(filtered).toContain("organisation.create");
    expect(filtered).not.toContain("bulk.step");

    const first = listAuditEntries({ action: "bulk." });
    expect(first.entries).toHaveLength(50);
    const second = listAuditEntries({ action: "bulk.", before: first.nextBefore! });
    expect(second.entries).toHaveLength(10);
    expect(second.nextBefore).toBeNull();
    expect(new Set([...first.entries, ...second.entries].map((e) => e.id)).size).toBe(60);

    const attendee = await makeUser();
    expect((await (await as(attendee.id)).get("/admin/audit")).status).toBe(403);
  });

  it("is read-only: the viewers accept no POST", async () => {
    const organiser = await makeUser();
    const event = makeEvent({ organiserIds: [organiser.id] });
    const browser = await as(organiser.id);
    const admin = await as((await makeUser({ email: "admin@test.example".replace("admin@", "admin+post@") })).id);
    const before = getDb().select().from(auditLog).orderBy(desc(auditLog.id)).all();
    const response = await browser.post(`/events/${event.slug}/audit`, { action: "x" });
    expect(response.status).toBe(405);
    expect((await admin.post("/admin/audit", {})).status).toBe(405);
    expect(getDb().select().from(auditLog).orderBy(desc(auditLog.id)).all()).toEqual(before);
  });

  it("shows a deleted actor as former attendee", async () => {
    const organiser = await makeUser({ name: "Gone Soon" });
    const event = makeEvent({ organiserIds: [organiser.id] });
    recordAudit({ actorId: organiser.id, eventId: event.id, action: "event.update", targetType: "event", targetId: event.id });
    getDb().run(`UPDATE users SET name = NULL, email = NULL WHERE id = ${organiser.id}` as never);
    const entry = listAuditEntries({ eventId: event.id }).entries[0];
    expect(entry.actor).toBe("former attendee");
  });
});
