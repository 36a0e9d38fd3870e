// 50 people use an invitation link limited to 10 uses at the same moment, through the
// real server: exactly 10 registrations come through it, the link counts 10 uses, and the
// other 40 get the 410 page with nothing written for them.
import { expect, it } from "vitest";
import { count, eq, isNotNull } from "drizzle-orm";
import { getDb } from "#db/client";
import { invitations, invitationUses, registrations } from "#db/schema";
import { createInvitation } from "~/invitations/links.server";
import { makeEvent, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();

it("50 parallel uses of a 10-use link: exactly 10 registrations through it, uses = 10", async () => {
  const db = getDb();
  const organiser = await makeUser();
  const event = makeEvent({ organiserIds: [organiser.id], capacity: 100 });
  const { invitation, token } = createInvitation(
    { event, purpose: "invitation", label: "Ten seats", maxUses: 10, validDays: 7, skipApproval: true },
    organiser,
  );
  const people = await Promise.all(Array.from({ length: 50 }, () => makeUser()));
  const browsers = await Promise.all(people.map(async (p) => client(server.url, await sessionCookieFor(p.id))));
  const form = { intent: "register", jobRole: "Dev", topics: "", dietary: "", accessibility: "", consent: "on", invite: token };

  const statuses = await Promise.all(browsers.map(async (b) => (await b.post(`/events/${event.slug}/register`, form)).status));

  expect(statuses.filter((s) => s === 302)).toHaveLength(10);
  expect(statuses.filter((s) => s === 410)).toHaveLength(40);
  const through = db.select().from(registrations).where(eq(registrations.invitationId, invitation.id)).all();
  expect(through).toHaveLength(10);
  expect(through.every((r) => r.status === "confirmed")).toBe(true);
  expect(db.select({ n: count() }).from(registrations).where(eq(registrations.eventId, event.id)).get()!.n).toBe(10);
  expect(db.select().from(invitations).where(eq(invitations.id, invitation.id)).get()!.uses).toBe(10);
  expect(db.select({ n: count() }).from(invitationUses).where(eq(invitationUses.invitationId, invitation.id)).get()!.n).toBe(10);
  expect(db.select({ n: count() }).from(registrations).where(isNotNull(registrations.invitationId)).get()!.n).toBe(10);
});
