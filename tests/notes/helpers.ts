// Shared set-up for the notes tests: people with different relations to an event.
import { getDb } from "#db/client";
import { registrations, users } from "#db/schema";
import { eq } from "drizzle-orm";
import { memberOrganisationId } from "~/accounts/membership.server";
import { createNote, type NewNoteInput } from "~/notes/create-note.server";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";

export function confirm(eventId: number, userId: number) {
  getDb().insert(registrations).values({ eventId, userId, status: "confirmed", consentVersion: "test", consentAt: new Date() }).run();
}

/** The viewer as the session builds it: membership by the one rule, never the typed label. */
export const viewerOf = (user: { id: number }, isAdmin = false) => ({
  id: user.id,
  memberOrganisationId: memberOrganisationId(user.id),
  isAdmin,
});

const unique = () => Math.random().toString(36).slice(2, 10);

/**
 * An event with an organiser, a confirmed attendee, a partner member (verified address on
 * the partner's domain), an outsider (another company's domain).
 */
export async function makeNotesWorld(overrides: Parameters<typeof makeEvent>[0] = {}) {
  const partnerDomain = `partner-${unique()}.example`;
  const otherDomain = `other-${unique()}.example`;
  const partnerOrg = makeOrganisation(undefined, partnerDomain);
  const otherOrg = makeOrganisation(undefined, otherDomain);
  const organiser = await makeUser({ email: `organiser-${unique()}@${partnerDomain}` });
  const attendee = await makeUser({ email: `attendee-${unique()}@${otherDomain}` });
  const partnerMember = await makeUser({ email: `member-${unique()}@${partnerDomain}` });
  const outsider = await makeUser({ email: `outsider-${unique()}@${otherDomain}` });
  const event = makeEvent({ organiserIds: [organiser.id], partnerIds: [partnerOrg.id], ...overrides });
  confirm(event.id, attendee.id);
  const note = (input: Partial<NewNoteInput> & { title: string }) =>
    createNote({ eventId: event.id, body: "", authorIds: [attendee.id], ...input });
  return { partnerOrg, otherOrg, partnerDomain, otherDomain, organiser, attendee, partnerMember, outsider, event, note };
}

export function eraseUser(userId: number) {
  getDb().update(users).set({ name: null, email: null, deletedAt: new Date() }).where(eq(users.id, userId)).run();
}
