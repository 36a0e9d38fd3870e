// Who belongs to which company: proven, never typed (DESIGN.md §5).
//
// A person is a member of an organisation when their e-mail address is *verified* and its
// domain is one of the organisation's domains. The organisation a person typed on their
// profile (`users.organisation_id`) is a label and grants nothing. Every right that depends
// on company membership (partners-only notes, direct confirmation as a partner member)
// asks this module, in SQL or in TypeScript, and nothing else.
import { getDb, prepared, type Db } from "#db/client";

/**
 * The member organisation of the users row aliased `u`, as a scalar SQL subquery: NULL
 * unless `u.email_verified_at` is set and the address's domain belongs to an organisation.
 */
export const MEMBER_ORGANISATION_SQL = `(SELECT od.organisation_id FROM organisation_domains od
   WHERE u.email_verified_at IS NOT NULL AND u.email IS NOT NULL
     AND od.domain = lower(substr(u.email, instr(u.email, '@') + 1)))`;

const memberOrganisationOf = (db: Db) =>
  prepared(db, "membership.memberOrganisationOf", () =>
    db.$client
      .prepare<[number], number | null>(`SELECT ${MEMBER_ORGANISATION_SQL} FROM users u WHERE u.id = ?`)
      .pluck(),
  );

/** The organisation a user is a proven member of, or null. */
export function memberOrganisationId(userId: number, db: Db = getDb()): number | null {
  return memberOrganisationOf(db).get(userId) ?? null;
}
