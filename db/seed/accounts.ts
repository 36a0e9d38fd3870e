import type { Db } from "../client";
import { organisationDomains, organisations, passwords, users } from "../schema";
import { hashPassword } from "~/accounts/password.server";

export async function seedAccounts(db: Db, password: string) {
  const hash = await hashPassword(password);
  const aurora = db.insert(organisations).values({ name: "Aurora Retail", slug: "aurora-retail" }).returning().get();
  const beacon = db.insert(organisations).values({ name: "Beacon Media", slug: "beacon-media" }).returning().get();
  db.insert(organisationDomains).values({ domain: "aurora.example", organisationId: aurora.id }).run();
  db.insert(organisationDomains).values({ domain: "beacon.example", organisationId: beacon.id }).run();

  // The demo accounts' addresses count as verified (their link would have been clicked).
  const emailVerifiedAt = new Date();
  const person = (email: string, name: string, organisationId: number, jobRole: string) => {
    const user = db.insert(users).values({ email, name, organisationId, jobRole, emailVerifiedAt }).returning().get();
    db.insert(passwords).values({ userId: user.id, hash }).run();
    return user;
  };
  const admin = person("admin@aurora.example", "Ada Admin", aurora.id, "Engineering manager");
  const organiser = person("organiser@aurora.example", "Olu Organiser", aurora.id, "Staff engineer");
  const attendee = person("attendee@beacon.example", "Bea Attendee", beacon.id, "Backend engineer");
  // A few more people, so boards and lists look lived-in (they cannot log in: no password).
  const extras = [
    ["mira@aurora.example", "Mira Lindqvist", aurora.id, "Frontend engineer"],
    ["jonas@aurora.example", "Jonas Weber", aurora.id, "SRE"],
    ["priya@beacon.example", "Priya Raman", beacon.id, "Data engineer"],
    ["tom@beacon.example", "Tom Okafor", beacon.id, "Engineering lead"],
  ].map(([email, name, org, role]) =>
    db
      .insert(users)
      .values({ email: email as string, name: name as string, organisationId: org as number, jobRole: role as string, emailVerifiedAt })
      .returning()
      .get(),
  );
  return { aurora, beacon, admin, organiser, attendee, extras };
}
