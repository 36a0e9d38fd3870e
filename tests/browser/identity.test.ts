// Identity in real Chromium, by visible labels: a partner member signs up, verifies the
// address through the link found in the outbox, registers and is confirmed; a person who
// forgot their password resets it through the link in the outbox and logs in with the new one.
import { and, desc, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { outbox, registrations, users } from "#db/schema";
import { expectAccessible } from "../helpers/axe";
import { newBrowserContext, watchPage } from "../helpers/browser";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";
import { startTestServer } from "../helpers/server";

const server = await startTestServer();
const partner = makeOrganisation("Identity Partner", "identity-partner.example");

async function freshPage() {
  const context = await newBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { page, problems: watchPage(page, { cspViolations: true }) };
}

async function open(page: Page, path: string) {
  await page.goto(server.url + path);
  await page.waitForLoadState("networkidle");
}

/** The link in the newest e-mail of `kind` to `email`, on this test server. */
function linkInOutbox(email: string, kind: string) {
  const mail = getDb()
    .select()
    .from(outbox)
    .where(and(eq(outbox.toEmail, email), eq(outbox.kind, kind)))
    .orderBy(desc(outbox.id))
    .get()!;
  const url = new URL(mail.textBody.match(/https?:\/\/\S+/)![0]);
  return url.pathname;
}

describe("identity in Chromium", () => {
  it("a member signs up, verifies through the link in the outbox, registers and is confirmed", async () => {
    const event = makeEvent({ title: "Identity Exchange", capacity: 3, partnerIds: [partner.id] });
    const { page, problems } = await freshPage();
    await open(page, "/signup");
    await page.getByLabel("Name", { exact: true }).fill("Mira Member");
    await page.getByLabel("E-mail", { exact: true }).fill("mira@identity-partner.example");
    await page.getByLabel("Password", { exact: true }).fill("a long member passphrase");
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.waitForURL(`${server.url}/`);

    // Before verifying, the registration page says what to do.
    await open(page, `/events/${event.slug}/register`);
    await page.getByText(/identity-partner\.example.*not verified yet/).waitFor();
    await expectAccessible(page);

    await open(page, linkInOutbox("mira@identity-partner.example", "account.verify_email"));
    await page.getByRole("heading", { name: "Confirm your e-mail address" }).waitFor();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Confirm my address" }).click();
    await page.getByText("Thank you: your e-mail address is verified.").waitFor();

    await open(page, `/events/${event.slug}/register`);
    await page.getByText("As a member of a partner organisation you register directly.").waitFor();
    await page.getByLabel("Job role").fill("Platform lead");
    await page.getByLabel(/I agree to the privacy notice/).check();
    await page.getByRole("button", { name: "Register", exact: true }).click();
    await page.getByRole("heading", { name: "Your registration" }).waitFor();
    expect(await page.getByTestId("registration-status").textContent()).toContain("your seat is confirmed");
    const mira = getDb().select().from(users).where(eq(users.email, "mira@identity-partner.example")).get()!;
    expect(getDb().select().from(registrations).where(eq(registrations.userId, mira.id)).get()?.status).toBe("confirmed");
    expect(problems).toEqual([]);
  });

  it("someone outside the partners is told why it is an interest request and what to do", async () => {
    const event = makeEvent({ title: "Outside Exchange", partnerIds: [partner.id] });
    const { page } = await freshPage();
    await open(page, "/signup");
    await page.getByLabel("Name", { exact: true }).fill("Gil Gmail");
    await page.getByLabel("E-mail", { exact: true }).fill("gil@gmail.example");
    await page.getByLabel("Password", { exact: true }).fill("a long outsider passphrase");
    await page.getByLabel("Organisation", { exact: true }).fill("Identity Partner"); // typed: grants nothing
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.waitForURL(`${server.url}/`);
    await open(page, `/events/${event.slug}/register`);
    const standing = await page.getByTestId("registration-standing").textContent();
    expect(standing).toContain("Your address is on gmail.example");
    expect(standing).toContain("Identity Partner (identity-partner.example)");
    expect(standing).toContain("ask an organiser for an invitation link");
  });

  it("a person resets a forgotten password through the link in the outbox", async () => {
    const person = await makeUser({ name: "Fern Forgetful", email: "fern@identity-partner.example" });
    const { page, problems } = await freshPage();
    await open(page, "/login");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.getByRole("heading", { name: "Forgot your password?" }).waitFor();
    await page.waitForLoadState("networkidle");
    await expectAccessible(page);
    await page.getByLabel("E-mail", { exact: true }).fill(person.email!);
    await page.getByRole("button", { name: "Send me a link" }).click();
    await page.getByText("If an account exists for that address").waitFor();

    await open(page, linkInOutbox(person.email!, "account.reset_password"));
    await expectAccessible(page);
    await page.getByLabel("New password", { exact: true }).fill("my brand new passphrase");
    await page.getByLabel("Repeat the new password").fill("my brand new passphrase");
    await page.getByRole("button", { name: "Set the new password" }).click();
    await page.getByText("Your password is changed").waitFor();

    await open(page, "/login");
    await page.getByLabel("E-mail", { exact: true }).fill(person.email!);
    await page.getByLabel("Password", { exact: true }).fill("my brand new passphrase");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${server.url}/`);
    await open(page, "/account");
    await page.getByRole("heading", { name: "Your account" }).waitFor();
    expect(problems).toEqual([]);
  });
});
