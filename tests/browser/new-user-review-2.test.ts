// Second new-user review (7 Dec 2026, evening), in real Chromium by visible labels: the
// findings fixed on branch review-user2. See /work/wt/review-user2-findings.md.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { guests } from "#db/schema";
import { expectAccessible } from "../helpers/axe";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";
import { openSignedIn } from "../helpers/browser";
import { sessionCookieFor, startTestServer } from "../helpers/server";
import { guestEvent, joinedGuest } from "../guests/helpers";
import { phoneSignedIn, walkInRefusedForAccount } from "../helpers/walk-in-door";

const server = await startTestServer();
const HOUR = 3_600_000;

describe("walk-in link sent, on a phone", () => {
  it("clears the walk-in form: no stale refusal on the e-mail field once the link went out", async () => {
    const organiser = await makeUser({ name: "Olu Organiser" });
    const person = await makeUser({ name: "Sam Seated", email: `sam.${Date.now()}@door.example` });
    const event = makeEvent({
      title: "Stale message exchange",
      organiserIds: [organiser.id],
      startsAt: new Date(Date.now() - HOUR),
      endsAt: new Date(Date.now() + 6 * HOUR),
    });
    const door = await phoneSignedIn(server.url, organiser.id);
    await door.page.goto(`${server.url}/events/${event.slug}/attendees`);
    await walkInRefusedForAccount(door.page, "Sam", person.email!);

    await door.page.getByRole("button", { name: "Send them a link to take this seat" }).click();
    await door.page.getByText(`We e-mailed a link to take this seat to ${person.email}.`).waitFor();
    expect(await door.page.getByText("This address already has an account").count()).toBe(0);
    const email = door.page.getByLabel("E-mail", { exact: true });
    expect(await email.getAttribute("aria-invalid")).not.toBe("true");
    expect(await email.inputValue()).toBe("");
    expect(await door.page.getByLabel("Name", { exact: true }).inputValue()).toBe("");
    await expectAccessible(door.page);
    expect(door.problems).toEqual([]);
  });
});

describe("removing a guest, on a phone", () => {
  it("asks first, naming the guest and what happens, and Cancel keeps them", async () => {
    const { organiser, event } = await guestEvent(server.url);
    await joinedGuest(server.url, event, "Gus Guest");
    const guestRows = () => getDb().select().from(guests).where(eq(guests.eventId, event.id)).all();
    expect(guestRows()).toHaveLength(1);

    const { page, problems } = await phoneSignedIn(server.url, organiser.id);
    await page.goto(`${server.url}/events/${event.slug}/guests`);
    await page.getByRole("link", { name: "Remove Gus Guest" }).click();
    await page.getByRole("heading", { name: "Remove the guest Gus Guest?" }).waitFor();
    await page.getByText("They can no longer take part, on any device, and their name is erased.").waitFor();
    expect(guestRows()).toHaveLength(1);
    await expectAccessible(page);

    await page.getByRole("link", { name: "Keep them" }).click();
    await page.getByRole("heading", { name: "Remove the guest Gus Guest?" }).waitFor({ state: "detached" });
    expect(guestRows()).toHaveLength(1);

    await page.getByRole("link", { name: "Remove Gus Guest" }).click();
    await page.getByRole("button", { name: "Remove guest" }).click();
    await page.getByText("Guest removed").waitFor();
    expect(guestRows()).toEqual([]);
    expect(await page.getByRole("heading", { name: "Remove the guest Gus Guest?" }).count()).toBe(0);
    // Someone did join: the empty list does not say nobody has.
    await page.getByText("No guests now. People who join with the join link appear here.").waitFor({ timeout: 2_000 });
    expect(problems).toEqual([]);
  });
});

describe("the guests page on a phone", () => {
  it("wraps a long unbroken guest name instead of scrolling sideways", async () => {
    const { organiser, event } = await guestEvent(server.url);
    const name = "Maximilianawilhelminakunigunde-Oberhausen";
    await joinedGuest(server.url, event, name);
    const { page, problems } = await phoneSignedIn(server.url, organiser.id);
    await page.goto(`${server.url}/events/${event.slug}/guests`);
    await page.getByRole("cell", { name, exact: true }).waitFor();
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(sideways).toBe(0);
    expect(problems).toEqual([]);
  });
});

describe("a confirmation step on a phone", () => {
  it("is brought into view and focused: merging organisations asks below the fold", async () => {
    const admin = await makeUser({ email: "admin@test.example", name: "Ada Admin" });
    makeOrganisation("Initech typed");
    makeOrganisation("Initech Corporation", "initech.example");
    const { page, problems } = await openSignedIn(server.url, await sessionCookieFor(admin.id), "/admin/organisations", {
      viewport: { width: 390, height: 844 },
    });
    page.setDefaultTimeout(15_000);
    await page.getByLabel("Merge this organisation").selectOption({ label: "Initech typed" });
    await page.getByLabel("into", { exact: true }).selectOption({ label: "Initech Corporation" });
    await page.getByRole("button", { name: "Merge…" }).click();
    const heading = page.getByRole("heading", { name: "Merge “Initech typed” into “Initech Corporation”?" });
    await heading.waitFor();
    await expect.poll(() => heading.evaluate((h) => document.activeElement === h)).toBe(true);
    const box = (await heading.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });
});

describe("New join link from the guests page, on a phone", () => {
  it("focuses the question “Make a new join link?”, not the link left below", async () => {
    const { organiser, event } = await guestEvent(server.url);
    const { page, problems } = await phoneSignedIn(server.url, organiser.id);
    await page.goto(`${server.url}/events/${event.slug}/guests`);
    await page.getByRole("link", { name: "New join link" }).click();
    const heading = page.getByRole("heading", { name: "Make a new join link?" });
    await heading.waitFor();
    await expect.poll(() => heading.evaluate((h) => document.activeElement === h)).toBe(true);
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });
});

describe("the invitations page on a phone", () => {
  it("keeps the invitation links' table in its card: the page does not scroll sideways once a link exists", async () => {
    const organiser = await makeUser({ name: "Ivo Inviter" });
    const event = makeEvent({ title: "Invitations on a phone", organiserIds: [organiser.id] });
    const { page, problems } = await phoneSignedIn(server.url, organiser.id);
    await page.goto(`${server.url}/events/${event.slug}/invitations`);
    await page.getByLabel("Label", { exact: true }).fill("Beacon platform team");
    await page.getByRole("button", { name: "Create invitation link" }).click();
    await page.getByRole("cell", { name: "Beacon platform team" }).waitFor();
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(sideways).toBe(0);
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });
});
