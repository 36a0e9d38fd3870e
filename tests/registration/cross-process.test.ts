// Capacity races across processes: two real server processes (`node server/index.js`,
// each its own child process with its own SQLite connection) on one database file, a
// small capacity, every request sent at once and split between the two. Inside one
// process the requests run one by one on one synchronous connection, so a race there
// would pass without BEGIN IMMEDIATE; here the two connections really compete for the
// write lock, and the counts must come out exact.
import { and, asc, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, outbox, registrations } from "#db/schema";
import { client, sessionCookieFor } from "../helpers/server";
import { startServerProcess } from "../helpers/server-process";

type ServerProcess = Awaited<ReturnType<typeof startServerProcess>>;
import { makeAdmin, makeEventFor, makePartnerMember, makeRegistrant, signUp } from "../adversarial/world";
import { createOrganisation } from "~/accounts/organisations.server";

let servers: ServerProcess[];
beforeAll(async () => {
  servers = await Promise.all([startServerProcess(), startServerProcess()]);
  expect(new Set(servers.map((s) => s.child.pid)).size).toBe(2);
});

const SEATS = 3;
const PEOPLE = 12;
const u = () => Math.random().toString(36).slice(2, 8);
const statusesOf = (eventId: number) =>
  getDb()
    .select({ userId: registrations.userId, status: registrations.status, queuedAt: registrations.queuedAt })
    .from(registrations)
    .where(eq(registrations.eventId, eventId))
    .orderBy(asc(registrations.queuedAt), asc(registrations.id))
    .all();
const count_ = (rows: { status: string }[], status: string) => rows.filter((r) => r.status === status).length;

describe("two server processes on one database file", () => {
  it(`${PEOPLE} partner members register at once for ${SEATS} seats: exactly ${SEATS} confirmed, ${PEOPLE - SEATS} waitlisted in order`, async () => {
    const id = u();
    const admin = await makeAdmin(servers[0].url);
    const organiser = await signUp(`Olga ${id}`, `olga-${id}@host-${id}.example`);
    const domain = `rush-${id}.example`;
    const partner = createOrganisation({ name: `Rush ${id}`, domains: [domain] });
    const event = makeEventFor(admin, organiser, { title: `Rush ${id}`, capacity: SEATS, partnerIds: [partner.id] });
    const people = [];
    for (let i = 0; i < PEOPLE; i++) {
      const person = await makePartnerMember(`${id}${i}`, domain, servers[0].url);
      people.push({ ...person, cookie: await sessionCookieFor(person.id) });
    }
    const responses = await Promise.all(
      people.map((p, i) =>
        client(servers[i % 2].url, p.cookie).post(`/events/${event.slug}/register`, {
          intent: "register",
          jobRole: "Engineer",
          consent: "on",
        }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    // Every registration answered as a success (post/redirect/get), none with an error.
    expect(statuses.filter((s) => s === 302 || s === 303)).toHaveLength(PEOPLE);

    const rows = statusesOf(event.id);
    expect(rows).toHaveLength(PEOPLE);
    expect(count_(rows, "confirmed")).toBe(SEATS);
    expect(count_(rows, "waitlisted")).toBe(PEOPLE - SEATS);
    // The waiting list has one place per person: no two share a queue position.
    const queue = rows.filter((r) => r.status === "waitlisted").map((r) => r.queuedAt.getTime());
    expect(new Set(queue).size).toBe(PEOPLE - SEATS);
    // One e-mail per person, saying what happened to them.
    const mails = getDb().select({ to: outbox.toEmail, kind: outbox.kind }).from(outbox).where(eq(outbox.eventId, event.id)).all();
    expect(mails.filter((m) => m.kind === "registration.confirmed")).toHaveLength(SEATS);
    expect(mails.filter((m) => m.kind === "registration.waitlisted")).toHaveLength(PEOPLE - SEATS);
    expect(new Set(mails.map((m) => m.to)).size).toBe(PEOPLE);
  });

  it(`the organiser approves ${PEOPLE} pending requests at once from two processes: exactly ${SEATS} confirmed`, async () => {
    const id = u();
    const admin = await makeAdmin(servers[0].url);
    const organiser = await signUp(`Olga ${id}`, `olga-${id}@host-${id}.example`);
    const event = makeEventFor(admin, organiser, { title: `Approvals ${id}`, capacity: SEATS });
    for (let i = 0; i < PEOPLE; i++) await makeRegistrant(`${id}${i}`, "Pat Pending", event, `race-${id}-${i}`);
    const pending = getDb().select({ id: registrations.id }).from(registrations).where(eq(registrations.eventId, event.id)).all();
    expect(pending).toHaveLength(PEOPLE);
    // Two tabs of the organiser, one on each server.
    const tabs = await Promise.all(servers.map(async (s) => client(s.url, await sessionCookieFor(organiser.id))));
    const responses = await Promise.all(
      pending.map((r, i) => tabs[i % 2].post(`/events/${event.slug}/attendees`, { intent: "approve", registrationId: String(r.id) })),
    );
    expect(responses.map((r) => r.status).filter((s) => s >= 500)).toEqual([]);
    expect(responses.filter((r) => r.status === 302 || r.status === 303)).toHaveLength(PEOPLE);

    const rows = statusesOf(event.id);
    expect(count_(rows, "confirmed")).toBe(SEATS);
    expect(count_(rows, "waitlisted")).toBe(PEOPLE - SEATS);
    expect(count_(rows, "pending")).toBe(0);
    const queue = rows.filter((r) => r.status === "waitlisted").map((r) => r.queuedAt.getTime());
    expect(new Set(queue).size).toBe(PEOPLE - SEATS);
    // Every decision is in the audit log once.
    const audited = getDb()
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.eventId, event.id), eq(auditLog.action, "registration.approve")))
      .get()!.n;
    expect(audited).toBe(PEOPLE);
    const mails = getDb().select({ kind: outbox.kind }).from(outbox).where(eq(outbox.eventId, event.id)).all();
    expect(mails.filter((m) => m.kind === "registration.approved")).toHaveLength(SEATS);
    expect(mails.filter((m) => m.kind === "registration.waitlisted")).toHaveLength(PEOPLE - SEATS);
  });
});
