// Test data made through the real domain functions (or plain inserts where a domain
// function does not exist yet), on the test file's own database.
import crypto from "node:crypto";
import { getDb } from "#db/client";
import { eventOrganisers, eventPartners, events, organisationDomains, organisations, passwords, users, type Event } from "#db/schema";
import { hashPassword } from "~/accounts/password.server";

export const TEST_PASSWORD = "correct horse battery";

let passwordHash: Promise<string> | undefined;
const sharedHash = () => (passwordHash ??= hashPassword(TEST_PASSWORD));
const unique = () => crypto.randomBytes(4).toString("hex");

export function makeOrganisation(name = `Org ${unique()}`, domain?: string) {
  const db = getDb();
  const org = db.insert(organisations).values({ name, slug: `${name.toLowerCase().replace(/\W+/g, "-")}-${unique()}` }).returning().get();
  if (domain) db.insert(organisationDomains).values({ domain, organisationId: org.id }).run();
  return org;
}

export async function makeUser(overrides: Partial<{ email: string; name: string; organisationId: number | null; jobRole: string }> = {}) {
  const db = getDb();
  const user = db
    .insert(users)
    .values({
      email: overrides.email ?? `user-${unique()}@test.example`,
      name: overrides.name ?? `Test Person ${unique()}`,
      organisationId: overrides.organisationId ?? null,
      jobRole: overrides.jobRole ?? "Engineer",
    })
    .returning()
    .get();
  db.insert(passwords).values({ userId: user.id, hash: await sharedHash() }).run();
  return user;
}

const HOUR = 60 * 60 * 1000;

export function makeEvent(
  overrides: Partial<typeof events.$inferInsert> & { organiserIds?: number[]; partnerIds?: number[] } = {},
): Event {
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
