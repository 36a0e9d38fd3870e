// Post/redirect/get on the organisers' attendee list: a plain decision (no JavaScript)
// answers 303 back to the same list (filters and page kept), which shows the outcome once; a
// refused one stays a 4xx with its message and writes nothing; the rows' fetcher (`_js=1`)
// still gets the message as data.
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, registrations } from "#db/schema";
import { registerForEvent } from "~/registration/registrations.server";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const partner = makeOrganisation("Prg Partner", "prgpartner.example");
const answer = (userId: number, eventId: number) => registerForEvent({ eventId, userId, answers: {}, consent: true }).registration;
const rowOf = (id: number) => getDb().select().from(registrations).where(eq(registrations.id, id)).get()!;
const audits = () => getDb().select({ n: count() }).from(auditLog).get()!.n;
const locationOf = (res: Response) => res.headers.get("Location")?.replace(server.url, "");

async function setup(capacity = 10) {
  const organiser = await makeUser();
  const event = makeEvent({ capacity, organiserIds: [organiser.id], partnerIds: [partner.id] });
  const guest = await makeUser({ name: "Gustav Gast" });
  const member = await makeUser({ name: "Mona Member", email: `mona-${event.id}@prgpartner.example`, organisationId: partner.id });
  const pending = answer(guest.id, event.id);
  const confirmed = answer(member.id, event.id);
  const browser = client(server.url, await sessionCookieFor(organiser.id));
  return { organiser, event, pending, confirmed, browser, list: `/events/${event.slug}/attendees` };
}

describe("attendee decisions without JavaScript", () => {
  it("each decision answers 303 to the same list (filters kept); the next GET shows the outcome once", async () => {
    const { pending, confirmed, browser, list } = await setup();
    expect(rowOf(pending.id).status).toBe("pending");
    expect(rowOf(confirmed.id).status).toBe("confirmed");

    const filtered = `${list}?status=pending&q=gustav`;
    const approve = await browser.post(filtered, { intent: "approve", registrationId: String(pending.id) });
    expect(approve.status).toBe(303);
    expect(locationOf(approve)).toBe(filtered);
    expect(rowOf(pending.id).status).toBe("confirmed");
    const page = await browser.get(filtered);
    expect(page.status).toBe(200);
    // The person and their new state, as the JavaScript reply says it.
    expect(await page.text()).toContain("Gustav Gast: Confirmed.");
    expect(await (await browser.get(filtered)).text()).not.toContain("Gustav Gast: Confirmed.");

    for (const [intent, id, message] of [
      ["check-in", confirmed.id, "Mona Member checked in."],
      ["undo-check-in", confirmed.id, "Mona Member: Confirmed. Check-in undone."],
      ["waitlist", pending.id, "Gustav Gast: Waiting list #1."],
      ["decline", pending.id, "Gustav Gast: Declined."],
    ] as const) {
      const res = await browser.post(list, { intent, registrationId: String(id) });
      expect(res.status, intent).toBe(303);
      expect(locationOf(res)).toBe(list);
      expect(await (await browser.get(list)).text()).toContain(message);
    }
    expect(rowOf(confirmed.id).checkedInAt).toBeNull();
    expect(rowOf(pending.id).status).toBe("declined");
  });

  it("approving into a full event says the person is on the waiting list", async () => {
    const { pending, browser, list } = await setup(1);
    const res = await browser.post(list, { intent: "approve", registrationId: String(pending.id) });
    expect(res.status).toBe(303);
    expect(rowOf(pending.id).status).toBe("waitlisted");
    expect(await (await browser.get(list)).text()).toContain("Gustav Gast: Waiting list #1. Approved, but the event is full.");
  });

  it("refused posts stay 4xx with the message in the page, no redirect, nothing written", async () => {
    const { pending, browser, list } = await setup();
    // Signing people up (and verifying their address) is audited: done before counting.
    const [someone, attendeeUser] = [await makeUser(), await makeUser()];
    const before = audits();

    const bad = await browser.post(list, { intent: "delete-everything", registrationId: String(pending.id) });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("Location")).toBeNull();
    expect(await bad.text()).toContain("Choose an action and a registration.");

    // Another event's registration through this event's list (IDOR): 404 in place.
    const other = makeEvent({ partnerIds: [partner.id] });
    const theirs = answer(someone.id, other.id);
    const idor = await browser.post(list, { intent: "approve", registrationId: String(theirs.id) });
    expect(idor.status).toBe(404);
    expect(idor.headers.get("Location")).toBeNull();
    expect(rowOf(theirs.id).status).toBe("pending");

    // Not an organiser of this event: 403.
    const attendee = client(server.url, await sessionCookieFor(attendeeUser.id));
    expect((await attendee.post(list, { intent: "approve", registrationId: String(pending.id) })).status).toBe(403);

    expect(rowOf(pending.id).status).toBe("pending");
    expect(audits()).toBe(before);
  });

  it("a flash naming another event's registration shows only the general message, never that person", async () => {
    const { organiser, list } = await setup();
    const other = makeEvent({ partnerIds: [partner.id] });
    const theirs = answer((await makeUser({ name: "Secret Sigrid" })).id, other.id);
    // The flash cookie is not signed: forge one as a curious organiser could.
    const forged = encodeURIComponent(btoa(JSON.stringify(`registration-approved:${theirs.id}`)));
    const browser = client(server.url, `${await sessionCookieFor(organiser.id)}; kx_flash=${forged}`);
    const html = await (await browser.get(list)).text();
    expect(html).toContain("Registration approved.");
    expect(html).not.toContain("Secret Sigrid");
  });

  it("with JavaScript (`_js=1`) the rows' fetcher still gets the message as data", async () => {
    const { pending, browser, list } = await setup();
    const res = await browser.post(`${list}?_data=${encodeURIComponent("routes/events.$slug.attendees")}`, {
      intent: "approve",
      registrationId: String(pending.id),
      _js: "1",
    });
    expect(res.status).toBe(200);
    // The one reply shape of small forms (ActionReply, ADR 024): which row it is about, too.
    expect(await res.json()).toEqual({
      ok: true,
      intent: "approve",
      targetId: pending.id,
      message: "Gustav Gast: Confirmed.",
      fieldErrors: {},
    });
    expect(rowOf(pending.id).status).toBe("confirmed");
  });
});
