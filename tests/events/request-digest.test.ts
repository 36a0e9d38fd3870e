// Organisers hear of new registration requests (issue 17.5): at most one digest per event
// per hour, naming only the requests since the last one, to every organiser of the event.
// Requests come through the real registration rule (registerForEvent).
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { eventOrganisers, events, outbox } from "#db/schema";
import { DIGEST_KIND, queueRequestDigests } from "~/events/dashboard-digest.server";
import { registerForEvent } from "~/registration/registrations.server";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";

const MINUTE = 60_000;
const digests = (eventId: number) =>
  getDb()
    .select()
    .from(outbox)
    .where(and(eq(outbox.kind, DIGEST_KIND), eq(outbox.eventId, eventId)))
    .orderBy(outbox.id)
    .all();
const request = (eventId: number, userId: number, now: Date) => registerForEvent({ eventId, userId, answers: {}, consent: true, now });

describe("the organisers' digest of new requests", () => {
  it("one per event and hour, to each organiser, naming only the new requests", async () => {
    const owner = await makeUser({ name: "Olu Owner" });
    const coOrganiser = await makeUser({ name: "Cem Co" });
    const event = makeEvent({ organiserIds: [owner.id] });
    getDb().insert(eventOrganisers).values({ eventId: event.id, userId: coOrganiser.id, role: "organiser" }).run();
    const t0 = new Date();
    const [ann, ben, cat] = [
      await makeUser({ name: "Ann Asker" }),
      await makeUser({ name: "Ben Asker" }),
      await makeUser({ name: "Cat Asker" }),
    ];
    expect(request(event.id, ann.id, t0).registration.status).toBe("pending");
    request(event.id, ben.id, new Date(t0.getTime() + 1000));

    expect(queueRequestDigests(new Date(t0.getTime() + 5 * MINUTE))).toMatchObject({ [event.id]: 2 });
    const first = digests(event.id);
    expect(first.map((m) => m.toEmail).sort()).toEqual([owner.email, coOrganiser.email].sort());
    expect(first[0].subject).toBe(`2 new requests to review: ${event.title}`);
    expect(first[0].textBody).toContain("- Ann Asker\n- Ben Asker");
    expect(first[0].textBody).toContain(`2 requests are waiting for review in all: `);
    expect(first[0].textBody).toContain(`/events/${event.slug}/attendees?status=pending`);

    // A request 10 minutes later waits for the hour to pass; nothing is sent twice meanwhile.
    request(event.id, cat.id, new Date(t0.getTime() + 10 * MINUTE));
    expect(queueRequestDigests(new Date(t0.getTime() + 30 * MINUTE))[event.id]).toBeUndefined();
    expect(digests(event.id)).toHaveLength(2);

    const later = new Date(t0.getTime() + 66 * MINUTE);
    expect(queueRequestDigests(later)[event.id]).toBe(2);
    const second = digests(event.id).slice(2);
    expect(second).toHaveLength(2);
    expect(second[0].subject).toBe(`1 new request to review: ${event.title}`);
    expect(second[0].textBody).toContain("- Cat Asker");
    expect(second[0].textBody).not.toContain("Ann Asker");
    expect(second[0].textBody).toContain("3 requests are waiting for review in all");

    // An hour on with nothing new: no digest.
    expect(queueRequestDigests(new Date(later.getTime() + 2 * 60 * MINUTE))[event.id]).toBeUndefined();
    expect(digests(event.id)).toHaveLength(4);
  });

  it("partner members (confirmed at once) and past or cancelled events bring no digest", async () => {
    const partner = makeOrganisation("Digest Partner", "digestpartner.example");
    const owner = await makeUser();
    const event = makeEvent({ organiserIds: [owner.id], partnerIds: [partner.id] });
    const member = await makeUser({ email: "mo@digestpartner.example" });
    expect(request(event.id, member.id, new Date()).registration.status).toBe("confirmed");
    const cancelled = makeEvent({ organiserIds: [owner.id] });
    request(cancelled.id, (await makeUser()).id, new Date());
    getDb().update(events).set({ status: "cancelled" }).where(eq(events.id, cancelled.id)).run();
    const queued = queueRequestDigests(new Date(Date.now() + MINUTE));
    expect(queued[event.id]).toBeUndefined();
    expect(queued[cancelled.id]).toBeUndefined();
    expect(digests(event.id)).toHaveLength(0);
    expect(digests(cancelled.id)).toHaveLength(0);
  });
});
