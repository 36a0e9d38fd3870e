// "Never overbooked": hundreds of concurrent registrations through the real HTTP
// server against a 50-seat event, then the database is checked.
import os from "node:os";
import { describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { outbox, passwords, registrations, users } from "#db/schema";
import { makeEvent, makeOrganisation, verifyAddress } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const partner = makeOrganisation("Rush Partner", "rush.example");

const PARTNER_COUNT = 230;
const GUEST_COUNT = 20;
const SEATS = 50;

async function people(n: number, domain: string, prefix: string) {
  const db = getDb();
  const list = [];
  for (let i = 0; i < n; i++) {
    const user = db
      .insert(users)
      .values({ email: `${prefix}${i}@${domain}`, name: `${prefix} ${i}` })
      .returning()
      .get();
    db.insert(passwords).values({ userId: user.id, hash: "unused" }).run();
    // Partner membership through a real verification link (the guests' domain owns nothing).
    verifyAddress(user);
    list.push({ id: user.id, cookie: await sessionCookieFor(user.id) });
  }
  return list;
}

const rowsOf = (eventId: number) =>
  getDb()
    .select()
    .from(registrations)
    .where(eq(registrations.eventId, eventId))
    .orderBy(asc(registrations.queuedAt), asc(registrations.id))
    .all();

describe("concurrent registrations", () => {
  it(`${PARTNER_COUNT + GUEST_COUNT} at once against ${SEATS} seats: exactly ${SEATS} confirmed, the rest queued in order`, async () => {
    const event = makeEvent({ capacity: SEATS, partnerIds: [partner.id] });
    const members = await people(PARTNER_COUNT, "rush.example", "member");
    const guests = await people(GUEST_COUNT, "guest-rush.example", "guest");
    const everyone = [...members, ...guests].sort(() => Math.random() - 0.5);

    const latencies: number[] = [];
    const started = performance.now();
    const responses = await Promise.all(
      everyone.map(async (p) => {
        const t = performance.now();
        const response = await client(server.url, p.cookie).post(`/events/${event.slug}/register`, {
          intent: "register",
          jobRole: "Engineer",
          consent: "on",
        });
        latencies.push(performance.now() - t);
        return response;
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const rate = everyone.length / seconds;
    latencies.sort((a, b) => a - b);
    const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(0);
    console.log(
      `[registration] ${everyone.length} concurrent registrations, ${SEATS} seats: ${seconds.toFixed(2)} s → ` +
        `${rate.toFixed(0)} registrations/s; latency p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${pct(1)} ms ` +
        `(host load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`,
    );

    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(new Set(statuses)).toEqual(new Set([302]));

    const rows = rowsOf(event.id);
    expect(rows).toHaveLength(everyone.length);
    expect(new Set(rows.map((r) => r.userId)).size).toBe(everyone.length);
    const memberIds = new Set(members.map((m) => m.id));
    const confirmed = rows.filter((r) => r.status === "confirmed");
    const waitlisted = rows.filter((r) => r.status === "waitlisted");
    const pending = rows.filter((r) => r.status === "pending");
    expect(confirmed).toHaveLength(SEATS);
    expect(waitlisted).toHaveLength(PARTNER_COUNT - SEATS);
    expect(pending).toHaveLength(GUEST_COUNT);
    expect(pending.every((r) => !memberIds.has(r.userId))).toBe(true);

    // One strict arrival order: the first 50 partner arrivals hold the seats, everyone
    // after them waits, in that order.
    expect(new Set(rows.map((r) => r.queuedAt.getTime())).size).toBe(rows.length);
    const partnerRows = rows.filter((r) => memberIds.has(r.userId));
    expect(partnerRows.slice(0, SEATS).every((r) => r.status === "confirmed")).toBe(true);
    expect(partnerRows.slice(SEATS).every((r) => r.status === "waitlisted")).toBe(true);

    // The position each person sees matches that order.
    const viewer = members.find((m) => m.id === waitlisted[9].userId)!;
    const page = await (await client(server.url, viewer.cookie).get(`/events/${event.slug}/register`)).text();
    expect(page).toContain("Waiting list #10");

    // One e-mail per registration, none lost.
    const mails = getDb().select().from(outbox).where(eq(outbox.eventId, event.id)).all();
    expect(mails).toHaveLength(everyone.length);

    // Then 20 confirmed people cancel at once while 20 more register: the seats are
    // refilled from the waiting list, in order, and never exceeded.
    const leaving = confirmed.slice(0, 20).map((r) => members.find((m) => m.id === r.userId)!);
    const late = await people(20, "rush.example", "late");
    const expectedPromoted = waitlisted.slice(0, 20).map((r) => r.userId);
    const second = await Promise.all([
      ...leaving.map((p) => client(server.url, p.cookie).post(`/events/${event.slug}/register`, { intent: "cancel" })),
      ...late.map((p) => client(server.url, p.cookie).post(`/events/${event.slug}/register`, { intent: "register", consent: "on" })),
    ]);
    expect(second.filter((r) => r.status >= 500)).toEqual([]);
    const after = rowsOf(event.id);
    const confirmedAfter = after.filter((r) => r.status === "confirmed");
    expect(confirmedAfter).toHaveLength(SEATS);
    const confirmedIds = new Set(confirmedAfter.map((r) => r.userId));
    // A late registration may win a seat only if it arrived while one was free, which
    // cannot happen while people wait: the seats go to the waiting list first.
    expect(late.every((p) => !confirmedIds.has(p.id))).toBe(true);
    expect(expectedPromoted.every((id) => confirmedIds.has(id))).toBe(true);
  });

  it("the same person submitting twice in parallel gets one registration", async () => {
    const event = makeEvent({ capacity: 5, partnerIds: [partner.id] });
    const [person] = await people(1, "rush.example", "double");
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        client(server.url, person.cookie).post(`/events/${event.slug}/register`, { intent: "register", consent: "on" }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 302)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    const rows = getDb()
      .select()
      .from(registrations)
      .where(and(eq(registrations.eventId, event.id), eq(registrations.userId, person.id)))
      .all();
    expect(rows).toHaveLength(1);
    expect(getDb().select().from(outbox).where(eq(outbox.userId, person.id)).all()).toHaveLength(1);
  });
});
