// Registration in real Chromium: a visitor registers in one form and sees their status;
// the waiting list and promotion after a cancellation; an organiser approves an
// interest request and checks someone in. Fields by label, buttons by accessible name,
// pages checked with axe-core.
import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { getDb } from "#db/client";
import { outbox, registrations, users } from "#db/schema";
import { ATTENDEES_PAGE_SIZE } from "~/registration/attendees.server";
import { expectAccessible } from "../helpers/axe";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";
import { newBrowserContext, signInContext, watchPage } from "../helpers/browser";
import { sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const partner = makeOrganisation("Chromium Partner", "chromium-partner.example");

async function open(page: Page, path: string) {
  await page.goto(server.url + path);
  await page.waitForLoadState("networkidle");
}

async function contextFor(userId?: number, viewport?: { width: number; height: number }, javaScriptEnabled = true) {
  const context = await newBrowserContext({ ...(viewport ? { viewport } : {}), javaScriptEnabled });
  if (userId) await signInContext(context, server.url, await sessionCookieFor(userId));
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { page, problems: watchPage(page) };
}

const statusOf = (eventId: number, userId: number) =>
  getDb()
    .select({ status: registrations.status })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.userId, userId)))
    .get()?.status;

describe("registration in Chromium", () => {
  const organiserPromise = makeUser({ name: "Orla Organiser" });
  const event = makeEvent({ title: "Chromium Exchange", capacity: 1, partnerIds: [partner.id] });

  it("a visitor registers in one form, with a consent message first, and sees the status", async () => {
    const { page, problems } = await contextFor(undefined, { width: 390, height: 844 });
    await open(page, `/events/${event.slug}/register`);
    await expectAccessible(page);
    await page.getByLabel("Name", { exact: true }).fill("Vic Visitor");
    await page.getByLabel("E-mail", { exact: true }).fill("vic@chromium-partner.example");
    await page.getByLabel("Password", { exact: true }).fill("a long enough password");
    await page.getByLabel("Organisation", { exact: true }).fill("Chromium Partner");
    await page.getByLabel("Job role").fill("Staff engineer");
    await page.getByLabel("Topics you would like to discuss").fill("Golden paths\nOn-call");
    await page.getByLabel("Dietary needs").fill("Vegan");
    await page.getByLabel("Accessibility needs").fill("Seat near the front");
    await page.getByRole("button", { name: "Create account and register" }).click();
    await page.getByText("Please agree to the privacy notice to register.").first().waitFor();
    expect(getDb().select().from(users).where(eq(users.email, "vic@chromium-partner.example")).get()).toBeUndefined();

    await page.getByLabel(/I agree to the privacy notice/).check();
    await page.getByRole("button", { name: "Create account and register" }).click();
    await page.getByRole("heading", { name: "Your registration" }).waitFor();
    // The place is taken at once; direct confirmation waits for the address (ADR 018).
    await page.getByText("Pending review").first().waitFor();
    await page.getByText(/Your address is on chromium-partner\.example, a partner organisation's domain/).waitFor();
    await page.getByRole("button", { name: "Send a new verification link" }).waitFor();
    await expectAccessible(page);
    const vic = getDb().select().from(users).where(eq(users.email, "vic@chromium-partner.example")).get()!;
    expect(statusOf(event.id, vic.id)).toBe("pending");
    const mail = getDb()
      .select()
      .from(outbox)
      .where(and(eq(outbox.userId, vic.id), eq(outbox.kind, "account.verify_email")))
      .get()!;
    await page.goto(mail.textBody.match(/https?:\/\/\S+\/verify-email\/\S+/)![0].replace(/^https?:\/\/[^/]+/, server.url));
    await page.getByRole("button", { name: "Confirm my address" }).click();
    await page.getByText("Thank you: your e-mail address is verified.").waitFor();
    await open(page, `/events/${event.slug}/register`);
    expect(await page.getByTestId("registration-status").textContent()).toContain("your seat is confirmed");
    await expect(page.getByText("Vegan").isVisible()).resolves.toBe(true);
    await expectAccessible(page);
    // Signed in by the same form.
    await open(page, `/events/${event.slug}`);
    await page.getByRole("link", { name: "Manage registration" }).waitFor();
    expect(problems).toEqual([]);
  });

  it("a second member joins the waiting list and is promoted when the first cancels", async () => {
    const member = await makeUser({ name: "Wendy Waiting", email: "wendy@chromium-partner.example", organisationId: partner.id });
    const { page: wendy, problems } = await contextFor(member.id);
    await open(wendy, `/events/${event.slug}`);
    await wendy.getByRole("link", { name: "Join the waiting list" }).click();
    await wendy.waitForURL(`**/events/${event.slug}/register`);
    await wendy.waitForLoadState("networkidle");
    await expect(wendy.getByLabel("Job role").inputValue()).resolves.toBe("Engineer"); // prefilled from the account
    await wendy.getByLabel(/I agree to the privacy notice/).check();
    await wendy.getByRole("button", { name: "Register", exact: true }).click();
    await wendy.getByText("Waiting list #1").waitFor();
    expect(await wendy.getByTestId("registration-status").textContent()).toContain("waiting list, at position 1");

    // The first registrant cancels in their own browser.
    const vic = getDb().select().from(users).where(eq(users.email, "vic@chromium-partner.example")).get()!;
    const { page: vicPage } = await contextFor(vic.id);
    await open(vicPage, `/events/${event.slug}/register`);
    await vicPage.getByText("Cancel my registration…").click();
    await vicPage.getByRole("button", { name: "Yes, cancel my registration" }).click();
    await vicPage.getByText("You cancelled your registration.").waitFor();
    await vicPage.getByRole("heading", { name: "Register again" }).waitFor();
    expect(statusOf(event.id, vic.id)).toBe("cancelled");

    // Wendy got the seat in the same transaction.
    await open(wendy, `/events/${event.slug}/register`);
    expect(await wendy.getByTestId("registration-status").textContent()).toContain("your seat is confirmed");
    expect(problems).toEqual([]);
  });

  it("an organiser approves an interest request and checks the person in", async () => {
    const organiser = await organiserPromise;
    const roomy = makeEvent({ title: "Roomy Exchange", capacity: 5, partnerIds: [partner.id], organiserIds: [organiser.id] });
    const guest = await makeUser({ name: "Gert Guest", email: "gert@outside.example" });
    const { page: gert } = await contextFor(guest.id);
    await open(gert, `/events/${roomy.slug}/register`);
    await gert.getByLabel(/I agree to the privacy notice/).check();
    await gert.getByRole("button", { name: "Register", exact: true }).click();
    await gert.getByText("Pending review").first().waitFor();

    const { page, problems } = await contextFor(organiser.id);
    await open(page, `/events/${roomy.slug}/attendees`);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Approve Gert Guest" }).click();
    await page.getByRole("button", { name: "Check in Gert Guest" }).waitFor();
    expect(statusOf(roomy.id, guest.id)).toBe("confirmed");

    // Check-in on the day: search, then one click.
    await page.getByLabel("Search by name or full e-mail address").fill("gert");
    await page.getByLabel("Search by name or full e-mail address").press("Enter");
    await page.waitForURL(/q=gert/);
    await page.getByRole("button", { name: "Check in Gert Guest" }).click();
    await page.getByText(/Checked in \d\d:\d\d/).waitFor();
    expect(getDb().select().from(registrations).where(eq(registrations.userId, guest.id)).get()?.checkedInAt).toBeInstanceOf(Date);

    await open(gert, `/events/${roomy.slug}/register`);
    expect(await gert.getByTestId("registration-status").textContent()).toContain("your seat is confirmed");
    await open(page, "/outbox");
    await page.getByText("Request approved: Roomy Exchange", { exact: true }).waitFor();
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  it("an organiser at the door pages through a long list, searches and checks people in, with and without JavaScript", async () => {
    const organiser = await organiserPromise;
    const big = makeEvent({ title: "Crowded Exchange", capacity: 200, partnerIds: [partner.id], organiserIds: [organiser.id] });
    const names: string[] = [];
    for (let i = 0; i < ATTENDEES_PAGE_SIZE + 15; i++) {
      const name = `Door Guest ${String(i).padStart(3, "0")}`;
      const person = getDb()
        .insert(users)
        .values({ name, email: `door.${i}@chromium-partner.example`, organisationId: partner.id })
        .returning()
        .get();
      getDb()
        .insert(registrations)
        .values({ eventId: big.id, userId: person.id, status: "confirmed", consentVersion: "test", consentAt: new Date() })
        .run();
      names.push(name);
    }
    const checkedIn = (name: string) =>
      getDb()
        .select({ at: registrations.checkedInAt })
        .from(registrations)
        .innerJoin(users, eq(users.id, registrations.userId))
        .where(and(eq(registrations.eventId, big.id), eq(users.name, name)))
        .get()?.at;

    // With JavaScript: the next page keeps the state filter; the list follows the search box.
    const { page, problems } = await contextFor(organiser.id, { width: 390, height: 844 });
    await open(page, `/events/${big.slug}/attendees?status=confirmed`);
    await page.getByText(`Showing 1–${ATTENDEES_PAGE_SIZE} of ${names.length}`).waitFor();
    await page.getByRole("link", { name: "Next page" }).click();
    await page.waitForURL(/status=confirmed&page=2/);
    await page.getByRole("button", { name: `Check in ${names.at(-1)}` }).waitFor();
    await expectAccessible(page);
    const search = page.getByLabel("Search by name or full e-mail address");
    await search.fill("guest 007");
    await page.waitForURL(/q=guest\+007/);
    await page.getByText("1 registration matching these filters").waitFor();
    await page.getByRole("button", { name: "Check in Door Guest 007" }).click();
    await page.getByRole("status").filter({ hasText: "Door Guest 007 checked in." }).waitFor();
    await page.getByRole("button", { name: "Undo check-in Door Guest 007" }).waitFor();
    expect(checkedIn("Door Guest 007")).toBeInstanceOf(Date);
    // Ready for the next name: the search box has the focus, its text selected.
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type("guest 012");
    await page.keyboard.press("Enter");
    await page.waitForURL(/q=guest\+012/);
    await page.getByRole("button", { name: "Check in Door Guest 012" }).click();
    await page.getByRole("button", { name: "Undo check-in Door Guest 012" }).waitFor();
    expect(checkedIn("Door Guest 012")).toBeInstanceOf(Date);
    expect(problems).toEqual([]);

    // Without JavaScript: the same flow with full page loads.
    const { page: plain } = await contextFor(organiser.id, undefined, false);
    await open(plain, `/events/${big.slug}/attendees`);
    await plain.getByRole("link", { name: "Next page" }).click();
    await plain.waitForURL(/page=2/);
    await plain.getByText(`Page 2 of 2`).waitFor();
    await plain.getByLabel("Search by name or full e-mail address").fill(names.at(-1)!);
    await plain.getByLabel("Search by name or full e-mail address").press("Enter");
    await plain.waitForURL(/q=Door/);
    await plain.getByRole("button", { name: `Check in ${names.at(-1)}` }).click();
    await plain
      .getByRole("status")
      .filter({ hasText: `${names.at(-1)} checked in.` })
      .waitFor();
    await plain.getByText(/Checked in \d\d:\d\d/).waitFor();
    expect(checkedIn(names.at(-1)!)).toBeInstanceOf(Date);
  });
});
