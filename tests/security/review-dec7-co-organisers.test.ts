// Security review, 7 Dec 2026: the event form's "Co-organisers (e-mails)" field. Organisers
// see every attendee's address and answers, add walk-ins, decline people with a mailed
// reason and read the event's audit log, so the right must go to the person who owns the
// address. The invitations page grants it only to a *verified* account (SECURITY.md, "Roles
// by e-mail"); the form granted it at once to any account with that address, also to one
// signed up by someone who never proved the address.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { eventOrganisers, events } from "#db/schema";
import { registerForEvent } from "~/registration/registrations.server";
import { makeEvent, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { editForm } from "../installments/helpers";

const server = await startTestServer();
const db = getDb();
const organisersOf = (eventId: number) =>
  db
    .select({ userId: eventOrganisers.userId })
    .from(eventOrganisers)
    .where(eq(eventOrganisers.eventId, eventId))
    .all()
    .map((o) => o.userId)
    .sort((a, b) => a - b);

describe("co-organisers named on the event form", () => {
  it("must have proven their address: an unverified sign-up with it is refused with a field message and gets nothing", async () => {
    const owner = await makeUser({ name: "Olu Owner" });
    const event = makeEvent({ organiserIds: [owner.id] });
    const attendee = await makeUser({ name: "Ann Attendee", email: "ann.private@home.example" });
    registerForEvent({ eventId: event.id, userId: attendee.id, answers: {}, consent: true });
    // Someone signs up with a colleague's address they cannot read (no verification).
    const squatter = await makeUser({ name: "Cem Colleague", email: "cem.colleague@work.example", verified: false });

    const owners = client(server.url, await sessionCookieFor(owner.id));
    const saved = await owners.post(`/events/${event.slug}/edit`, editForm(event, { organiserEmails: "cem.colleague@work.example" }));
    expect(saved.status).toBe(400);
    expect(await saved.text()).toContain("has not confirmed");
    expect(organisersOf(event.id)).toEqual([owner.id]);

    const asSquatter = client(server.url, await sessionCookieFor(squatter.id));
    const list = await asSquatter.get(`/events/${event.slug}/attendees`);
    expect(list.status).toBe(403);
    expect(await list.text()).not.toContain("ann.private@home.example");
  });

  it("is granted once the address is verified, and an organiser listed already stays on a later save", async () => {
    const owner = await makeUser({ name: "Olu Owner" });
    const event = makeEvent({ organiserIds: [owner.id] });
    const colleague = await makeUser({ name: "Vera Verified", email: `vera-${Date.now()}@work.example` });
    const owners = client(server.url, await sessionCookieFor(owner.id));
    const saved = await owners.post(`/events/${event.slug}/edit`, editForm(event, { organiserEmails: colleague.email! }));
    expect(saved.status).toBe(302);
    expect(organisersOf(event.id)).toEqual([owner.id, colleague.id].sort((a, b) => a - b));
    const again = db.select().from(events).where(eq(events.id, event.id)).get()!;
    expect((await owners.post(`/events/${event.slug}/edit`, editForm(again))).status).toBe(302);
    expect(
      db
        .select()
        .from(eventOrganisers)
        .where(and(eq(eventOrganisers.eventId, event.id), eq(eventOrganisers.userId, colleague.id)))
        .get(),
    ).toMatchObject({ role: "organiser" });
  });

  it("on a new event too: an unverified account is refused and no event is made", async () => {
    const creator = await makeUser({ name: "Ada Admin", email: "admin@test.example" });
    await makeUser({ name: "Una Unverified", email: "una@work.example", verified: false });
    const before = db.select().from(events).all().length;
    const answer = await client(server.url, await sessionCookieFor(creator.id)).post("/events/new", {
      title: "Platform teams exchange",
      format: "mixed",
      timeZone: "Europe/Berlin",
      startsAt: `${new Date().getUTCFullYear() + 1}-07-01T09:30`,
      endsAt: `${new Date().getUTCFullYear() + 1}-07-01T17:00`,
      capacity: "40",
      status: "draft",
      organiserEmails: "una@work.example",
    });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain("has not confirmed");
    expect(db.select().from(events).all()).toHaveLength(before);
  });
});
