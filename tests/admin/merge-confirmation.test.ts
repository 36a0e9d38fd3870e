// Review of 7 Dec 2026, finding 7: merging organisations asks first. The first post (from and
// into) writes nothing and leads to a confirmation step that names what moves; only its post
// (confirm=yes) merges, audited. Cancel goes back to the page without the step.
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, eventPartners, organisationDomains, organisations, users } from "#db/schema";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const db = getDb();
const admin = await makeUser({ email: "admin@test.example", name: "Ada Admin" });
const adminClient = client(server.url, await sessionCookieFor(admin.id));
const PAGE = "/admin/organisations";

const snapshot = () => ({
  organisations: db.select().from(organisations).all(),
  domains: db.select().from(organisationDomains).all(),
  partners: db.select().from(eventPartners).all(),
  people: db.select({ id: users.id, organisationId: users.organisationId }).from(users).all(),
  audit: db.select({ n: count() }).from(auditLog).get()!.n,
});

/** A typed-in name with two people, one domain and two partnerships, and the real organisation. */
async function typedAndReal(name: string) {
  const typed = makeOrganisation(`${name} typed`, `${name.toLowerCase()}-typed.example`);
  const real = makeOrganisation(`${name} Corporation`, `${name.toLowerCase()}.example`);
  for (const name of ["Gil", "Gert"]) await makeUser({ name, organisationId: typed.id });
  makeEvent({ partnerIds: [typed.id] });
  makeEvent({ partnerIds: [typed.id, real.id] });
  return { typed, real };
}

describe("merging organisations, in two steps", () => {
  it("the first post writes nothing and leads to the confirmation, which names what moves", async () => {
    const { typed, real } = await typedAndReal("Globex");
    const before = snapshot();
    const first = await adminClient.post(PAGE, { intent: "merge", organisationId: String(typed.id), intoId: String(real.id) });
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe(`${PAGE}?merge=${typed.id}&into=${real.id}`);
    expect(snapshot()).toEqual(before);

    const step = await (await adminClient.get(first.headers.get("location")!)).text();
    expect(step).toContain("Merge “Globex typed” into “Globex Corporation”?");
    expect(step).toContain(
      "2 people, 2 event partnerships and 1 e-mail domain move from “Globex typed” to “Globex Corporation”; “Globex typed” is deleted.",
    );
    expect(step).toMatch(/<button[^>]*>Merge “Globex typed” into “Globex Corporation”<\/button>/);
    expect(step).toMatch(new RegExp(`<a[^>]*href="${PAGE}"[^>]*>Cancel</a>`));
    expect(step).toMatch(/<input type="hidden" name="confirm" value="yes"\/>/);
    expect(snapshot()).toEqual(before);
  });

  it("the confirmed post merges, audited", async () => {
    const { typed, real } = await typedAndReal("Initech");
    const response = await adminClient.post(PAGE, {
      intent: "merge",
      organisationId: String(typed.id),
      intoId: String(real.id),
      confirm: "yes",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(PAGE);
    expect(db.select().from(organisations).where(eq(organisations.id, typed.id)).get()).toBeUndefined();
    expect(
      db
        .select({ o: organisationDomains.organisationId })
        .from(organisationDomains)
        .where(eq(organisationDomains.domain, "initech-typed.example"))
        .get(),
    ).toEqual({ o: real.id });
    const audit = db.select().from(auditLog).orderBy(auditLog.id).all().at(-1)!;
    expect(audit).toMatchObject({
      action: "organisation.merge",
      targetId: String(real.id),
      details: { merged: "Initech typed", people: 2, partnerships: 2 },
    });
  });

  it("a step for a pair that cannot merge shows no confirmation; a bad first post says why and writes nothing", async () => {
    const { typed } = await typedAndReal("Umbrella");
    const before = snapshot();
    for (const query of [`?merge=${typed.id}&into=${typed.id}`, `?merge=${typed.id}&into=999999`, "?merge=abc&into=1"]) {
      const page = await adminClient.get(`${PAGE}${query}`);
      expect(page.status, query).toBe(200);
      expect(await page.text(), query).not.toContain('name="confirm"');
    }
    const self = await adminClient.post(PAGE, { intent: "merge", organisationId: String(typed.id), intoId: String(typed.id) });
    expect(self.status).toBe(400);
    expect(await self.text()).toContain("An organisation cannot be merged into itself.");
    const unknown = await adminClient.post(PAGE, { intent: "merge", organisationId: String(typed.id), intoId: "999999" });
    expect(unknown.status).toBe(404);
    expect(snapshot()).toEqual(before);
  });
});
