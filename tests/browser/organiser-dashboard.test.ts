// The organiser's day in Chromium at 1280×900 (issue 17.5), by visible labels: publish a
// draft with the button on its notice, read the dashboard (its figures match the attendee
// list), open "Rooms & slots" and delete a room only after the step that names its impact.
// axe on the event page and on the confirmation step.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { eventPartners, events, rooms } from "#db/schema";
import { findA11yViolations } from "../helpers/axe";
import { openSignedIn } from "../helpers/browser";
import { makeOrganisation, makeUser } from "../helpers/factories";
import { sessionCookieFor, startTestServer } from "../helpers/server";
import { asActor, makeUnconference, propose } from "../schedule/helpers";
import { starSession } from "~/schedule/agenda.server";
import { placeSession } from "~/schedule/placement.server";
import { decideRegistration } from "~/registration/organiser-decisions.server";
import { registerForEvent } from "~/registration/registrations.server";

const server = await startTestServer();

describe("the organiser's dashboard in Chromium", () => {
  it("publishes a draft, shows the attendee list's counts, and deletes a room after confirming its impact", async () => {
    const { event, organiser, attendees, rooms: r, slots: s } = await makeUnconference({ attendees: 2 });
    getDb().update(events).set({ status: "draft", capacity: 3 }).where(eq(events.id, event.id)).run();
    const { page, problems } = await openSignedIn(server.url, await sessionCookieFor(organiser.id), `/events/${event.slug}`, {
      viewport: { width: 1280, height: 900 },
    });
    page.setDefaultTimeout(15_000);

    await expect(page.getByText("This event is a draft").isVisible()).resolves.toBe(true);
    expect(await findA11yViolations(page)).toEqual([]);
    await Promise.all([page.waitForURL(`${server.url}/events/${event.slug}`), page.getByRole("button", { name: "Publish" }).click()]);
    await page.getByRole("status").filter({ hasText: "The event is published: everyone can see it now." }).waitFor();
    expect(getDb().select().from(events).where(eq(events.id, event.id)).get()!.status).toBe("published");
    expect(await page.getByRole("button", { name: "Publish" }).count()).toBe(0);

    // People arrive through the real rules: a partner member takes the last seat, two others ask.
    const partner = makeOrganisation("Browser Partner", "browserpartner.example");
    getDb().insert(eventPartners).values({ eventId: event.id, organisationId: partner.id }).run();
    const member = await makeUser({ name: "Mara Member", email: `mara.${event.id}@browserpartner.example` });
    const confirmed = registerForEvent({ eventId: event.id, userId: member.id, answers: {}, consent: true }).registration;
    expect(confirmed.status).toBe("confirmed");
    for (const name of ["Rhea Request", "Ravi Request"]) {
      expect(
        registerForEvent({ eventId: event.id, userId: (await makeUser({ name })).id, answers: {}, consent: true }).registration.status,
      ).toBe("pending");
    }
    decideRegistration({ eventId: event.id, registrationId: confirmed.id, action: "check-in", actorId: organiser.id });

    await page.reload();
    const dashboard = page.getByRole("region", { name: "Dashboard" });
    await dashboard.getByRole("link", { name: "Requests waiting for review 2" }).waitFor();
    await expect(dashboard.getByRole("link", { name: "On the waiting list 0" }).isVisible()).resolves.toBe(true);
    await expect(dashboard.getByRole("link", { name: "Seats taken 3 / 3" }).isVisible()).resolves.toBe(true);
    await expect(dashboard.getByRole("link", { name: "Checked in 1 / 3" }).isVisible()).resolves.toBe(true);
    await expect(dashboard.getByRole("link", { name: /^Mail not sent yet \d+$/ }).isVisible()).resolves.toBe(true);

    // The figure leads to the list it counts, which says the same.
    await Promise.all([
      page.waitForURL(/\/attendees\?status=pending$/),
      dashboard.getByRole("link", { name: "Requests waiting for review 2" }).click(),
    ]);
    // waitFor, not isVisible(): the URL changes before the client-side navigation has drawn the list.
    await page.getByRole("link", { name: "Pending review 2" }).waitFor();
    // The list filtered by a state opens its summary, so the figure followed is in sight.
    await page.getByText("3 of 3 confirmed · 0 free · 1 checked in", { exact: true }).waitFor();

    // A room holding a session starred by both attendees: deleting it asks first.
    const session = propose(event, attendees[0], "Data contracts", [attendees[0].id], { organiser });
    placeSession(event, asActor(organiser), { sessionId: session.id, roomId: r.big.id, slotId: s.ten.id });
    for (const person of attendees) starSession(event, asActor(person), session.id);
    await page.goto(`${server.url}/events/${event.slug}`);
    await Promise.all([page.waitForURL(/\/schedule\/setup$/), page.getByRole("link", { name: "Rooms & slots" }).click()]);
    await Promise.all([page.waitForURL(/\?delete-room=\d+$/), page.getByRole("link", { name: "Delete room Big hall" }).click()]);
    const step = page.getByRole("region", { name: "Delete room “Big hall”?" });
    // waitFor, not isVisible(): the URL changes before the client-side navigation has drawn the step.
    await step.getByText("Removes “Data contracts” from the timetable of 2 personal agendas (and their calendar feeds).").waitFor();
    expect(getDb().select().from(rooms).where(eq(rooms.id, r.big.id)).get()).toBeDefined();
    expect(await findA11yViolations(page)).toEqual([]);

    await Promise.all([page.waitForURL(/\/schedule\/setup$/), step.getByRole("button", { name: "Delete room “Big hall”" }).click()]);
    await page.getByRole("status").filter({ hasText: "Room deleted" }).waitFor();
    expect(getDb().select().from(rooms).where(eq(rooms.id, r.big.id)).get()).toBeUndefined();
    expect(await page.getByRole("link", { name: "Delete room Big hall" }).count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
