// Test data made through the real domain functions (or plain inserts where a domain
// function does not exist yet), on the test file's own database. People are signed up
// with createUser and prove their address through a real verification link, so company
// membership comes from the one rule (app/accounts/membership.server.ts), never from a
// column written here.
import crypto from "node:crypto";
import { getDb } from "#db/client";
import { eq } from "drizzle-orm";
import { eventOrganisers, eventPartners, events, organisationDomains, organisations, users, type Event } from "#db/schema";
import { issueVerificationToken, verifyEmailWithToken } from "~/accounts/email-verification.server";
import { createUser } from "~/accounts/users.server";

export const TEST_PASSWORD = "correct horse battery";

const unique = () => crypto.randomBytes(4).toString("hex");

export function makeOrganisation(name = `Org ${unique()}`, domain?: string) {
  const db = getDb();
  const org = db
    .insert(organisations)
    .values({ name, slug: `${name.toLowerCase().replace(/\W+/g, "-")}-${unique()}` })
    .returning()
    .get();
  if (domain) db.insert(organisationDomains).values({ domain, organisationId: org.id }).run();
  return org;
}

/** Proves the user's current address through a real verification link. */
export function verifyAddress(user: { id: number; email: string | null }) {
  if (!user.email) throw new Error("No address to verify.");
  verifyEmailWithToken(issueVerificationToken(getDb(), { id: user.id, email: user.email }));
}

/**
 * Signs a person up (createUser: the organisation label is typed by name, as on the form)
 * and, unless `verified: false`, proves their address. Company membership then follows
 * from the address's domain alone.
 */
export async function makeUser(
  overrides: Partial<{ email: string; name: string; organisationId: number | null; jobRole: string; verified: boolean }> = {},
) {
  const db = getDb();
  const typed = overrides.organisationId
    ? db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, overrides.organisationId)).get()
    : undefined;
  const created = await createUser({
    email: overrides.email ?? `user-${unique()}@test.example`,
    name: overrides.name ?? `Test Person ${unique()}`,
    password: TEST_PASSWORD,
    organisationName: typed?.name ?? null,
    jobRole: overrides.jobRole ?? "Engineer",
  });
  if (overrides.verified !== false) verifyAddress(created);
  return db.select().from(users).where(eq(users.id, created.id)).get()!;
}

const HOUR = 60 * 60 * 1000;

export function makeEvent(overrides: Partial<typeof events.$inferInsert> & { organiserIds?: number[]; partnerIds?: number[] } = {}): Event {
  const db = getDb();
  const { organiserIds = [], partnerIds = [], ...values } = overrides;
  const startsAt = values.startsAt ?? new Date(Date.now() + 14 * 24 * HOUR);
  const event = db
    .insert(events)
    .values({
      slug: `event-${unique()}`,
      title: "Test exchange",
      format: "mixed",
      timeZone: "Europe/Berlin",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 8 * HOUR),
      capacity: 50,
      status: "published",
      ...values,
    })
    .returning()
    .get();
  for (const userId of organiserIds) db.insert(eventOrganisers).values({ eventId: event.id, userId, role: "owner" }).run();
  for (const organisationId of partnerIds) db.insert(eventPartners).values({ eventId: event.id, organisationId }).run();
  return event;
}
