// The admin console through the real server: organisations (create, rename, domains that
// are validated, lower-case and unique, merge), people (search, admin and may-create-events
// rights with the ADMIN_EMAILS bootstrap that cannot be locked out), and every page and
// action refused to everyone but admins, with nothing written.
import { describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { auditLog, eventPartners, noteAuthors, organisationDomains, organisations, users } from "#db/schema";
import { createNote } from "~/notes/create-note.server";
import { eraseAccount } from "~/privacy/delete-account.server";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const db = getDb();
const admin = await makeUser({ email: "admin@test.example", name: "Ada Admin" });
const adminClient = client(server.url, await sessionCookieFor(admin.id));

const totals = () => ({
  organisations: db.select({ n: count() }).from(organisations).get()!.n,
  domains: db.select({ n: count() }).from(organisationDomains).get()!.n,
  audit: db.select({ n: count() }).from(auditLog).get()!.n,
  admins: db.select({ n: count() }).from(users).where(eq(users.isAdmin, true)).get()!.n,
  creators: db.select({ n: count() }).from(users).where(eq(users.mayCreateEvents, true)).get()!.n,
  names: db
    .select({ name: organisations.name })
    .from(organisations)
    .all()
    .map((o) => o.name)
    .sort()
    .join("|"),
});
const orgByName = (name: string) => db.select().from(organisations).where(eq(organisations.name, name)).get();
const domainsOf = (organisationId: number) =>
  db
    .select({ d: organisationDomains.domain })
    .from(organisationDomains)
    .where(eq(organisationDomains.organisationId, organisationId))
    .all()
    .map((r) => r.d)
    .sort();
const lastAudit = () => db.select().from(auditLog).orderBy(auditLog.id).all().at(-1)!;
const post = (path: string, fields: Record<string, string>, who = adminClient) => who.post(path, fields);

describe("who may use the console", async () => {
  const plain = await makeUser({ name: "Paul Plain" });
  const organiser = await makeUser({ name: "Olga Organiser" });
  makeEvent({ organiserIds: [organiser.id] });
  const org = makeOrganisation("Guarded Org", "guarded.example");
  const roles = {
    anonymous: client(server.url),
    attendee: client(server.url, await sessionCookieFor(plain.id)),
    organiser: client(server.url, await sessionCookieFor(organiser.id)),
  };
  const pages = ["/admin", "/admin/organisations", "/admin/people", "/admin/audit"];
  const actions: [string, Record<string, string>][] = [
    ["/admin/organisations", { intent: "create-organisation", name: "Sneaky Org", domains: "sneaky.example" }],
    ["/admin/organisations", { intent: "rename", organisationId: String(org.id), name: "Renamed" }],
    ["/admin/organisations", { intent: "add-domain", organisationId: String(org.id), domain: "sneaky.example" }],
    ["/admin/organisations", { intent: "remove-domain", organisationId: String(org.id), domain: "guarded.example" }],
    ["/admin/organisations", { intent: "merge", organisationId: String(org.id), intoId: String(org.id + 1), confirm: "yes" }],
    ["/admin/people", { intent: "grant-admin", userId: String(plain.id) }],
    ["/admin/people", { intent: "revoke-admin", userId: String(admin.id) }],
    ["/admin/people", { intent: "grant-create-events", userId: String(plain.id) }],
    ["/admin/people", { intent: "revoke-create-events", userId: String(plain.id) }],
    ["/admin/people", { intent: "resend-verification", userId: String(plain.id) }],
  ];

  it("every page: anonymous to the login, others 403; the admin 200", async () => {
    for (const page of pages) {
      const anonymous = await roles.anonymous.get(page);
      expect(anonymous.status, page).toBe(302);
      expect(anonymous.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(page)}`);
      for (const who of [roles.attendee, roles.organiser]) {
        const refused = await who.get(page);
        expect(refused.status, page).toBe(403);
        expect(await refused.text()).toContain("Only administrators may do that.");
      }
      expect((await adminClient.get(page)).status, page).toBe(200);
    }
  });

  it("every action: refused to everyone but admins, and nothing is written", async () => {
    const before = totals();
    for (const [path, fields] of actions) {
      const anonymous = await roles.anonymous.post(path, fields);
      expect(anonymous.status, fields.intent).toBe(302);
      expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
      for (const who of [roles.attendee, roles.organiser]) expect((await who.post(path, fields)).status, fields.intent).toBe(403);
    }
    expect(totals()).toEqual(before);
    expect(domainsOf(org.id)).toEqual(["guarded.example"]);
  });

  it("the header links to the console for admins only", async () => {
    expect(await (await adminClient.get("/")).text()).toMatch(/<a[^>]*href="\/admin"[^>]*>Admin<\/a>/);
    for (const who of [roles.anonymous, roles.attendee, roles.organiser]) {
      expect(await (await who.get("/")).text()).not.toContain('href="/admin"');
    }
  });

  it("the overview leads to organisations, people, the audit log and the outbox", async () => {
    const html = await (await adminClient.get("/admin")).text();
    for (const href of ["/admin/organisations", "/admin/people", "/admin/audit", "/outbox"]) expect(html).toContain(`href="${href}"`);
  });
});

describe("organisations", () => {
  it("creates one with lower-case domains, audited", async () => {
    const response = await post("/admin/organisations", {
      intent: "create-organisation",
      name: "Cobalt Labs",
      domains: "Cobalt.Example, cobalt-labs.example",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/admin/organisations");
    const org = orgByName("Cobalt Labs")!;
    expect(domainsOf(org.id)).toEqual(["cobalt-labs.example", "cobalt.example"]);
    expect(lastAudit()).toMatchObject({ action: "organisation.create", actorId: admin.id, targetId: String(org.id) });
    const page = await (await adminClient.get("/admin/organisations")).text();
    expect(page).toContain("Organisation created.");
    expect(page).toContain("cobalt-labs.example");
  });

  it.each([
    ["not a domain", "Not a valid domain"],
    ["someone@cobalt.example", "Enter only the part after the @"],
    ["gmail.com", "A public mail provider proves nothing"],
    ["-bad-.example", "Not a valid domain"],
    ["http://web.example", "Not a valid domain"],
    ["localhost", "Not a valid domain"],
    ["", "Enter a domain"],
  ])("refuses the domain %j with a field message, writing nothing", async (domain, message) => {
    const org = makeOrganisation("Domain Target");
    const before = totals();
    const response = await post("/admin/organisations", { intent: "add-domain", organisationId: String(org.id), domain });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
    expect(totals()).toEqual(before);
  });

  it("refuses an invalid domain in the new-organisation form, creating nothing", async () => {
    const before = totals();
    const response = await post("/admin/organisations", {
      intent: "create-organisation",
      name: "Half Valid",
      domains: "good.example, bad_domain",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("bad_domain: Not a valid domain");
    expect(totals()).toEqual(before);
  });

  it("domains are unique across organisations: a clear message naming the owner, in any case", async () => {
    makeOrganisation("Owner Co", "owned.example");
    const other = makeOrganisation("Wannabe Co");
    const before = totals();
    const add = await post("/admin/organisations", { intent: "add-domain", organisationId: String(other.id), domain: "OWNED.example" });
    expect(add.status).toBe(409);
    expect(await add.text()).toContain("owned.example already belongs to Owner Co.");
    const create = await post("/admin/organisations", { intent: "create-organisation", name: "Copycat", domains: "owned.example" });
    expect(create.status).toBe(409);
    expect(await create.text()).toContain("owned.example already belongs to Owner Co.");
    expect(totals()).toEqual(before);
  });

  it("names are unique too (case-insensitive): rename or merge instead", async () => {
    makeOrganisation("Delta Systems");
    const before = totals();
    const response = await post("/admin/organisations", { intent: "create-organisation", name: "delta systems", domains: "" });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("“Delta Systems” already exists.");
    expect(totals()).toEqual(before);
  });

  it("renames, adds and removes a domain, each audited", async () => {
    const org = makeOrganisation("Epsilon", "epsilon.example");
    expect((await post("/admin/organisations", { intent: "rename", organisationId: String(org.id), name: "Epsilon Group" })).status).toBe(
      303,
    );
    expect(orgByName("Epsilon Group")?.id).toBe(org.id);
    expect(lastAudit()).toMatchObject({ action: "organisation.rename", details: { from: "Epsilon", to: "Epsilon Group" } });
    expect(
      (await post("/admin/organisations", { intent: "add-domain", organisationId: String(org.id), domain: "Epsilon-Group.example" }))
        .status,
    ).toBe(303);
    expect(domainsOf(org.id)).toEqual(["epsilon-group.example", "epsilon.example"]);
    expect(lastAudit()).toMatchObject({ action: "organisation.domain.add", details: { domain: "epsilon-group.example" } });
    expect(
      (await post("/admin/organisations", { intent: "remove-domain", organisationId: String(org.id), domain: "epsilon.example" })).status,
    ).toBe(303);
    expect(domainsOf(org.id)).toEqual(["epsilon-group.example"]);
    expect(lastAudit()).toMatchObject({ action: "organisation.domain.remove" });
    const missing = await post("/admin/organisations", {
      intent: "remove-domain",
      organisationId: String(org.id),
      domain: "epsilon.example",
    });
    expect(missing.status).toBe(400);
    const unknown = await post("/admin/organisations", { intent: "rename", organisationId: "999999", name: "Ghost" });
    expect(unknown.status).toBe(404);
  });

  it("merges a typed-in organisation into the real one: people, authorship display and partnerships move, every note keeps its authors", async () => {
    const real = makeOrganisation("Aurora Retail", "aurora-merge.example");
    // Someone signs up and types the company's name a little differently.
    const visitor = client(server.url);
    const signup = await visitor.post("/signup", {
      name: "Tia Typed",
      email: "tia@aurora-mail.example",
      password: "a long enough password",
      organisation: "aurora retail gmbh",
      jobRole: "Dev",
    });
    expect(signup.status).toBe(302);
    const tia = db.select().from(users).where(eq(users.email, "tia@aurora-mail.example")).get()!;
    const typed = db.select().from(organisations).where(eq(organisations.id, tia.organisationId!)).get()!;
    expect(typed.name).toBe("aurora retail gmbh");
    const coAuthor = await makeUser({ name: "Carl Coauthor" });
    const event = makeEvent({ partnerIds: [typed.id, real.id], organiserIds: [admin.id] });
    const otherEvent = makeEvent({ partnerIds: [typed.id] });
    const note = createNote({ eventId: event.id, title: "Merge-proof note", body: "Kept.", authorIds: [tia.id, coAuthor.id] });
    const soloNote = createNote({ eventId: event.id, title: "Tia's own note", body: "Mine.", authorIds: [tia.id] });
    const authorsBefore = db
      .select()
      .from(noteAuthors)
      .all()
      .sort((a, b) => a.noteId - b.noteId || a.userId - b.userId);
    expect(await (await client(server.url).get(`/notes/${soloNote.id}`)).text()).toContain("aurora retail gmbh");

    const self = await post("/admin/organisations", { intent: "merge", organisationId: String(typed.id), intoId: String(typed.id) });
    expect(self.status).toBe(400);
    expect(await self.text()).toContain("cannot be merged into itself");

    const response = await post("/admin/organisations", {
      intent: "merge",
      organisationId: String(typed.id),
      intoId: String(real.id),
      confirm: "yes",
    });
    expect(response.status).toBe(303);
    expect(db.select().from(organisations).where(eq(organisations.id, typed.id)).get()).toBeUndefined();
    expect(db.select().from(users).where(eq(users.id, tia.id)).get()!.organisationId).toBe(real.id);
    const partnersOf = (eventId: number) =>
      db
        .select({ o: eventPartners.organisationId })
        .from(eventPartners)
        .where(eq(eventPartners.eventId, eventId))
        .all()
        .map((p) => p.o);
    expect(partnersOf(event.id)).toEqual([real.id]);
    expect(partnersOf(otherEvent.id)).toEqual([real.id]);
    const authorsAfter = db
      .select()
      .from(noteAuthors)
      .all()
      .sort((a, b) => a.noteId - b.noteId || a.userId - b.userId);
    expect(authorsAfter).toEqual(authorsBefore);
    expect(
      authorsAfter
        .filter((a) => a.noteId === note.id)
        .map((a) => a.userId)
        .sort(),
    ).toEqual([tia.id, coAuthor.id].sort());
    const notePage = await (await client(server.url).get(`/notes/${soloNote.id}`)).text();
    expect(notePage).toContain("Aurora Retail");
    expect(notePage).not.toContain("aurora retail gmbh");
    expect(lastAudit()).toMatchObject({
      action: "organisation.merge",
      targetId: String(real.id),
      details: { merged: "aurora retail gmbh", people: 1, partnerships: 2 },
    });
    const page = await (await adminClient.get("/admin/organisations")).text();
    expect(page).toContain("Organisations merged");
    expect(page).toContain(event.title);
  });

  it("counts members by the membership rule (a verified address on a domain), apart from people who named it", async () => {
    const org = makeOrganisation("Counted Co", "counted.example");
    await makeUser({ email: "unverified@counted.example", organisationId: org.id, verified: false });
    await makeUser({ email: "typed@elsewhere.example", organisationId: org.id });
    const html = await (await adminClient.get("/admin/organisations")).text();
    const card = html.slice(html.indexOf(`id="org-${org.id}"`), html.indexOf(`id="org-${org.id}"`) + 400);
    expect(card).toContain("0 members (verified address on its domains) · 2 named it on their profile");
  });
});

describe("people", () => {
  it("finds people by name, e-mail or organisation", async () => {
    const org = makeOrganisation("Zephyr Works");
    await makeUser({ name: "Quentin Quest", email: "qq@findme.example" });
    await makeUser({ name: "Rita Role", organisationId: org.id });
    const search = async (q: string) => (await adminClient.get(`/admin/people?q=${encodeURIComponent(q)}`)).text();
    expect(await search("quentin")).toContain("qq@findme.example");
    expect(await search("FINDME.example")).toContain("Quentin Quest");
    const byOrg = await search("zephyr");
    expect(byOrg).toContain("Rita Role");
    expect(byOrg).not.toContain("Quentin Quest");
    expect(await search("%")).not.toContain("Quentin Quest");
  });

  it("grants and revokes may-create-events: stored, audited, and honoured by the event form", async () => {
    const person = await makeUser({ name: "Cora Creator" });
    const browser = client(server.url, await sessionCookieFor(person.id));
    expect((await browser.get("/events/new")).status).toBe(403);
    expect((await post("/admin/people", { intent: "grant-create-events", userId: String(person.id) })).status).toBe(303);
    expect(db.select().from(users).where(eq(users.id, person.id)).get()!.mayCreateEvents).toBe(true);
    expect(lastAudit()).toMatchObject({ action: "create-events.grant", targetId: String(person.id) });
    expect((await browser.get("/events/new")).status).toBe(200);
    expect(await (await browser.get("/")).text()).toContain('href="/events/new"');
    expect((await post("/admin/people", { intent: "revoke-create-events", userId: String(person.id) })).status).toBe(303);
    expect(lastAudit()).toMatchObject({ action: "create-events.revoke" });
    expect((await browser.get("/events/new")).status).toBe(403);
  });

  it("grants and revokes admin, audited", async () => {
    const person = await makeUser({ name: "Greta Granted" });
    expect((await post("/admin/people", { intent: "grant-admin", userId: String(person.id) })).status).toBe(303);
    expect(db.select().from(users).where(eq(users.id, person.id)).get()!.isAdmin).toBe(true);
    expect(lastAudit()).toMatchObject({ action: "admin.grant", actorId: admin.id, targetId: String(person.id) });
    expect(await (await adminClient.get("/admin/people?q=greta")).text()).toContain("Revoke admin");
    expect((await post("/admin/people", { intent: "revoke-admin", userId: String(person.id) })).status).toBe(303);
    expect(db.select().from(users).where(eq(users.id, person.id)).get()!.isAdmin).toBe(false);
    expect(lastAudit()).toMatchObject({ action: "admin.revoke" });
  });

  it("an ADMIN_EMAILS admin cannot be revoked in the console", async () => {
    const before = totals();
    const response = await post("/admin/people", { intent: "revoke-admin", userId: String(admin.id) });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("is an admin through ADMIN_EMAILS");
    expect(totals()).toEqual(before);
    expect((await adminClient.get("/admin")).status).toBe(200);
  });

  it("bad input: 400 with a message, nothing written", async () => {
    const before = totals();
    for (const fields of [
      { intent: "grant-admin", userId: "abc" },
      { intent: "make-god", userId: String(admin.id) },
      { intent: "grant-admin" },
    ]) {
      expect((await post("/admin/people", fields as Record<string, string>)).status).toBe(400);
    }
    expect((await post("/admin/people", { intent: "grant-admin", userId: "999999" })).status).toBe(404);
    expect(totals()).toEqual(before);
  });

  it("shows each person's verification state", async () => {
    await makeUser({ name: "Uma Unverified", email: "uma@state.example", verified: false });
    const html = await (await adminClient.get("/admin/people?q=uma")).text();
    expect(html).toContain("Address not verified");
    expect(html).toContain("Send verification link");
  });

  it("nobody revokes their own admin right when no other admin would be left", async () => {
    const granted = await makeUser({ name: "Lara Last" });
    expect((await post("/admin/people", { intent: "grant-admin", userId: String(granted.id) })).status).toBe(303);
    const self = client(server.url, await sessionCookieFor(granted.id));
    // The only other admin is the ADMIN_EMAILS account: erased, nobody else is left (last test
    // of the file, since the others act as that admin).
    eraseAccount(admin.id);
    const before = totals();
    const response = await self.post("/admin/people", { intent: "revoke-admin", userId: String(granted.id) });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("You are the last admin");
    expect(totals()).toEqual(before);
  });
});
