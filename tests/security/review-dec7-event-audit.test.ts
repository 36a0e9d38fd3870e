// Security review, 7 Dec 2026: the audit log of an event edit. Who may organise an event,
// which organisations count as its partners, whether guests may join with a name and
// whether the event is for partner members only are the settings that decide who reaches
// what; an edit that changes them must say so in the event's audit log. It recorded only
// the event's own columns, so a co-organiser or partner added or removed read as "saved the
// event without changes", and the two settings as "guestsMayJoin — → —".
import { and, desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, events } from "#db/schema";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { editForm } from "../installments/helpers";

const server = await startTestServer();
const db = getDb();
const lastEdit = (eventId: number) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.eventId, eventId), eq(auditLog.action, "event.update")))
    .orderBy(desc(auditLog.id))
    .get()!;

describe("an event edit in the audit log", () => {
  it("names co-organisers and partners added or removed, and the guest and partners-only settings", async () => {
    const owner = await makeUser({ name: "Olu Owner" });
    const vera = await makeUser({ name: "Vera Verified", email: `vera-${Date.now()}@work.example` });
    const partner = makeOrganisation("Beacon Media");
    // Whole minutes, as the form sends them, so the edit changes only what the test changes.
    const startsAt = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 14 * 24 * 3_600_000);
    const event = makeEvent({ organiserIds: [owner.id], startsAt, endsAt: new Date(startsAt.getTime() + 8 * 3_600_000) });
    const owners = client(server.url, await sessionCookieFor(owner.id));
    const edit = `/events/${event.slug}/edit`;

    const saved = await owners.post(
      edit,
      editForm(event, { organiserEmails: vera.email!, partnerOrganisationIds: [String(partner.id)], guestsMayJoin: "on" }),
    );
    expect(saved.status).toBe(302);
    expect(lastEdit(event.id).details).toEqual({
      changed: {
        organisers: { from: "", to: vera.email },
        partners: { from: "", to: "Beacon Media" },
        guestsMayJoin: { from: false, to: true },
      },
    });
    const log = (await (await owners.get(`/events/${event.slug}/audit`)).text()).replace(/<!-- -->/g, "");
    expect(log).toContain(
      `Olu Owner edited the event: guests may join off → on, co-organisers — → ${vera.email}, partner organisations — → Beacon Media.`,
    );

    // Vera and the partner removed, guests off and partners only on: each said.
    const now = db.select().from(events).where(eq(events.id, event.id)).get()!;
    const { guestsMayJoin: _guests, ...values } = editForm(now, { organiserEmails: "", partnerOrganisationIds: [], partnersOnly: "on" });
    expect((await owners.post(edit, values)).status).toBe(302);
    expect(lastEdit(event.id).details).toEqual({
      changed: {
        organisers: { from: vera.email, to: "" },
        partners: { from: "Beacon Media", to: "" },
        guestsMayJoin: { from: true, to: false },
        partnersOnly: { from: false, to: true },
      },
    });
    const after = (await (await owners.get(`/events/${event.slug}/audit`)).text()).replace(/<!-- -->/g, "");
    expect(after).toContain(
      `Olu Owner edited the event: partner members only off → on, guests may join on → off, co-organisers ${vera.email} → —, partner organisations Beacon Media → —.`,
    );
  });
});
