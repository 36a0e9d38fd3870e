// The foundation end to end in real Chromium: sign up, log out, log in, create an event
// as a draft, check others cannot see it, publish it, see it on /, log out. Fields are
// found by their visible labels and buttons by their accessible names; every page on
// the way is checked with axe-core (no serious or critical violations).
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { expectAccessible } from "../helpers/axe";
import { newBrowserContext, watchPage } from "../helpers/browser";
import { startTestServer } from "../helpers/server";
import { mailedLinkPath } from "../helpers/outbox";

const server = await startTestServer();
const nextYear = new Date().getUTCFullYear() + 1;
const TITLE = "Platform engineering Lean Coffee";
const ADMIN = { name: "Ada Admin", email: "admin@test.example", password: "a long passphrase here" };

/** Page errors, dialogs and CSP violations (which would silently break hydration). */
const watch = (page: Page) => watchPage(page, { cspViolations: true });

/** Remix hydrates after load; wait so client-side validation and navigation are active. */
async function open(page: Page, path: string) {
  const response = await page.goto(server.url + path);
  await page.waitForLoadState("networkidle");
  return response;
}

const organiserContext = await newBrowserContext();
const visitorContext = await newBrowserContext({ viewport: { width: 390, height: 844 } });
const page = await organiserContext.newPage();
const visitor = await visitorContext.newPage();
for (const p of [page, visitor]) p.setDefaultTimeout(20_000);
const problems = [page, visitor].map(watch);

describe("foundation in Chromium", () => {
  let eventPath = "";

  it("shows accessible public pages to a visitor", async () => {
    for (const path of ["/", "/login", "/signup", "/no/such/page"]) {
      await open(visitor, path);
      await expectAccessible(visitor);
    }
    await open(visitor, "/no/such/page");
    await visitor.getByRole("heading", { name: "Page not found" }).waitFor();
  });

  it("signs up, with field messages for bad input first", async () => {
    await open(page, "/signup");
    await page.getByLabel("Name", { exact: true }).fill(ADMIN.name);
    await page.getByLabel("E-mail", { exact: true }).fill("not-an-email");
    await page.getByLabel("Password", { exact: true }).fill("short");
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.getByText("Enter a valid e-mail address").waitFor();
    await page.getByText("At least 10 characters.", { exact: true }).waitFor();
    await expect.poll(() => page.getByLabel("E-mail", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page);

    await page.getByLabel("E-mail", { exact: true }).fill(ADMIN.email);
    await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
    await page.getByLabel("Organisation", { exact: true }).fill("Test Org");
    await page.getByLabel("Job role", { exact: true }).fill("Engineering manager");
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole("link", { name: /Signed in as Ada Admin/ }).waitFor();

    // An address listed in ADMIN_EMAILS gives admin rights only once it is verified (ADR 018):
    // through the link in the outbox.
    await open(page, mailedLinkPath(ADMIN.email));
    await page.getByRole("button", { name: "Confirm my address" }).click();
    await page.getByText("Thank you: your e-mail address is verified.").waitFor();
  });

  it("logs out and logs back in", async () => {
    await page.getByRole("button", { name: "Log out", exact: true }).click();
    await page.getByRole("link", { name: "Log in", exact: true }).waitFor();
    expect(await page.getByRole("link", { name: /Signed in as/ }).count()).toBe(0);

    await open(page, "/login");
    await page.getByLabel("E-mail", { exact: true }).fill(ADMIN.email);
    await page.getByLabel("Password", { exact: true }).fill("wrong password!");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByText("E-mail or password is wrong.").waitFor();

    await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole("link", { name: /Signed in as Ada Admin/ }).waitFor();
    await expectAccessible(page);
  });

  it("shows the account page accessibly", async () => {
    await open(page, "/account");
    await expect(page.getByLabel("Name", { exact: true }).inputValue()).resolves.toBe(ADMIN.name);
    await expectAccessible(page);
  });

  it("refuses bad event input with field messages, in the browser and from the server", async () => {
    await page.getByRole("link", { name: "New event" }).first().click();
    await page.waitForURL(`${server.url}/events/new`);
    // The URL changes before the client-side navigation has drawn the page: axe must see the new one.
    await page.getByRole("heading", { name: "New event", level: 1 }).waitFor();
    await page.waitForLoadState("networkidle");
    await expectAccessible(page);

    await page.getByLabel("Title", { exact: true }).fill(TITLE);
    await page.getByLabel("Starts", { exact: true }).fill(`${nextYear}-03-10T17:00`);
    await page.getByLabel("Ends", { exact: true }).fill(`${nextYear}-03-10T09:00`);
    await page.getByLabel("Seats", { exact: true }).fill("0");
    await page.getByRole("button", { name: "Create event" }).click();
    await page.getByText("The end must be after the start.").waitFor();
    await page.getByText("At least one seat.", { exact: true }).waitFor();
    await expect.poll(() => page.getByLabel("Seats", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page);

    // A rule only the server knows: the co-organiser must have an account.
    await page.getByLabel("Ends", { exact: true }).fill(`${nextYear}-03-10T19:00`);
    await page.getByLabel("Seats", { exact: true }).fill("24");
    await page.getByLabel("Co-organisers (e-mails)").fill("ghost@nowhere.example");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/events/new") && r.request().method() === "POST"),
      page.getByRole("button", { name: "Create event" }).click(),
    ]);
    expect(response.status()).toBe(400);
    await page.getByText("No account for ghost@nowhere.example").waitFor();
    expect(page.url()).toBe(`${server.url}/events/new`);
  });

  it("creates the event as a draft that others cannot see", async () => {
    await page.getByLabel("Co-organisers (e-mails)").fill("");
    await page.getByLabel("Summary", { exact: true }).fill("Two platform teams compare paved roads.");
    await page.getByLabel("Description", { exact: true }).fill("## What to bring\n\n- Questions\n- **Curiosity**");
    await page.getByLabel("Format", { exact: true }).selectOption({ label: "Lean Coffee" });
    await page.getByLabel("Venue", { exact: true }).fill("Aurora HQ, Berlin");
    await page.getByLabel("Time zone", { exact: true }).selectOption("Europe/Berlin");
    await expect(page.getByLabel("Status", { exact: true }).inputValue()).resolves.toBe("draft");
    await page.getByRole("button", { name: "Create event" }).click();
    await page.waitForURL((url) => /^\/events\/[a-z0-9-]+$/.test(url.pathname) && url.pathname !== "/events/new");
    eventPath = new URL(page.url()).pathname;
    await page.getByRole("heading", { name: TITLE, level: 1 }).waitFor();
    await page.getByText("Draft: only organisers see this").waitFor();
    await page.getByText("17:00–19:00 (Europe/Berlin)").waitFor();
    await page.getByRole("heading", { name: "What to bring" }).waitFor();
    await expectAccessible(page);

    await open(visitor, "/");
    expect(await visitor.getByText(TITLE).count()).toBe(0);
    const draft = await open(visitor, eventPath);
    expect(draft?.status()).toBe(404);
  });

  it("publishes the event; then visitors see it on / and its page", async () => {
    await page.getByRole("link", { name: "Edit event" }).click();
    await page.waitForURL(`${server.url}${eventPath}/edit`);
    await page.waitForLoadState("networkidle");
    await expect(page.getByLabel("Starts", { exact: true }).inputValue()).resolves.toBe(`${nextYear}-03-10T17:00`);
    await page.getByLabel("Status", { exact: true }).selectOption("published");
    await page.getByRole("button", { name: "Save event" }).click();
    await page.waitForURL(`${server.url}${eventPath}`);
    await page.getByRole("heading", { name: TITLE, level: 1 }).waitFor();
    expect(await page.getByText("Draft: only organisers see this").count()).toBe(0);

    await open(visitor, "/");
    const link = visitor.getByRole("link", { name: TITLE });
    await link.waitFor();
    await expectAccessible(visitor);
    await link.click();
    await visitor.waitForURL(`${server.url}${eventPath}`);
    await visitor.getByText("24 of 24 seats left").waitFor();
    expect(await visitor.getByRole("link", { name: "Edit event" }).count()).toBe(0);
    await expectAccessible(visitor);
  });

  it("logs out", async () => {
    await page.getByRole("button", { name: "Log out", exact: true }).click();
    await page.getByRole("link", { name: "Log in", exact: true }).waitFor();
    const edit = await open(page, `${eventPath}/edit`);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(edit?.status()).toBe(200);
  });

  it("saw no page errors, dialogs or CSP violations", () => {
    expect(problems.flat()).toEqual([]);
  });
});
