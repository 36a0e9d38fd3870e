// Retention: registration answers are purged RETENTION_DAYS after an event ends,
// automatically at start-up (and daily), and by hand with `npm run purge`.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, events, registrations } from "#db/schema";
import { answersPurgeDate, purgeExpiredAnswers, retentionDays } from "~/privacy/retention.server";
import { makeEvent, makeUser } from "../helpers/factories";
import { client, startTestServer } from "../helpers/server";
import { register } from "./fixtures";

const DAY = 86_400_000;

// An event that ended long ago exists before the server starts: the start-up run purges it.
const ancient = makeEvent({ startsAt: new Date(Date.now() - 400 * DAY) });
const ancientAttendee = await makeUser();
register(ancient.id, ancientAttendee.id);
const server = await startTestServer();

function pastEvent(endedDaysAgo: number) {
  const startsAt = new Date(Date.now() - endedDaysAgo * DAY - 8 * 3_600_000);
  return makeEvent({ startsAt, endsAt: new Date(Date.now() - endedDaysAgo * DAY) });
}
const answersOf = (eventId: number) =>
  getDb()
    .select({
      jobRole: registrations.jobRole,
      topics: registrations.topics,
      dietary: registrations.dietary,
      accessibility: registrations.accessibility,
      status: registrations.status,
      consentVersion: registrations.consentVersion,
    })
    .from(registrations)
    .where(eq(registrations.eventId, eventId))
    .all();

describe("purgeExpiredAnswers", () => {
  it("uses RETENTION_DAYS (90 by default)", () => {
    expect(retentionDays()).toBe(90);
    const endsAt = new Date("2026-01-10T17:00:00Z");
    expect(answersPurgeDate({ endsAt }).toISOString()).toBe("2026-04-10T17:00:00.000Z");
  });

  it("purges answers of events past retention, keeps registrations and consent, and leaves newer events alone", async () => {
    const old = pastEvent(91);
    const recent = pastEvent(89);
    const upcoming = makeEvent();
    for (const e of [old, recent, upcoming]) {
      register(e.id, (await makeUser()).id);
      register(e.id, (await makeUser()).id, "waitlisted");
    }
    const now = new Date();
    const result = purgeExpiredAnswers({ now });
    expect(result.events).toEqual([{ id: old.id, slug: old.slug, registrations: 2 }]);
    for (const row of answersOf(old.id)) {
      expect(row).toMatchObject({ jobRole: null, topics: null, dietary: null, accessibility: null });
      expect(row.consentVersion).toBeTruthy();
    }
    expect(
      answersOf(old.id)
        .map((r) => r.status)
        .sort(),
    ).toEqual(["confirmed", "waitlisted"]);
    for (const e of [recent, upcoming]) for (const row of answersOf(e.id)) expect(row.dietary).toBe("Vegetarian");
    const purgedAt = getDb().select().from(events).where(eq(events.id, old.id)).get()!.answersPurgedAt;
    expect(purgedAt?.getTime()).toBe(now.getTime());
    expect(getDb().select().from(events).where(eq(events.id, recent.id)).get()!.answersPurgedAt).toBeNull();
    const audit = getDb().select().from(auditLog).where(eq(auditLog.eventId, old.id)).all();
    expect(audit).toEqual([expect.objectContaining({ action: "retention.purge_answers", actorId: null })]);

    // Idempotent: a second run finds nothing.
    expect(purgeExpiredAnswers().events).toEqual([]);
    // The recent one is purged once its day comes.
    const later = purgeExpiredAnswers({ now: new Date(Date.now() + 2 * DAY) });
    expect(later.events.map((e) => e.id)).toContain(recent.id);
  });

  it("ran at server start-up", () => {
    const row = getDb().select().from(events).where(eq(events.id, ancient.id)).get()!;
    expect(row.answersPurgedAt).toBeInstanceOf(Date);
    expect(answersOf(ancient.id)[0].dietary).toBeNull();
  });

  it("runs by hand with `npm run purge`", async () => {
    const old = pastEvent(200);
    register(old.id, (await makeUser()).id);
    const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "purge"], { env: process.env, timeout: 60_000 });
    expect(stdout).toContain(`of ${old.slug}`);
    expect(answersOf(old.id)[0].dietary).toBeNull();
    const again = await promisify(execFile)("npm", ["run", "--silent", "purge"], { env: process.env, timeout: 60_000 });
    expect(again.stdout).toContain("Nothing to purge");
  });
});

describe("the event page", () => {
  it("tells attendees the date their answers will be deleted", async () => {
    const year = new Date().getUTCFullYear() + 1;
    const event = makeEvent({ startsAt: new Date(`${year}-03-02T09:00:00Z`), endsAt: new Date(`${year}-03-02T17:00:00Z`) });
    const html = (await (await client(server.url).get(`/events/${event.slug}`)).text()).replace(/<!-- -->/g, "");
    expect(html).toContain("deleted automatically on");
    expect(html).toContain(`31 May ${year}`);
    expect(html).toContain("90 days after the event ends");
  });

  it("says when they were deleted once purged", async () => {
    const html = await (await client(server.url).get(`/events/${ancient.slug}`)).text();
    expect(html).toMatch(/Registration answers \(job role, topics, dietary and accessibility needs\) were deleted on/);
  });
});
