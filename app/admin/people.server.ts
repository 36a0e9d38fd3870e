// The admin console's people: finding someone, and the two rights an admin grants in the
// database (admin, may create events). ADMIN_EMAILS is the bootstrap that can never be
// locked out: such an admin cannot be revoked here, and nobody can revoke their own admin
// right when no other admin would be left.
import { and, asc, eq, isNotNull, isNull, ne, or, sql } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import { organisations, users } from "#db/schema";
import { alias } from "drizzle-orm/sqlite-core";
import { sendVerificationEmail } from "~/accounts/email-verification.server";
import { memberOrganisationIdOf } from "~/accounts/membership.server";
import { recordAudit } from "~/audit/audit.server";
import { getEnv } from "~/utils/env.server";
import { conflict, notFound } from "~/utils/errors.server";
import type { AdminActor } from "./organisations.server";

export const PEOPLE_PAGE_SIZE = 50;

export type PersonRow = {
  id: number;
  name: string;
  email: string;
  organisationName: string | null;
  memberOrganisationName: string | null;
  emailVerified: boolean;
  adminGranted: boolean;
  adminByEnv: boolean;
  mayCreateEvents: boolean;
};

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

// Aliased `u`: the membership rule's SQL names the users row so.
const u = alias(users, "u");

/** People whose name, e-mail or named organisation contains `query` (all when empty), by name. */
export function searchPeople(query: string, db: Db = getDb()): PersonRow[] {
  const q = query.trim().toLowerCase();
  const pattern = `%${escapeLike(q)}%`;
  const matches = q
    ? or(
        sql`lower(${u.name}) LIKE ${pattern} ESCAPE '\\'`,
        sql`${u.email} LIKE ${pattern} ESCAPE '\\'`,
        sql`lower(${organisations.name}) LIKE ${pattern} ESCAPE '\\'`,
      )
    : undefined;
  const rows = db
    .select({
      id: u.id,
      name: u.name,
      email: u.email,
      organisationName: organisations.name,
      memberOrganisationName: sql<
        string | null
      >`(SELECT ${organisations.name} FROM ${organisations} WHERE ${organisations.id} = ${memberOrganisationIdOf(u)})`,
      emailVerifiedAt: u.emailVerifiedAt,
      isAdmin: u.isAdmin,
      mayCreateEvents: u.mayCreateEvents,
    })
    .from(u)
    .leftJoin(organisations, eq(organisations.id, u.organisationId))
    // Accounts only: guests (a name, no e-mail: ADR 025) hold no rights to grant.
    .where(and(isNull(u.deletedAt), isNotNull(u.email), matches))
    .orderBy(asc(u.name), asc(u.id))
    .limit(PEOPLE_PAGE_SIZE)
    .all();
  const env = getEnv().adminEmails;
  return rows.map((r) => ({
    id: r.id,
    name: r.name ?? "",
    email: r.email ?? "",
    organisationName: r.organisationName,
    memberOrganisationName: r.memberOrganisationName,
    emailVerified: r.emailVerifiedAt != null,
    adminGranted: r.isAdmin,
    adminByEnv: r.email != null && env.has(r.email),
    mayCreateEvents: r.mayCreateEvents,
  }));
}

function loadPerson(db: Db, userId: number) {
  const person = db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deletedAt)))
    .get();
  if (!person?.email) throw notFound("No such person.");
  return { ...person, email: person.email };
}

/** Admins other than `userId` who hold the right today: granted or listed, address verified. */
function otherAdmins(db: Db, userId: number) {
  const listed = [...getEnv().adminEmails];
  return db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        ne(users.id, userId),
        isNull(users.deletedAt),
        sql`${users.emailVerifiedAt} IS NOT NULL`,
        or(eq(users.isAdmin, true), listed.length ? sql`${users.email} IN ${listed}` : sql`0`),
      ),
    )
    .all().length;
}

export function setAdmin(input: { userId: number; on: boolean }, actor: AdminActor) {
  return writeTransaction(getDb(), (tx) => {
    const person = loadPerson(tx, input.userId);
    if (!input.on) {
      if (getEnv().adminEmails.has(person.email)) {
        throw conflict(`${person.name} is an admin through ADMIN_EMAILS, the bootstrap list: remove the address there to end it.`);
      }
      if (person.id === actor.id && otherAdmins(tx, actor.id) === 0) {
        throw conflict("You are the last admin: grant the right to someone else before giving up yours.");
      }
    }
    if (person.isAdmin === input.on) return person;
    tx.update(users).set({ isAdmin: input.on }).where(eq(users.id, person.id)).run();
    auditRightChange(tx, actor, person, input.on ? "admin.grant" : "admin.revoke");
    return person;
  });
}

export function setMayCreateEvents(input: { userId: number; on: boolean }, actor: AdminActor) {
  return writeTransaction(getDb(), (tx) => {
    const person = loadPerson(tx, input.userId);
    if (person.mayCreateEvents === input.on) return person;
    tx.update(users).set({ mayCreateEvents: input.on }).where(eq(users.id, person.id)).run();
    auditRightChange(tx, actor, person, input.on ? "create-events.grant" : "create-events.revoke");
    return person;
  });
}

/** An admin sends a person a new verification link (ADR 018); refused for a verified address. */
export function sendVerificationLinkAsAdmin(input: { userId: number }, actor: AdminActor) {
  return writeTransaction(getDb(), (tx) => {
    const person = loadPerson(tx, input.userId);
    if (person.emailVerifiedAt) throw conflict(`${person.email} is verified already.`);
    sendVerificationEmail(tx, { id: person.id, email: person.email, name: person.name });
    recordAudit({ actorId: actor.id, action: "account.verification_resent", targetType: "user", targetId: person.id, ip: actor.ip }, tx);
    return person;
  });
}

function auditRightChange(tx: Db, actor: AdminActor, person: { id: number; email: string | null }, action: string) {
  recordAudit({ actorId: actor.id, action, targetType: "user", targetId: person.id, ip: actor.ip, details: { email: person.email } }, tx);
}
