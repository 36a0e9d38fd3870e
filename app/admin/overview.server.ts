// The admin console's front page: how many of what, and what needs a look.
import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "#db/client";
import { organisationDomains, organisations, outbox, users } from "#db/schema";

export function adminOverview(db = getDb()) {
  const people = isNull(users.deletedAt);
  return {
    organisations: db.$count(organisations),
    domains: db.$count(organisationDomains),
    people: db.$count(users, people),
    unverified: db.$count(users, and(people, isNull(users.emailVerifiedAt))),
    grantedAdmins: db.$count(users, and(people, eq(users.isAdmin, true))),
    eventCreators: db.$count(users, and(people, eq(users.mayCreateEvents, true))),
    outboxFailed: db.$count(outbox, eq(outbox.status, "failed")),
    outboxQueued: db.$count(outbox, eq(outbox.status, "queued")),
  };
}
