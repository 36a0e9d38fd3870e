// Who belongs to which company: proven, never typed (DESIGN.md §5).
//
// A person is a member of an organisation when their e-mail address is *verified* and its
// domain is one of the organisation's domains. The organisation a person typed on their
// profile (`users.organisation_id`) is a label and grants nothing. Every right that depends
// on company membership (partners-only notes, direct confirmation as a partner member)
// asks this module, in SQL or in TypeScript, and nothing else.
import { eq, sql, type SQL } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { getDb, prepared, type Db } from "#db/client";
import { organisationDomains, users } from "#db/schema";

/**
 * The member organisation of a users row (the table or an alias of it), as a scalar
 * subquery for a select or a condition: NULL unless the address is verified and its domain
 * belongs to an organisation.
 */
export function memberOrganisationIdOf(user: { email: AnySQLiteColumn; emailVerifiedAt: AnySQLiteColumn }): SQL<number | null> {
  return sql<number | null>`(SELECT ${organisationDomains.organisationId} FROM ${organisationDomains}
    WHERE ${user.emailVerifiedAt} IS NOT NULL AND ${user.email} IS NOT NULL
      AND ${organisationDomains.domain} = lower(substr(${user.email}, instr(${user.email}, '@') + 1)))`;
}

const memberOrganisationOf = (db: Db) =>
  prepared(db, "membership.memberOrganisationOf", () =>
    db
      .select({ organisationId: memberOrganisationIdOf(users) })
      .from(users)
      .where(eq(users.id, sql.placeholder("userId")))
      .prepare(),
  );

/** The organisation a user is a proven member of, or null. */
export function memberOrganisationId(userId: number, db: Db = getDb()): number | null {
  return memberOrganisationOf(db).get({ userId })?.organisationId ?? null;
}
