// The organiser's dashboard and the Publish button (issue 17.5) through the real server:
// people register through the real form, the organiser decides and checks in through the
// attendee list, and the dashboard's figures are the attendee list's and the outbox's.
import { describe, expect, it } from "vitest";
import { and, count, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { auditLog, events, outbox } from "#db/schema";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const partner = makeOrganisation("Dashboard Partner", "dashpartner.example");
const signedIn = async (userId: number) => client(server.url, await sessionCookieFor(userId));
/** Page text without React's text separators. */
const textOf = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "");
/** The figure after a dashboard label: `…>Requests waiting for review</span><span …>3</span>`. */
const figure = (html: string, label: string) =>
  html.match(new RegExp(`>${label.replace(/[()]/g, "\\$&")}</span><span[^>]*>([^<>]+)</span>`))?.[1];

async function register(userId: number, slug: string) {
  const response = await (
    await signedIn(userId)
  ).post(`/events/${slug}/register`, { intent: "register", jobRole: "Engineer", consent: "on" });
  expect(response.status).toBe(302);
}

describe("the organiser's dashboard", () => {
  it("shows the attendee list's counts, reached through the real registration paths, with links", async () => {
    const organiser = await makeUser({ name: "Olu Organiser" });
    const event = makeEvent({ capacity: 2, partnerIds: [partner.id], organiserIds: [organiser.id] });
    const members = [];
    for (const name of ["Mia", "Max", "Mo"])
      members.push(await makeUser({ name: `${name} Member`, email: `${name.toLowerCase()}.${event.id}@dashpartner.example` }));
    const guests = [await makeUser({ name: "Gil Guest" }), await makeUser({ name: "Gus Guest" })];
    for (const person of [...members, ...guests]) await register(person.id, event.slug);

    const org = await signedIn(organiser.id);
    const list = `/events/${event.slug}/attendees`;
    const listPage = await textOf(await org.get(list));
    const registrationId = Number(listPage.match(/name="registrationId" value="(\d+)"/)![1]);
    expect((await org.post(list, { intent: "check-in", registrationId: String(registrationId) })).status).toBe(303);

    const attendees = await textOf(await org.get(list));
    expect(attendees).toContain("2 of 2 confirmed · 0 free · 1 checked in");
    expect(attendees).toContain("Pending review 2");
    expect(attendees).toContain("Waiting list 1");

    const page = await textOf(await org.get(`/events/${event.slug}`));
    expect(figure(page, "Requests waiting for review")).toBe("2");
    expect(figure(page, "On the waiting list")).toBe("1");
    expect(figure(page, "Seats taken")).toBe("2 / 2");
    expect(figure(page, "Checked in")).toBe("1 / 2");
    const queued = getDb()
      .select({ n: count() })
      .from(outbox)
      .where(and(eq(outbox.eventId, event.id), eq(outbox.status, "queued")))
      .get()!.n;
    expect(queued).toBeGreaterThanOrEqual(5); // one registration e-mail each
    expect(figure(page, "Mail not sent yet")).toBe(String(queued));
    expect(page).toContain(`href="${list}?status=pending"`);
    expect(page).toContain(`href="${list}?status=waitlisted"`);
    expect(page).toContain(`href="/outbox?event=${event.slug}&amp;status=queued"`);
    expect(page).toContain(`href="/events/${event.slug}/schedule/setup"`); // "Rooms & slots" (a mixed event has a schedule)

    // The outbox page filtered to this event shows the same number.
    const mail = await textOf(await org.get(`/outbox?event=${event.slug}&status=queued`));
    expect(mail).toContain(`Queued ${queued}`);

    // Attendees see neither the dashboard nor its figures.
    const attendeeView = await textOf(await (await signedIn(members[0].id)).get(`/events/${event.slug}`));
    expect(attendeeView).not.toContain("Requests waiting for review");
    expect(attendeeView).not.toContain("Rooms &amp; slots");
  });
});

describe("the Publish button", () => {
  it("publishes a draft from the event page, once, audited; attendees cannot", async () => {
    const organiser = await makeUser({ name: "Pat Publisher" });
    const event = makeEvent({ status: "draft", organiserIds: [organiser.id] });
    const org = await signedIn(organiser.id);
    const draft = await textOf(await org.get(`/events/${event.slug}`));
    expect(draft).toContain("This event is a draft");
    expect(draft).toMatch(/<button[^>]*>Publish<\/button>/);

    const stranger = await makeUser();
    expect((await (await signedIn(stranger.id)).post(`/events/${event.slug}?index`, { intent: "publish" })).status).toBe(404);
    expect((await org.post(`/events/${event.slug}?index`, { intent: "nonsense" })).status).toBe(400);
    expect(getDb().select().from(events).where(eq(events.id, event.id)).get()!.status).toBe("draft");

    const published = await org.post(`/events/${event.slug}?index`, { intent: "publish" });
    expect(published.status).toBe(303);
    expect(published.headers.get("location")).toBe(`/events/${event.slug}`);
    const row = getDb().select().from(events).where(eq(events.id, event.id)).get()!;
    expect(row.status).toBe("published");
    expect(row.sequence).toBe(event.sequence + 1);
    const after = await textOf(await org.get(`/events/${event.slug}`));
    expect(after).toContain("The event is published: everyone can see it now.");
    expect(after).not.toContain("This event is a draft");
    expect(
      getDb()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.eventId, event.id), eq(auditLog.action, "event.publish")))
        .all(),
    ).toHaveLength(1);

    // Publishing again is refused with a reason; nothing more is written.
    const again = await org.post(`/events/${event.slug}?index`, { intent: "publish" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("Only a draft can be published");
    expect(
      getDb()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.eventId, event.id), eq(auditLog.action, "event.publish")))
        .all(),
    ).toHaveLength(1);
  });
});
