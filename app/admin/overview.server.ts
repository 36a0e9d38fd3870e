// The admin console's front page: how many of what, and what needs a look.
import { and, count, eq, isNotNull, isNull, type SQL } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { getDb } from "#db/client";
import { organisationDomains, organisations, outbox, users } from "#db/schema";

export function adminOverview(db = getDb()) {
  const $count = (table: SQLiteTable, where?: SQL) => db.select({ n: count() }).from(table).where(where).get()?.n ?? 0;
  // Accounts: guests (a name, no e-mail: ADR 025) are not people with an account.
  const people = and(isNull(users.deletedAt), isNotNull(users.email));
  return {
    organisations: $count(organisations),
    domains: $count(organisationDomains),
    people: $count(users, people),
    unverified: $count(users, and(people, isNull(users.emailVerifiedAt))),
    grantedAdmins: $count(users, and(people, eq(users.isAdmin, true))),
    eventCreators: $count(users, and(people, eq(users.mayCreateEvents, true))),
    outboxFailed: $count(outbox, eq(outbox.status, "failed")),
    outboxQueued: $count(outbox, eq(outbox.status, "queued")),
  };
}
