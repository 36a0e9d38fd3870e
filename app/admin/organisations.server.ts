// The admin console's organisations: who they are, which e-mail domains prove membership,
// which events they partner, and merging a name someone typed into the real organisation.
// Every change is audited in the transaction that makes it.
import { and, asc, count, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import { eventPartners, events, organisationDomains, organisations, users } from "#db/schema";
import { memberOrganisationIdOf } from "~/accounts/membership.server";
import { createOrganisation } from "~/accounts/organisations.server";
import { recordAudit } from "~/audit/audit.server";
import { conflict, DomainError, invalid, notFound } from "~/utils/errors.server";

export type AdminActor = { id: number; ip?: string | null };

export type OrganisationOverview = {
  id: number;
  name: string;
  domains: string[];
  /** Proven members: a verified address on one of the domains (membership.server.ts). */
  members: number;
  /** People who named it on their profile (a label that grants nothing). */
  named: number;
  partnerEvents: { slug: string; title: string; startsAt: Date }[];
};

export function listOrganisationsForAdmin(db: Db = getDb()): OrganisationOverview[] {
  const orgs = db.select({ id: organisations.id, name: organisations.name }).from(organisations).orderBy(asc(organisations.name)).all();
  const domains = db.select().from(organisationDomains).orderBy(asc(organisationDomains.domain)).all();
  const memberOf = memberOrganisationIdOf(users);
  const members = db
    .select({ org: memberOf, n: sql<number>`count(*)` })
    .from(users)
    .where(isNull(users.deletedAt))
    .groupBy(memberOf)
    .all();
  const named = db
    .select({ org: users.organisationId, n: sql<number>`count(*)` })
    .from(users)
    .where(sql`${users.deletedAt} IS NULL`)
    .groupBy(users.organisationId)
    .all();
  const partners = db
    .select({ org: eventPartners.organisationId, slug: events.slug, title: events.title, startsAt: events.startsAt })
    .from(eventPartners)
    .innerJoin(events, eq(events.id, eventPartners.eventId))
    .orderBy(asc(events.startsAt))
    .all();
  return orgs.map((o) => ({
    ...o,
    domains: domains.filter((d) => d.organisationId === o.id).map((d) => d.domain),
    members: members.find((m) => m.org === o.id)?.n ?? 0,
    named: named.find((m) => m.org === o.id)?.n ?? 0,
    partnerEvents: partners.filter((p) => p.org === o.id).map(({ slug, title, startsAt }) => ({ slug, title, startsAt })),
  }));
}

function loadOrganisation(db: Db, id: number) {
  const org = db.select().from(organisations).where(eq(organisations.id, id)).get();
  if (!org) throw notFound("No such organisation.");
  return org;
}

function assertNameFree(db: Db, name: string, exceptId?: number) {
  const taken = db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(sql`lower(${organisations.name}) = lower(${name})`)
    .get();
  if (taken && taken.id !== exceptId) {
    throw conflict("An organisation with this name exists.", {
      name: [`“${taken.name}” already exists. Rename or merge it instead of creating a second one.`],
    });
  }
}

/** Domains are unique across organisations: a clear message naming the owner. */
function assertDomainsFree(db: Db, domains: string[], field: "domain" | "domains") {
  if (!domains.length) return;
  const owned = db
    .select({ domain: organisationDomains.domain, name: organisations.name })
    .from(organisationDomains)
    .innerJoin(organisations, eq(organisations.id, organisationDomains.organisationId))
    .where(inArray(organisationDomains.domain, domains))
    .all();
  if (owned.length) {
    throw conflict("This domain belongs to another organisation.", {
      [field]: owned.map((o) => `${o.domain} already belongs to ${o.name}.`),
    });
  }
}

export function createOrganisationAsAdmin(input: { name: string; domains: string[] }, actor: AdminActor) {
  const db = getDb();
  assertNameFree(db, input.name);
  assertDomainsFree(db, input.domains, "domains");
  const org = createOrganisation(input);
  recordAudit({
    actorId: actor.id,
    action: "organisation.create",
    targetType: "organisation",
    targetId: org.id,
    ip: actor.ip,
    details: { name: org.name, domains: input.domains },
  });
  return org;
}

export function renameOrganisation(input: { organisationId: number; name: string }, actor: AdminActor) {
  return writeTransaction(getDb(), (tx) => {
    const org = loadOrganisation(tx, input.organisationId);
    assertNameFree(tx, input.name, org.id);
    tx.update(organisations).set({ name: input.name }).where(eq(organisations.id, org.id)).run();
    recordAudit(
      {
        actorId: actor.id,
        action: "organisation.rename",
        targetType: "organisation",
        targetId: org.id,
        ip: actor.ip,
        details: { from: org.name, to: input.name },
      },
      tx,
    );
    return { ...org, name: input.name };
  });
}

export function addDomain(input: { organisationId: number; domain: string }, actor: AdminActor) {
  return writeTransaction(getDb(), (tx) => {
    const org = loadOrganisation(tx, input.organisationId);
    assertDomainsFree(tx, [input.domain], "domain");
    tx.insert(organisationDomains).values({ domain: input.domain, organisationId: org.id }).run();
    recordAudit(
      {
        actorId: actor.id,
        action: "organisation.domain.add",
        targetType: "organisation",
        targetId: org.id,
        ip: actor.ip,
        details: { domain: input.domain },
      },
      tx,
    );
    return org;
  });
}

export function removeDomain(input: { organisationId: number; domain: string }, actor: AdminActor) {
  return writeTransaction(getDb(), (tx) => {
    const org = loadOrganisation(tx, input.organisationId);
    const removed = tx
      .delete(organisationDomains)
      .where(and(eq(organisationDomains.organisationId, org.id), eq(organisationDomains.domain, input.domain)))
      .run().changes;
    if (!removed) throw invalid("Not one of its domains.", { domain: [`${input.domain} is not a domain of ${org.name}.`] });
    recordAudit(
      {
        actorId: actor.id,
        action: "organisation.domain.remove",
        targetType: "organisation",
        targetId: org.id,
        ip: actor.ip,
        details: { domain: input.domain },
      },
      tx,
    );
    return org;
  });
}

type MergeInput = { organisationId: number; intoId: number };

/**
 * What merging `organisationId` into `intoId` would move, for the confirmation step; writes
 * nothing. Refuses a merge into itself (400) and an unknown organisation (404).
 */
export function mergeImpact(input: MergeInput, db: Db = getDb()) {
  if (input.organisationId === input.intoId) {
    throw invalid("Choose another organisation.", { intoId: ["An organisation cannot be merged into itself."] });
  }
  const from = loadOrganisation(db, input.organisationId);
  const into = loadOrganisation(db, input.intoId);
  const countOf = (table: typeof users | typeof eventPartners | typeof organisationDomains) =>
    db.select({ n: count() }).from(table).where(eq(table.organisationId, from.id)).get()!.n;
  return { from, into, people: countOf(users), partnerships: countOf(eventPartners), domains: countOf(organisationDomains) };
}

/** The confirmation step the page's `?merge=A&into=B` asks for, or null for a pair that cannot merge. */
export function mergeToConfirm(params: URLSearchParams) {
  const organisationId = Number(params.get("merge"));
  const intoId = Number(params.get("into"));
  if (!Number.isSafeInteger(organisationId) || !Number.isSafeInteger(intoId) || organisationId < 1 || intoId < 1) return null;
  try {
    return mergeImpact({ organisationId, intoId });
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}

/**
 * Merges `organisationId` (typically a name someone typed at sign-up) into `intoId`: the
 * people who named it now name the real one (so their notes and sessions show it as their
 * company), its event partnerships and any domains move, and then it is removed. Authorship
 * itself is by person and does not change. The page asks first (mergeImpact).
 */
export function mergeOrganisation(input: MergeInput, actor: AdminActor) {
  return writeTransaction(getDb(), (tx) => {
    const { from, into } = mergeImpact(input, tx);
    const people = tx.update(users).set({ organisationId: into.id }).where(eq(users.organisationId, from.id)).run().changes;
    const partnerships = tx
      .select({ eventId: eventPartners.eventId })
      .from(eventPartners)
      .where(eq(eventPartners.organisationId, from.id))
      .all();
    for (const { eventId } of partnerships) {
      tx.insert(eventPartners).values({ eventId, organisationId: into.id }).onConflictDoNothing().run();
    }
    const domains = tx
      .update(organisationDomains)
      .set({ organisationId: into.id })
      .where(eq(organisationDomains.organisationId, from.id))
      .returning({ domain: organisationDomains.domain })
      .all();
    tx.delete(organisations).where(eq(organisations.id, from.id)).run(); // cascades its old partnership rows
    recordAudit(
      {
        actorId: actor.id,
        action: "organisation.merge",
        targetType: "organisation",
        targetId: into.id,
        ip: actor.ip,
        details: {
          merged: from.name,
          mergedId: from.id,
          into: into.name,
          people,
          partnerships: partnerships.length,
          domains: domains.map((d) => d.domain),
        },
      },
      tx,
    );
    return { into, people, partnerships: partnerships.length };
  });
}
