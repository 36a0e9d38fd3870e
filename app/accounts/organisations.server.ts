// Which company a person belongs to: by e-mail domain when one is registered,
// else the organisation they typed (found by name, or created).
import { eq, sql } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import { organisationDomains, organisations } from "#db/schema";
import { slugify } from "~/utils/slug";

export function emailDomain(email: string) {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

export function findOrganisationByEmail(email: string) {
  const db = getDb();
  const row = db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisationDomains)
    .innerJoin(organisations, eq(organisations.id, organisationDomains.organisationId))
    .where(eq(organisationDomains.domain, emailDomain(email)))
    .get();
  return row ?? null;
}

/** The organisation for a new member: by domain first, else by the typed name. */
export function resolveOrganisation(email: string, typedName?: string | null) {
  const byDomain = findOrganisationByEmail(email);
  if (byDomain) return byDomain;
  const name = typedName?.trim();
  if (!name) return null;
  return findOrCreateOrganisation(name);
}

export function findOrCreateOrganisation(name: string) {
  const db = getDb();
  const existing = db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(sql`lower(${organisations.name}) = lower(${name})`)
    .get();
  if (existing) return existing;
  return db
    .insert(organisations)
    .values({ name, slug: uniqueOrganisationSlug(name) })
    .returning({ id: organisations.id, name: organisations.name })
    .get();
}

/** A slug no organisation has yet: the name's, else with -2, -3… */
export function uniqueOrganisationSlug(name: string, db: Db = getDb()) {
  const base = slugify(name) || "organisation";
  let slug = base;
  for (let n = 2; db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, slug)).get(); n++) {
    slug = `${base}-${n}`;
  }
  return slug;
}

export function listOrganisations() {
  return getDb()
    .select({ id: organisations.id, name: organisations.name, slug: organisations.slug })
    .from(organisations)
    .orderBy(organisations.name)
    .all();
}

export function createOrganisation(input: { name: string; domains: string[] }) {
  return writeTransaction(getDb(), (tx) => {
    const org = tx
      .insert(organisations)
      .values({ name: input.name, slug: uniqueOrganisationSlug(input.name, tx) })
      .returning()
      .get();
    for (const domain of input.domains) {
      tx.insert(organisationDomains).values({ domain: domain.toLowerCase(), organisationId: org.id }).run();
    }
    return org;
  });
}
