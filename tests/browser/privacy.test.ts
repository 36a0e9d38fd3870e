// Privacy in real Chromium: the event page names the purge date, /account downloads the
// person's data as JSON, ends another session, and deletes the account behind its
// confirmation (typed e-mail + password); the same e-mail then signs up again.
import fs from "node:fs";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { getDb } from "#db/client";
import { authSessions, registrations, users } from "#db/schema";
import { expectAccessible } from "../helpers/axe";
import { newBrowserContext, signInContext, watchPage } from "../helpers/browser";
import { makeEvent, makeUser, TEST_PASSWORD } from "../helpers/factories";
import { sessionCookieFor, startTestServer } from "../helpers/server";
import { register } from "../privacy/fixtures";
import { formatDate } from "~/utils/dates";

const server = await startTestServer();
const context = await newBrowserContext();
const page = await context.newPage();
page.setDefaultTimeout(10_000);
const problems = watchPage(page);

async function open(p: Page, path: string) {
  const response = await p.goto(server.url + path);
  await p.waitForLoadState("networkidle");
  return response;
}

const me = await makeUser({ name: "Priya Private", email: "priya@test.example" });
const waiting = await makeUser({ name: "Walt Waiting" });
const DAY = 24 * 60 * 60 * 1000;
// About half a year ahead, whatever today is; the purge date is 90 days after the end.
const startsAt = new Date(Math.floor(Date.now() / DAY + 180) * DAY + 8 * 60 * 60 * 1000);
const endsAt = new Date(startsAt.getTime() + 8 * 60 * 60 * 1000);
const purgeOn = formatDate(new Date(endsAt.getTime() + 90 * DAY), "Europe/Berlin");
const event = makeEvent({ title: "Retention exchange", capacity: 1, timeZone: "Europe/Berlin", startsAt, endsAt });
register(event.id, me.id, "confirmed");
register(event.id, waiting.id, "waitlisted");
await signInContext(context, server.url, await sessionCookieFor(me.id));
const otherDevice = await sessionCookieFor(me.id);

describe("privacy in the browser", () => {
  it("the event page says when registration answers will be deleted", async () => {
    await open(page, `/events/${event.slug}`);
    const notice = page.getByTestId("retention-notice");
    const text = (await notice.textContent())!.replace(/\s+/g, " ");
    expect(text).toContain(`deleted automatically on ${purgeOn}, 90 days after the event ends`);
    expect(purgeOn).toMatch(/^\w{3}, \d{1,2} \w+ \d{4}$/);
  });

  it("the privacy page says what is stored, why and for how long", async () => {
    await open(page, "/privacy");
    await page.getByRole("heading", { name: "What we store, why, and for how long" }).waitFor();
    const retention = page.getByRole("row", { name: /Registration answers/ });
    await expect(retention.textContent()).resolves.toContain("Deleted automatically 90 days after the event ends");
    await expectAccessible(page);
  });

  it("downloads my data as a JSON file", async () => {
    await open(page, "/account");
    await expectAccessible(page);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download my data (JSON)" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^knowledge-exchange-my-data-\d{4}-\d\d-\d\d\.json$/);
    const data = JSON.parse(fs.readFileSync((await download.path())!, "utf8"));
    expect(data.account).toMatchObject({ name: "Priya Private", email: "priya@test.example" });
    expect(data.registrations[0]).toMatchObject({ event: { slug: event.slug }, answers: { dietary: "Vegetarian" } });
    expect(data.loginSessions).toHaveLength(2);
  });

  it("ends the other session from the list", async () => {
    await open(page, "/account");
    const endOther = page.getByRole("button", { name: /^End this session/ });
    await expect(endOther.count()).resolves.toBe(1);
    await endOther.click();
    await endOther.waitFor({ state: "detached" });
    await page.getByRole("button", { name: /^Log out here/ }).waitFor();
    const rows = getDb().select().from(authSessions).where(eq(authSessions.userId, me.id)).all();
    expect(rows).toHaveLength(1);
    expect(otherDevice).toBeTruthy();
  });

  it("deletes the account only after the e-mail is typed and the password re-entered", async () => {
    await open(page, "/account");
    const emailBox = page.getByLabel("Type your e-mail address to confirm");
    const passwordBox = page.getByLabel("Your password");
    const deleteButton = page.getByRole("button", { name: "Delete my account permanently" });

    // Wrong e-mail: refused, with the message at the field.
    await emailBox.fill("someone@test.example");
    await passwordBox.fill(TEST_PASSWORD);
    await deleteButton.click();
    await page.getByText("Type the e-mail address of this account (priya@test.example) to confirm.").waitFor();
    // Wrong password: refused too.
    await emailBox.fill("priya@test.example");
    await passwordBox.fill("not the password");
    await deleteButton.click();
    await page.getByText("This is not your current password.").waitFor();
    expect(getDb().select().from(users).where(eq(users.id, me.id)).get()!.email).toBe("priya@test.example");

    await passwordBox.fill(TEST_PASSWORD);
    await deleteButton.click();
    await page.waitForURL(`${server.url}/account/deleted`);
    await page.getByRole("heading", { name: "Your account is deleted" }).waitFor();
    await expectAccessible(page);

    const row = getDb().select().from(users).where(eq(users.id, me.id)).get()!;
    expect(row).toMatchObject({ name: null, email: null });
    expect(getDb().select().from(registrations).where(eq(registrations.userId, waiting.id)).get()!.status).toBe("confirmed");
    // Signed out: /account now asks for a login.
    await open(page, "/account");
    expect(new URL(page.url()).pathname).toBe("/login");
  });

  it("lets the same e-mail address sign up again", async () => {
    await open(page, "/signup");
    await page.getByLabel("Name").fill("Priya Again");
    await page.getByLabel("E-mail").fill("priya@test.example");
    await page.getByLabel("Password").fill("a completely new passphrase");
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.waitForURL(`${server.url}/`);
    const fresh = getDb().select().from(users).where(eq(users.email, "priya@test.example")).get()!;
    expect(fresh.id).not.toBe(me.id);
    expect(problems).toEqual([]);
  });
});
