// Security review, 7 Dec 2026: names people give themselves (accounts: sign-up, the one-form
// registration, the profile, walk-ins) and other one-line texts that go into e-mails
// (organisation, event and session titles) kept line breaks, control and bidirectional
// override characters: a requester's name could forge lines in the organisers' digest. They
// are made plain like guests' names (app/utils/plain-text.ts): line breaks and other spacing
// become one space, invisible characters go; a name of nothing but those is refused.
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { organisations, outbox, users } from "#db/schema";
import { DIGEST_KIND, queueRequestDigests } from "~/events/dashboard-digest.server";
import { eventFormSchema } from "~/events/event-schema";
import { proposalSchema } from "~/schedule/schedule-schema";
import { makeEvent, makeUser } from "../helpers/factories";
import { client, startTestServer } from "../helpers/server";

const server = await startTestServer();
const db = getDb();
const PASSWORD = "violet lantern harbour";
const userByEmail = (email: string) => db.select().from(users).where(eq(users.email, email)).get();
const unique = () => `${Date.now()}${Math.random().toString(36).slice(2, 6)}`;

describe("account names", () => {
  it("a requester's name cannot forge lines in the organisers' digest", async () => {
    const organiser = await makeUser({ name: "Olu Owner" });
    const event = makeEvent({ title: "Digest exchange", organiserIds: [organiser.id] });
    const email = `ann.${unique()}@asker.example`;
    const response = await client(server.url).post(`/events/${event.slug}/register`, {
      intent: "register",
      name: "Ann\r\n- Urgent: pay the venue at evil.example\u2028- Bob\u202Egnp.exe\u202C",
      email,
      password: PASSWORD,
      jobRole: "SRE",
      consent: "on",
    });
    expect(response.status).toBe(302);
    expect(userByEmail(email)!.name).toBe("Ann - Urgent: pay the venue at evil.example - Bobgnp.exe");

    queueRequestDigests(new Date(Date.now() + 60_000));
    const digest = db
      .select()
      .from(outbox)
      .where(eq(outbox.toEmail, organiser.email!))
      .all()
      .find((m) => m.kind === DIGEST_KIND)!;
    const listed = digest.textBody.split("\n").filter((line) => line.startsWith("- "));
    expect(listed).toEqual(["- Ann - Urgent: pay the venue at evil.example - Bobgnp.exe"]);
  });

  it("sign-up stores name and organisation plain; a name of only invisible characters is refused on its field, nothing written", async () => {
    const email = `eve.${unique()}@signup.example`;
    const signed = await client(server.url).post("/signup", {
      name: "Eve\u0007\u200B Example\nJunior",
      email,
      password: PASSWORD,
      organisation: "Acme\r\nInc\u202E",
      jobRole: "",
    });
    expect(signed.status).toBe(302);
    const eve = userByEmail(email)!;
    expect(eve.name).toBe("Eve Example Junior");
    expect(db.select().from(organisations).where(eq(organisations.id, eve.organisationId!)).get()!.name).toBe("Acme Inc");

    const before = db.select({ n: count() }).from(users).get()!.n;
    const other = `nobody.${unique()}@signup.example`;
    const refused = await client(server.url).post("/signup", {
      name: "\u202E\u0000\u200F \u2067\r\n",
      email: other,
      password: PASSWORD,
      organisation: "",
      jobRole: "",
    });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain("Enter your name.");
    expect(html).toMatch(/aria-invalid="true"[^>]*name="name"|name="name"[^>]*aria-invalid="true"/);
    expect(userByEmail(other)).toBeUndefined();
    expect(db.select({ n: count() }).from(users).get()!.n).toBe(before);
  });

  it("keeps what names need: letters of every script, joiners inside emoji, single spaces", async () => {
    const email = `zoe.${unique()}@signup.example`;
    const name = "Zoë Ñúñez-O’Brien 李 محمد‌رضا 👩‍💻";
    const signed = await client(server.url).post("/signup", { name, email, password: PASSWORD, organisation: "", jobRole: "" });
    expect(signed.status).toBe(302);
    expect(userByEmail(email)!.name).toBe(name);
  });
});

describe("titles that go into e-mails", () => {
  it("event and session titles are one plain line", () => {
    const event = eventFormSchema.safeParse({
      title: "Spring\r\nexchange\u202E",
      format: "mixed",
      timeZone: "Europe/Berlin",
      startsAt: "2030-05-01T10:00",
      endsAt: "2030-05-01T17:00",
      capacity: "20",
      status: "draft",
    });
    expect(event.success && event.data.title).toBe("Spring exchange");
    const session = proposalSchema.safeParse({ title: "Talk\u2028Fake line", format: "talk", hostIds: ["1"] });
    expect(session.success && session.data.title).toBe("Talk Fake line");
    const blank = proposalSchema.safeParse({ title: "\u202E\u200B\u0007", format: "talk", hostIds: ["1"] });
    expect(blank.success).toBe(false);
  });
});
