// Check-in at the door (issue 17.3): the attendee search matches names, and e-mail
// addresses only when the whole address is typed, so "bea" finds Bea, not everyone at
// beacon.example. After a check-in the page says "<Name> checked in".
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, registrations } from "#db/schema";
import { eq } from "drizzle-orm";
import { listAttendees } from "~/registration/attendees.server";
import { registerForEvent } from "~/registration/registrations.server";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const beacon = makeOrganisation("Beacon Door", "beacondoor.example");
const organiser = await makeUser({ name: "Olu Organiser" });
const event = makeEvent({ capacity: 20, partnerIds: [beacon.id], organiserIds: [organiser.id] });
const people: Awaited<ReturnType<typeof makeUser>>[] = [];
for (const name of ["Bea Attendee", "Carl Colleague", "Dana Developer", "Émile Béart"]) {
  const local = name
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .replace(" ", ".");
  const user = await makeUser({ name, email: `${local}@beacondoor.example`, organisationId: beacon.id });
  registerForEvent({ eventId: event.id, userId: user.id, answers: {}, consent: true });
  people.push(user);
}
const names = (q: string) => listAttendees(event.id, { q }).rows.map((r) => r.name);

describe("attendee search (domain)", () => {
  it("matches names, not the e-mail domain", () => {
    expect(names("bea")).toEqual(["Bea Attendee", "Émile Béart"]);
    expect(names("beacondoor")).toEqual([]);
    expect(names("@beacondoor.example")).toEqual([]);
    expect(names("carl.colleague")).toEqual([]);
    expect(listAttendees(event.id, { q: "beacondoor" }).matching).toBe(0);
  });

  it("finds a person by their full address, in any case", () => {
    expect(names("dana.developer@beacondoor.example")).toEqual(["Dana Developer"]);
    expect(names("  Dana.Developer@BeaconDoor.example ")).toEqual(["Dana Developer"]);
  });
});

describe("check-in from the list (HTTP)", () => {
  it("says '<Name> checked in', and records it", async () => {
    const browser = client(server.url, await sessionCookieFor(organiser.id));
    const search = await (await browser.get(`/events/${event.slug}/attendees?q=bea`)).text();
    expect(search).toContain("Bea Attendee");
    expect(search).not.toContain("Carl Colleague");
    const bea = getDb().select().from(registrations).where(eq(registrations.userId, people[0].id)).get()!;

    const enhanced = await browser.post(
      `/events/${event.slug}/attendees?q=bea&_data=${encodeURIComponent("routes/events.$slug.attendees")}`,
      { intent: "check-in", registrationId: String(bea.id), _js: "1" },
    );
    expect(enhanced.status).toBe(200);
    const body = await enhanced.text();
    expect(JSON.parse(body), body.slice(0, 300)).toEqual({
      ok: true,
      intent: "check-in",
      targetId: bea.id,
      fieldErrors: {},
      message: "Bea Attendee checked in.",
    });
    expect(getDb().select().from(registrations).where(eq(registrations.id, bea.id)).get()!.checkedInAt).toBeInstanceOf(Date);

    const carl = getDb().select().from(registrations).where(eq(registrations.userId, people[1].id)).get()!;
    const plain = await browser.post(`/events/${event.slug}/attendees?q=carl`, { intent: "check-in", registrationId: String(carl.id) });
    expect(plain.status).toBe(303);
    const after = await (await browser.get(plain.headers.get("Location")!)).text();
    expect(after).toContain("Carl Colleague checked in.");
    expect(after).not.toContain("Confirmed.");
    const audited = getDb()
      .select()
      .from(auditLog)
      .where(eq(auditLog.targetId, String(carl.id)))
      .all()
      .filter((a) => a.action.startsWith("registration."));
    expect(audited.map((a) => a.action)).toEqual(["registration.check-in"]);
  });
});
