// Shared set-up for the notes tests: people with different relations to an event.
import { getDb } from "#db/client";
import { registrations, users } from "#db/schema";
import { eq } from "drizzle-orm";
import { createNote, type NewNoteInput } from "~/notes/create-note.server";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";

export function confirm(eventId: number, userId: number) {
  getDb()
    .insert(registrations)
    .values({ eventId, userId, status: "confirmed", consentVersion: "test", consentAt: new Date() })
    .run();
}

export const viewerOf = (user: { id: number; organisationId: number | null }, isAdmin = false) => ({
  id: user.id,
  organisationId: user.organisationId,
  isAdmin,
});

/** An event with an organiser, a confirmed attendee, a partner member, an outsider. */
export async function makeNotesWorld(overrides: Parameters<typeof makeEvent>[0] = {}) {
  const partnerOrg = makeOrganisation();
  const otherOrg = makeOrganisation();
  const organiser = await makeUser({ organisationId: partnerOrg.id });
  const attendee = await makeUser({ organisationId: otherOrg.id });
  const partnerMember = await makeUser({ organisationId: partnerOrg.id });
  const outsider = await makeUser({ organisationId: otherOrg.id });
  const event = makeEvent({ organiserIds: [organiser.id], partnerIds: [partnerOrg.id], ...overrides });
  confirm(event.id, attendee.id);
  const note = (input: Partial<NewNoteInput> & { title: string }) =>
    createNote({ eventId: event.id, body: "", authorIds: [attendee.id], ...input });
  return { partnerOrg, otherOrg, organiser, attendee, partnerMember, outsider, event, note };
}

export function eraseUser(userId: number) {
  getDb().update(users).set({ name: null, email: null, deletedAt: new Date() }).where(eq(users.id, userId)).run();
}
