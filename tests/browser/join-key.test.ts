// The join link with its key in real Chromium (ADR 028): a walk-in on a phone (390×844) joins
// from the link under the QR code on the facilitator's projector (1920×1080); the organiser
// makes a new join link (after the confirmation) and the old link shows "no longer valid";
// the organiser removes the guest, whose board turns read-only. Pages pass axe.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { guests, users } from "#db/schema";
import { findA11yViolations } from "../helpers/axe";
import { newBrowserContext, openSignedIn, watchPage } from "../helpers/browser";
import { sessionCookieFor, startTestServer } from "../helpers/server";
import { guestEvent } from "../guests/helpers";

const server = await startTestServer();
const PHONE = { width: 390, height: 844 };
const PROJECTOR = { width: 1920, height: 1080 };
const STALE = "This join link is no longer valid — ask the organiser for the code on the screen.";

describe("the join link with its key", () => {
  it("a guest joins from the projector's link; a new join link stops the old one; the organiser removes the guest", async () => {
    const { event, board, organiser } = await guestEvent(server.url);
    const cookie = await sessionCookieFor(organiser.id);

    // The facilitator's projector shows the QR code and, under it, the link people type.
    const projector = await openSignedIn(server.url, cookie, `/events/${event.slug}/boards/${board.id}/present`, { viewport: PROJECTOR });
    await projector.page.getByRole("img", { name: "QR code to join “Lean Coffee”" }).waitFor();
    const oldLink = (await projector.page.getByText(/\/join\?key=[\w-]{22,}&board=\d+$/).innerText()).trim();
    expect(oldLink.startsWith(server.url)).toBe(true);

    // A walk-in on a phone opens it and joins with a name.
    const phone = await newBrowserContext({ viewport: PHONE });
    const walkIn = await phone.newPage();
    const walkInProblems = watchPage(walkIn);
    await walkIn.goto(oldLink);
    await walkIn.getByRole("heading", { name: "Join as a guest" }).waitFor();
    expect(await findA11yViolations(walkIn)).toEqual([]);
    await walkIn.getByLabel("Name").fill("Wanda Walk-in");
    await walkIn.getByRole("button", { name: "Join as a guest" }).click();
    await walkIn.waitForURL(`**/events/${event.slug}/boards/${board.id}`);
    await walkIn.getByText("You take part as a guest").waitFor();
    const [guest] = getDb().select().from(guests).where(eq(guests.eventId, event.id)).all();
    expect(getDb().select().from(users).where(eq(users.id, guest.userId)).get()!.name).toBe("Wanda Walk-in");

    // The organiser makes a new join link from the event page's join card, after the confirmation.
    const organiserView = await openSignedIn(server.url, cookie, `/events/${event.slug}`, { viewport: PHONE });
    const { page } = organiserView;
    await page.getByRole("link", { name: "New join link" }).click();
    await page.getByRole("heading", { name: "Make a new join link?" }).waitFor();
    await page.getByText("The QR code on the screen and every join link shared so far stop letting people join as guests").waitFor();
    expect(await findA11yViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Make a new join link" }).click();
    await page.getByText("New join link made").waitFor();
    const newLink = (await page.getByText(/\/join\?key=[\w-]{22,}$/).innerText()).trim();
    expect(newLink).not.toBe(oldLink.replace(/&board=\d+$/, ""));

    // A latecomer (another phone) with the old link reads why it does not work, and can still log in.
    const late = await (await newBrowserContext({ viewport: PHONE })).newPage();
    const lateProblems = watchPage(late);
    await late.goto(oldLink);
    await late.getByText(STALE).waitFor();
    expect(await late.getByRole("button", { name: "Join as a guest" }).count()).toBe(0);
    await late.getByRole("main").getByRole("link", { name: "Log in" }).waitFor();
    expect(await findA11yViolations(late)).toEqual([]);
    expect(getDb().select().from(guests).where(eq(guests.eventId, event.id)).all()).toHaveLength(1);

    // The organiser removes the guest on the guests page; the guest's board turns read-only.
    await page.goto(`${server.url}/events/${event.slug}`);
    await page.getByRole("link", { name: "Guests", exact: true }).click();
    await page.getByRole("cell", { name: "Wanda Walk-in", exact: true }).waitFor();
    expect(await findA11yViolations(page)).toEqual([]);
    await page.getByRole("link", { name: "Remove Wanda Walk-in" }).click();
    await page.getByRole("button", { name: "Remove guest" }).click();
    await page.getByText("Guest removed").waitFor();
    expect(await page.getByRole("cell", { name: "Wanda Walk-in", exact: true }).count()).toBe(0);
    expect(getDb().select().from(guests).where(eq(guests.eventId, event.id)).all()).toEqual([]);
    await walkIn.reload();
    await walkIn.getByText("You are looking at this board read-only.").waitFor();
    expect(await walkIn.getByLabel("Topic", { exact: true }).count()).toBe(0);

    expect([...projector.problems, ...walkInProblems, ...lateProblems, ...organiserView.problems]).toEqual([]);
  });
});
