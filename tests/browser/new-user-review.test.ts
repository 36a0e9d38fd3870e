// What a new user met trying the day-of pages on a phone (390×844), review of 7 Dec 2026, in
// real Chromium, by visible labels: the join link of an event without guests leads on to
// registration instead of ending at "Log in"; the presenter view fits a phone; the event page
// shows its sections (board, schedule, agenda, notes) before the side cards, and an organiser
// their dashboard before the partners and the calendar. On a projector (1920×1080) the words
// under the countdown are readable from the back of the room, not 16 px under a 200 px clock.
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { proposeTopic } from "~/board/topics.server";
import { joinPath } from "~/guests/join-link";
import { newBrowserContext, openSignedIn, watchPage } from "../helpers/browser";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";
import { sessionCookieFor, startTestServer } from "../helpers/server";
import { discussNow, leanCoffee } from "../board/helpers";
import { guestEvent } from "../guests/helpers";

const server = await startTestServer();
const PHONE = { width: 390, height: 844 };
const PROJECTOR = { width: 1920, height: 1080 };

async function anonymousBrowser(path: string, viewport = PHONE) {
  const context = await newBrowserContext({ viewport });
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(server.url + path);
  return { page, problems };
}

const sidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function top(locator: Locator) {
  await locator.waitFor();
  return (await locator.boundingBox())!.y;
}

describe("a new user on a phone", () => {
  it("the join link of an event without guests offers registration, not only a login", async () => {
    const { event, board } = await guestEvent(server.url, { guests: false });
    const { page, problems } = await anonymousBrowser(joinPath(event.slug, event.joinKey, board.id));
    await page.getByText("This exchange does not take guests.").waitFor();

    await page.getByRole("link", { name: "Register for this exchange" }).click();
    await page.waitForURL(`**/events/${event.slug}/register`);
    await page.getByRole("heading", { name: `Register for ${event.title}` }).waitFor();
    expect(problems).toEqual([]);
  });

  it("the presenter view fits the screen: topics with long words wrap instead of scrolling sideways", async () => {
    const { event, board, alice } = await leanCoffee({ title: "Phone presenter" });
    for (const title of ["Accessibility testing in CI", "Internationalisation", "Observability-driven development"]) {
      proposeTopic(board.id, { id: alice.id }, { title });
    }
    const { page, problems } = await anonymousBrowser(`/events/${event.slug}/boards/${board.id}/present`);
    await page.getByRole("heading", { name: "Propose your topics" }).waitFor();
    await page.getByText("Observability-driven development").waitFor();

    expect(await sidewaysScroll(page)).toBe(0);
    expect(problems).toEqual([]);
  });

  it("the event page shows the way to the board and the schedule right under the title", async () => {
    const event = makeEvent({ title: "Sections first", format: "mixed" });
    const { page, problems } = await anonymousBrowser(`/events/${event.slug}`);
    const sections = page.getByRole("navigation", { name: "Event sections" });

    const schedule = await top(sections.getByRole("link", { name: "Schedule" }));
    expect(schedule).toBeLessThan(await top(page.getByRole("heading", { name: "Seats" })));
    expect(schedule).toBeLessThan(PHONE.height);
    expect(problems).toEqual([]);
  });

  it("an organiser finds the dashboard before the partner organisations and the calendar", async () => {
    const organiser = await makeUser({ name: "Orla Organiser" });
    const partner = makeOrganisation("Partner Co", `partner-${Date.now()}.example`);
    const event = makeEvent({ title: "Dashboard first", organiserIds: [organiser.id], partnerIds: [partner.id] });
    const { page, problems } = await openSignedIn(server.url, await sessionCookieFor(organiser.id), `/events/${event.slug}`, {
      viewport: PHONE,
    });

    const dashboard = await top(page.getByRole("heading", { name: "Dashboard", exact: true }));
    expect(dashboard).toBeLessThan(await top(page.getByRole("heading", { name: "Partner organisations" })));
    expect(dashboard).toBeLessThan(await top(page.getByRole("heading", { name: "Calendar and series" })));
    expect(problems).toEqual([]);
  });
});

describe("the presenter view on a projector", () => {
  it("says how the time-box stands in type as readable as the rest of the screen", async () => {
    const { event, board, alice, organiser } = await leanCoffee({ title: "Readable countdown" });
    const topic = proposeTopic(board.id, { id: alice.id }, { title: "Readable from the back" });
    discussNow(board.id, topic.id, organiser);
    const { page, problems } = await anonymousBrowser(`/events/${event.slug}/boards/${board.id}/present`, PROJECTOR);

    const caption = page.getByText("left in this time-box");
    await caption.waitFor();
    expect(await caption.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(28);
    expect(problems).toEqual([]);
  });
});
