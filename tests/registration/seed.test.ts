// The demo seed step: registrations in every state, consistent with the rules.
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { outbox, registrations } from "#db/schema";
import { seedAccounts } from "#db/seed/accounts";
import { seedEvents } from "#db/seed/events";
import { seedRegistrations } from "#db/seed/registrations";
import { listAttendees } from "~/registration/attendees.server";
import { getRegistration } from "~/registration/registrations.server";

describe("demo registrations", () => {
  it("fill the unconference (every state) and the past Lean Coffee (checked in)", async () => {
    const db = getDb();
    const accounts = await seedAccounts(db, "exchange-demo");
    const demo = seedEvents(db, accounts);
    seedRegistrations(db, accounts, demo);

    const uc = listAttendees(demo.unconference.id);
    expect(uc.counts.confirmed).toBe(demo.unconference.capacity);
    for (const state of ["waitlisted", "pending", "declined", "cancelled"] as const) expect(uc.counts[state]).toBeGreaterThan(0);
    expect(uc.rows.filter((r) => r.status === "waitlisted").map((r) => r.position)).toEqual([1, 2, 3]);
    expect(getRegistration(demo.unconference.id, accounts.attendee.id)?.status).toBe("confirmed");
    expect(new Set(uc.rows.map((r) => r.name)).size).toBe(uc.rows.length);
    // Guests are not partner members; partner members are.
    expect(uc.rows.filter((r) => r.status === "pending").every((r) => !r.partner)).toBe(true);
    expect(uc.rows.filter((r) => r.status === "waitlisted").every((r) => r.partner)).toBe(true);

    const lc = listAttendees(demo.leanCoffee.id);
    expect(lc.counts.confirmed).toBeLessThanOrEqual(demo.leanCoffee.capacity);
    expect(lc.checkedIn).toBe(lc.counts.confirmed);
    expect(db.select().from(outbox).where(eq(outbox.eventId, demo.unconference.id)).all().length).toBeGreaterThan(5);
    expect(
      db
        .select()
        .from(registrations)
        .all()
        .every((r) => r.consentVersion && r.consentAt),
    ).toBe(true);
  });
});
