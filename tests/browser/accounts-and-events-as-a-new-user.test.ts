// QA flows in real Chromium that the part tests do not cover: logging in with the keyboard
// only, changing the password, registering and cancelling with JavaScript turned off,
// creating and publishing an event without JavaScript (with a confirmation each time),
// and the main pages on a phone without sideways scrolling. Fields by label, buttons by
// accessible name; pages checked with axe-core where JavaScript runs.
import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { getDb } from "#db/client";
import { events, registrations, users } from "#db/schema";
import { expectAccessible } from "../helpers/axe";
import { makeEvent, makeOrganisation, makeUser, TEST_PASSWORD } from "../helpers/factories";
import { newBrowserContext, signInContext, watchPage } from "../helpers/browser";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { mailedLinkPath } from "../helpers/outbox";

const server = await startTestServer();
const partner = makeOrganisation("QA Partner", "qa-partner.example");
const PHONE = { width: 390, height: 844 };

/** Page errors, dialogs and CSP violations (which would silently break hydration). */
const watch = (page: Page) => watchPage(page, { cspViolations: true });

async function newPage(options: { userId?: number; viewport?: { width: number; height: number }; javaScriptEnabled?: boolean } = {}) {
  const context = await newBrowserContext({ viewport: options.viewport, javaScriptEnabled: options.javaScriptEnabled });
  if (options.userId) await signInContext(context, server.url, await sessionCookieFor(options.userId));
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { page, problems: watch(page) };
}

async function open(page: Page, path: string) {
  const response = await page.goto(server.url + path);
  await page.waitForLoadState("networkidle");
  return response;
}

/** Clicks a submit button and waits for the page the form post leads to (no JavaScript). */
async function submitWithoutJs(page: Page, button: ReturnType<Page["getByRole"]>) {
  await Promise.all([page.waitForEvent("load"), button.click()]);
}

const nameOfFocused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute("name") ?? null);

describe("accounts and events, as a new user would use them", () => {
  it("logs in with the keyboard only (Tab, typing, Enter)", async () => {
    const kim = { ...(await makeUser({ name: "Kim Keyboard", email: "kim@qa.example" })), email: "kim@qa.example" };
    const { page, problems } = await newPage();
    await open(page, "/login");
    for (let i = 0; i < 30 && (await nameOfFocused(page)) !== "email"; i++) await page.keyboard.press("Tab");
    expect(await nameOfFocused(page)).toBe("email");
    await page.keyboard.type(kim.email);
    await page.keyboard.press("Tab");
    expect(await nameOfFocused(page)).toBe("password");
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${server.url}/`);
    await page.getByRole("banner").getByText("Kim Keyboard").waitFor();
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  it("changes the password: field messages first, then a confirmation; only the new password works", async () => {
    const pat = { ...(await makeUser({ name: "Pat Password", email: "pat@qa.example" })), email: "pat@qa.example" };
    const { page, problems } = await newPage({ userId: pat.id });
    await open(page, "/account");
    await expectAccessible(page);
    const fill = async (current: string, next: string, repeat: string) => {
      await page.getByLabel("Current password").fill(current);
      await page.getByLabel("New password", { exact: true }).fill(next);
      await page.getByLabel("Repeat the new password").fill(repeat);
      await page.getByRole("button", { name: "Change password" }).click();
    };
    await fill("not my password at all", "a brand new passphrase", "a brand new passphrase");
    await page.getByText("This is not your current password.").waitFor();
    await fill(TEST_PASSWORD, "a brand new passphrase", "a brand new passphrase!");
    await page.getByText("The two new passwords differ.").waitFor();
    await fill(TEST_PASSWORD, "a brand new passphrase", "a brand new passphrase");
    await page.getByRole("status").filter({ hasText: "Your password is changed" }).waitFor();
    await expectAccessible(page);

    const login = (password: string) => client(server.url).post("/login", { email: pat.email, password, redirectTo: "" });
    expect((await login(TEST_PASSWORD)).status).toBe(400);
    expect((await login("a brand new passphrase")).status).toBe(302);
    expect(problems).toEqual([]);
  });

  it("registers, cancels and registers again with JavaScript turned off", async () => {
    const event = makeEvent({ title: "No-script Exchange", capacity: 1, partnerIds: [partner.id] });
    const { page, problems } = await newPage({ javaScriptEnabled: false, viewport: PHONE });
    await open(page, `/events/${event.slug}/register`);
    const register = page.getByRole("button", { name: "Create account and register" });

    await submitWithoutJs(page, register);
    await page.getByText("Enter your name.").waitFor();
    await page.getByText("Please agree to the privacy notice to register.").first().waitFor();
    expect(getDb().select().from(users).where(eq(users.email, "nora@qa-partner.example")).get()).toBeUndefined();

    await page.getByLabel("Name", { exact: true }).fill("Nora Noscript");
    await page.getByLabel("E-mail", { exact: true }).fill("nora@qa-partner.example");
    await page.getByLabel("Password", { exact: true }).fill("a long enough password");
    await page.getByLabel("Organisation", { exact: true }).fill("QA Partner");
    await page.getByLabel("Dietary needs").fill("Vegetarian");
    await page.getByLabel(/I agree to the privacy notice/).check();
    await submitWithoutJs(page, register);
    await page.getByRole("heading", { name: "Your registration" }).waitFor();
    // Held until the address is verified, through the link in the outbox (a plain form post).
    await page.getByText("Pending review").first().waitFor();
    const nora = getDb().select().from(users).where(eq(users.email, "nora@qa-partner.example")).get()!;
    await open(page, mailedLinkPath(nora.email!));
    await submitWithoutJs(page, page.getByRole("button", { name: "Confirm my address" }));
    await page.getByText("Thank you: your e-mail address is verified.").waitFor();
    await open(page, `/events/${event.slug}/register`);
    expect(await page.getByTestId("registration-status").textContent()).toContain("your seat is confirmed");
    const statusOf = () =>
      getDb()
        .select({ status: registrations.status })
        .from(registrations)
        .where(and(eq(registrations.eventId, event.id), eq(registrations.userId, nora.id)))
        .get()?.status;
    expect(statusOf()).toBe("confirmed");

    // <details> opens without JavaScript; the confirmation is a plain form post.
    await page.getByText("Cancel my registration…").click();
    await submitWithoutJs(page, page.getByRole("button", { name: "Yes, cancel my registration" }));
    await page.getByText("You cancelled your registration.").waitFor();
    expect(statusOf()).toBe("cancelled");

    await page.getByLabel(/I agree to the privacy notice/).check();
    await submitWithoutJs(page, page.getByRole("button", { name: "Register", exact: true }));
    await page.getByText("your seat is confirmed").waitFor();
    expect(statusOf()).toBe("confirmed");
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    expect(problems).toEqual([]);
  });

  it("creates and publishes an event without JavaScript, with a confirmation after each save", async () => {
    const admin = await makeUser({ name: "Ari Admin", email: "admin@test.example" }); // in the test server's ADMIN_EMAILS
    const { page, problems } = await newPage({ userId: admin.id, javaScriptEnabled: false });
    await open(page, "/events/new");
    const create = page.getByRole("button", { name: "Create event" });
    await submitWithoutJs(page, create);
    await page.getByText("Give the event a title.").waitFor();

    const year = new Date().getUTCFullYear() + 1;
    await page.getByLabel("Title", { exact: true }).fill("QA morning exchange");
    await page.getByLabel("Starts", { exact: true }).fill(`${year}-04-02T09:00`);
    await page.getByLabel("Ends", { exact: true }).fill(`${year}-04-02T08:00`);
    await submitWithoutJs(page, create);
    await page.getByText("The end must be after the start.").waitFor();
    expect(getDb().select().from(events).where(eq(events.title, "QA morning exchange")).get()).toBeUndefined();

    await page.getByLabel("Ends", { exact: true }).fill(`${year}-04-02T12:00`);
    await submitWithoutJs(page, create);
    await page.getByRole("status").filter({ hasText: "Event created" }).waitFor();
    const eventPath = new URL(page.url()).pathname;
    expect(eventPath).toMatch(/^\/events\/[a-z0-9-]+$/);

    await page.getByRole("link", { name: "Edit event" }).click();
    await page.getByLabel("Status", { exact: true }).selectOption("published");
    await submitWithoutJs(page, page.getByRole("button", { name: "Save event" }));
    await page.getByRole("status").filter({ hasText: "The event is published" }).waitFor();
    expect(new URL(page.url()).pathname).toBe(eventPath);

    // Shown once: a reload does not repeat it.
    await open(page, eventPath);
    expect(await page.getByRole("status").filter({ hasText: "Changes saved" }).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it("tells the organiser what an approval did, also when the row leaves the filtered list", async () => {
    const organiser = await makeUser({ name: "Ora Approver" });
    const event = makeEvent({ title: "Full exchange", capacity: 1, organiserIds: [organiser.id], partnerIds: [partner.id] });
    const register = async (name: string, status: "confirmed" | "pending", organisationId: number | null) => {
      const person = await makeUser({ name, organisationId });
      getDb()
        .insert(registrations)
        .values({ eventId: event.id, userId: person.id, status, consentVersion: "test", consentAt: new Date() })
        .run();
      return person;
    };
    await register("Cora Confirmed", "confirmed", partner.id);
    const guest = await register("Gus Guest", "pending", null);
    const { page, problems } = await newPage({ userId: organiser.id });
    await open(page, `/events/${event.slug}/attendees?status=pending`);
    await page.getByRole("button", { name: "Approve Gus Guest" }).click();
    await page.getByRole("status").filter({ hasText: "Gus Guest: Waiting list. The event is full." }).waitFor();
    await page.getByText("Nobody matches these filters").waitFor();
    const status = getDb()
      .select({ status: registrations.status })
      .from(registrations)
      .where(and(eq(registrations.eventId, event.id), eq(registrations.userId, guest.id)))
      .get()?.status;
    expect(status).toBe("waitlisted");
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  it("fits the main pages on a phone without sideways scrolling", async () => {
    const organiser = await makeUser({ name: "Olu Phone", email: "olu@qa.example" });
    const event = makeEvent({ title: "Phone-sized exchange", organiserIds: [organiser.id], partnerIds: [partner.id] });
    for (let i = 0; i < 3; i++) {
      const member = await makeUser({ organisationId: partner.id });
      getDb()
        .insert(registrations)
        .values({ eventId: event.id, userId: member.id, status: "confirmed", consentVersion: "test", consentAt: new Date() })
        .run();
    }
    const { page, problems } = await newPage({ userId: organiser.id, viewport: PHONE });
    const paths = [
      "/",
      "/privacy",
      "/account",
      "/events/new",
      `/events/${event.slug}`,
      `/events/${event.slug}/edit`,
      `/events/${event.slug}/register`,
      `/events/${event.slug}/attendees`,
      `/events/${event.slug}/audit`,
      "/outbox",
      "/no/such/page",
    ];
    const tooWide: string[] = [];
    for (const path of paths) {
      await open(page, path);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      if (scrollWidth > clientWidth) tooWide.push(`${path}: ${scrollWidth}px wide in a ${clientWidth}px viewport`);
      await expectAccessible(page);
    }
    expect(tooWide).toEqual([]);
    expect(problems).toEqual([]);
  });
});
