// Review of 7 Dec 2026, finding 8: DESIGN §5 invites co-organisers by e-mail before they have an
// account (the event's "Invitations" page). The event form's field said "They need to sign up
// first"; now its message and its hint point to that page by its visible name, and on the edit
// form the hint links there. Nothing is written by the refused save.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { eventOrganisers, roleInvites } from "#db/schema";
import { makeEvent, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { editForm } from "../installments/helpers";

const server = await startTestServer();
const db = getDb();
const organisersOf = (eventId: number) =>
  db.select({ userId: eventOrganisers.userId }).from(eventOrganisers).where(eq(eventOrganisers.eventId, eventId)).all();

describe("a co-organiser without an account", () => {
  it("the edit form's message and hint point to the event's Invitations page; nothing is written", async () => {
    const owner = await makeUser({ name: "Olu Owner" });
    const event = makeEvent({ organiserIds: [owner.id] });
    const owners = client(server.url, await sessionCookieFor(owner.id));
    const invitesBefore = db.select().from(roleInvites).all().length;

    const saved = await owners.post(`/events/${event.slug}/edit`, editForm(event, { organiserEmails: "friend@globex.example" }));
    expect(saved.status).toBe(400);
    const html = await saved.text();
    expect(html).toContain(
      "No account for friend@globex.example yet. Leave them out here and invite them from the event’s “Invitations” page: they become co-organiser once they sign up and confirm the address.",
    );
    expect(html).not.toContain("sign up first");
    expect(html).toMatch(new RegExp(`<a[^>]*href="/events/${event.slug}/invitations"[^>]*>Invitations</a>`));
    expect(organisersOf(event.id)).toEqual([{ userId: owner.id }]);
    expect(db.select().from(roleInvites).all()).toHaveLength(invitesBefore);
  });

  it("the new-event form's hint says how: save first, then invite from the event's Invitations page", async () => {
    // The ADMIN_EMAILS bootstrap address may create events.
    const creator = await makeUser({ name: "Ada Admin", email: "admin@test.example" });
    const page = await (await client(server.url, await sessionCookieFor(creator.id)).get("/events/new")).text();
    expect(page).toContain("Someone without an account yet? Save the event, then invite them from its “Invitations” page.");
  });
});
