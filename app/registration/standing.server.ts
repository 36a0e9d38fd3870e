// Where a signed-in person stands for an event's registration, in terms they can act on
// (issue 13, part 6): a proven member of a partner registers directly; an address on a
// partner's domain waits for verification; anyone else sends an interest request, and is
// told which domains the partners have and that an organiser can send an invitation link.
import { asc, eq } from "drizzle-orm";
import { getDb, type Db } from "#db/client";
import { eventPartners, organisationDomains, organisations } from "#db/schema";
import { emailDomain } from "~/accounts/organisations.server";
import { isPartnerMember } from "~/registration/registrations.server";
import { awaitsVerificationFor } from "~/registration/verified-members.server";

export type PartnerWithDomains = { name: string; domains: string[] };

export type RegistrationStanding =
  | { kind: "member" }
  | { kind: "verify-address"; domain: string }
  | { kind: "interest-request"; domain: string; partners: PartnerWithDomains[] };

export function partnersWithDomains(eventId: number, db: Db = getDb()): PartnerWithDomains[] {
  const rows = db
    .select({ id: organisations.id, name: organisations.name, domain: organisationDomains.domain })
    .from(eventPartners)
    .innerJoin(organisations, eq(organisations.id, eventPartners.organisationId))
    .leftJoin(organisationDomains, eq(organisationDomains.organisationId, organisations.id))
    .where(eq(eventPartners.eventId, eventId))
    .orderBy(asc(organisations.name), asc(organisationDomains.domain))
    .all();
  const byId = new Map<number, PartnerWithDomains>();
  for (const row of rows) {
    const partner = byId.get(row.id) ?? { name: row.name, domains: [] };
    if (row.domain) partner.domains.push(row.domain);
    byId.set(row.id, partner);
  }
  return [...byId.values()];
}

export function registrationStanding(eventId: number, user: { id: number; email: string }, db: Db = getDb()): RegistrationStanding {
  if (isPartnerMember(db, eventId, user.id)) return { kind: "member" };
  const domain = emailDomain(user.email);
  if (awaitsVerificationFor(db, eventId, user.id)) return { kind: "verify-address", domain };
  return { kind: "interest-request", domain, partners: partnersWithDomains(eventId, db) };
}
