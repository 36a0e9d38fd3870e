// Door check-in on a phone (new-user review, finding 12): at 390 × 844 the organiser's
// attendee list opens on the search, as pretix's check-in app does; the seats and
// per-organisation summary is folded into a disclosure that opens on a tap. Finding a person
// by name and checking them in says "<Name> checked in", with JavaScript and without it.
// Real Chromium, by visible labels; axe on the page.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { registrations } from "#db/schema";
import { registerForEvent } from "~/registration/registrations.server";
import { expectAccessible } from "../helpers/axe";
import { openSignedIn } from "../helpers/browser";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";
import { sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const db = getDb();
const PHONE = { width: 390, height: 844 };

// Enough organisations for the per-organisation table to be long, as at a real exchange.
const organisations = Array.from({ length: 8 }, (_, i) => makeOrganisation(`Door Partner ${i + 1}`, `door-partner-${i + 1}.example`));
const organiser = await makeUser({ name: "Odile Organiser" });
const event = makeEvent({ capacity: 40, organiserIds: [organiser.id], partnerIds: organisations.map((o) => o.id) });
// Partner addresses, so each registration is confirmed straight away.
const people: Record<string, number> = {};
for (const [i, name] of ["Greta Gatekeeper", "Hugo Hallway", "Ines Intro", "Jonas Jumper", "Karla Keynote"].entries()) {
  const n = (i % organisations.length) + 1;
  const email = `${name.split(" ")[0].toLowerCase()}@door-partner-${n}.example`;
  const user = await makeUser({ name, email, organisationId: organisations[n - 1].id });
  registerForEvent({ eventId: event.id, userId: user.id, answers: {}, consent: true });
  people[name] = user.id;
}
const checkedInAt = (name: string) =>
  db
    .select({ at: registrations.checkedInAt })
    .from(registrations)
    .where(and(eq(registrations.eventId, event.id), eq(registrations.userId, people[name])))
    .get()!.at;

describe("the door on a phone (390 × 844)", () => {
  it("opens on the search: a name typed, 'Check in' tapped, '<Name> checked in'; the summary opens from its disclosure", async () => {
    const { page, problems } = await openSignedIn(server.url, await sessionCookieFor(organiser.id), `/events/${event.slug}/attendees`, {
      viewport: PHONE,
    });
    const search = page.getByLabel("Search by name or full e-mail address");
    const box = (await search.boundingBox())!;
    expect(box.y + box.height).toBeLessThan(PHONE.height);
    // The summary is folded: its tables are not shown until asked for.
    await expect(page.getByRole("heading", { name: "Per organisation" }).isVisible()).resolves.toBe(false);
    await expectAccessible(page);

    await search.fill("hugo");
    await page.waitForURL(/q=hugo/);
    await page.getByText("1 registration matching these filters").waitFor();
    await page.getByRole("button", { name: "Check in Hugo Hallway" }).click();
    await page.getByRole("status").filter({ hasText: "Hugo Hallway checked in." }).waitFor();
    await page.getByRole("button", { name: "Undo check-in Hugo Hallway" }).waitFor();
    expect(checkedInAt("Hugo Hallway")).toBeInstanceOf(Date);
    // Ready for the next name.
    await expect(search.evaluate((el) => el === document.activeElement)).resolves.toBe(true);

    await page.getByText(/^Seats and organisations/).click();
    const perOrganisation = page.getByRole("heading", { name: "Per organisation" });
    await perOrganisation.waitFor();
    await page.getByRole("table", { name: "Registrations per organisation and state" }).getByText("Door Partner 2").waitFor();
    await expect(page.getByRole("navigation", { name: "Filter by state" }).isVisible()).resolves.toBe(true);
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  it("works without JavaScript: the search first, Enter, 'Check in', '<Name> checked in'", async () => {
    const { page, problems } = await openSignedIn(server.url, await sessionCookieFor(organiser.id), `/events/${event.slug}/attendees`, {
      viewport: PHONE,
      javaScriptEnabled: false,
    });
    const search = page.getByLabel("Search by name or full e-mail address");
    expect((await search.boundingBox())!.y).toBeLessThan(PHONE.height);
    await search.fill("ines");
    await search.press("Enter");
    await page.waitForURL(/q=ines/);
    await page.getByRole("button", { name: "Check in Ines Intro" }).click();
    await page.getByRole("status").filter({ hasText: "Ines Intro checked in." }).waitFor();
    expect(checkedInAt("Ines Intro")).toBeInstanceOf(Date);
    await page.getByText(/^Seats and organisations/).click();
    await page.getByRole("heading", { name: "Per organisation" }).waitFor();
    expect(problems).toEqual([]);
  });
});
