// Issue 13 in real Chromium, by visible labels: on a fresh install (the test server runs
// with SEED_DEMO=0) the admin creates an organisation with a domain through the console and
// an event with it as partner; a member signs up, registers and is confirmed; someone from
// outside gets an invitation link from the organiser and is confirmed through it. Every new
// page is checked with axe-core.
import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { getDb } from "#db/client";
import { events, invitations, organisationDomains, organisations, outbox, registrations, users } from "#db/schema";
import { createNote } from "~/notes/create-note.server";
import { expectAccessible } from "../helpers/axe";
import { makeEvent, makeUser } from "../helpers/factories";
import { newBrowserContext, signInContext, watchPage } from "../helpers/browser";
import { sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const db = getDb();

async function newPage(userId?: number) {
  const context = await newBrowserContext();
  if (userId) await signInContext(context, server.url, await sessionCookieFor(userId));
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { page, problems: watchPage(page, { cspViolations: true }) };
}

async function open(page: Page, path: string) {
  const response = await page.goto(server.url + path);
  await page.waitForLoadState("networkidle");
  return response;
}

const statusOf = (email: string, eventId: number) => {
  const person = db.select().from(users).where(eq(users.email, email)).get();
  return (
    person &&
    db
      .select()
      .from(registrations)
      .where(and(eq(registrations.userId, person.id), eq(registrations.eventId, eventId)))
      .get()
  );
};

/** Registers on the open registration form, creating the account in it. */
async function registerWithNewAccount(page: Page, person: { name: string; email: string }) {
  await page.getByLabel("Name", { exact: true }).fill(person.name);
  await page.getByLabel("E-mail", { exact: true }).fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill("a long enough password");
  await page.getByLabel("Job role").fill("Engineer");
  await page.getByLabel(/I agree to the privacy notice/).check();
  await page.getByRole("button", { name: "Create account and register" }).click();
  await page.getByRole("heading", { name: "Your registration" }).waitFor();
}

describe("a fresh install, from the admin console to an invited guest", () => {
  it("admin → organisation with a domain → partner event → member confirmed → outsider confirmed through an invitation link", async () => {
    expect(db.select().from(organisations).all()).toEqual([]);
    const admin = await makeUser({ name: "Ada Admin", email: "admin@test.example" }); // the test server's ADMIN_EMAILS
    const { page, problems } = await newPage(admin.id);

    // The console, from the header.
    await open(page, "/");
    await page.getByRole("banner").getByRole("link", { name: "Admin", exact: true }).click();
    await page.getByRole("heading", { name: "Admin console" }).waitFor();
    await expectAccessible(page);
    await page.getByRole("navigation", { name: "Admin console" }).getByRole("link", { name: "Organisations" }).click();
    await page.getByRole("heading", { name: "Organisations", level: 1 }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Nimbus Cloud");
    await page.getByLabel("E-mail domains").fill("gmail.com");
    await page.getByRole("button", { name: "Create organisation" }).click();
    await page.getByText("A public mail provider proves nothing about a company").waitFor();
    await expectAccessible(page);
    await page.getByLabel("E-mail domains").fill("Nimbus.example");
    await page.getByRole("button", { name: "Create organisation" }).click();
    await page.getByRole("status").filter({ hasText: "Organisation created." }).waitFor();
    const nimbus = page.getByRole("region", { name: "Nimbus Cloud" });
    await nimbus.getByText("nimbus.example", { exact: true }).waitFor();
    expect(db.select().from(organisationDomains).all()).toEqual([expect.objectContaining({ domain: "nimbus.example" })]);
    await expectAccessible(page);
    await page.getByRole("navigation", { name: "Admin console" }).getByRole("link", { name: "People" }).click();
    await page.getByLabel("Name, e-mail or organisation").fill("ada");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByText(/^Admin \(ADMIN_EMAILS\)/).waitFor();
    await expectAccessible(page);

    // An event with Nimbus Cloud as partner.
    const year = new Date().getUTCFullYear() + 1;
    await open(page, "/events/new");
    await page.getByLabel("Title", { exact: true }).fill("Nimbus exchange");
    await page.getByLabel("Starts", { exact: true }).fill(`${year}-05-06T09:00`);
    await page.getByLabel("Ends", { exact: true }).fill(`${year}-05-06T13:00`);
    await page.getByLabel("Seats").fill("20");
    await page.getByLabel("Nimbus Cloud").check();
    await page.getByLabel("Status", { exact: true }).selectOption("published");
    await page.getByRole("button", { name: "Create event" }).click();
    await page.getByRole("status").filter({ hasText: "Event created and published." }).waitFor();
    const event = db.select().from(events).where(eq(events.title, "Nimbus exchange")).get()!;

    // A member of Nimbus Cloud signs up and registers: confirmed directly.
    const member = await newPage();
    await open(member.page, "/signup");
    await member.page.getByLabel("Name", { exact: true }).fill("Mia Member");
    await member.page.getByLabel("E-mail", { exact: true }).fill("mia@nimbus.example");
    await member.page.getByLabel("Password", { exact: true }).fill("a long enough password");
    await member.page.getByRole("button", { name: "Sign up" }).click();
    await member.page.waitForURL(`${server.url}/`);
    // Direct confirmation waits for the address: verify through the link in the outbox.
    const verifyMail = db
      .select()
      .from(outbox)
      .where(and(eq(outbox.toEmail, "mia@nimbus.example"), eq(outbox.kind, "account.verify_email")))
      .get()!;
    await open(member.page, new URL(verifyMail.textBody.match(/https?:\/\/\S+\/verify-email\/\S+/)![0]).pathname);
    await member.page.getByRole("button", { name: "Confirm my address" }).click();
    await member.page.getByText("Thank you: your e-mail address is verified.").waitFor();
    await open(member.page, `/events/${event.slug}/register`);
    await member.page.getByLabel(/I agree to the privacy notice/).check();
    await member.page.getByRole("button", { name: "Register", exact: true }).click();
    await member.page.getByRole("heading", { name: "Your registration" }).waitFor();
    expect(await member.page.getByTestId("registration-status").textContent()).toContain("your seat is confirmed");
    expect(statusOf("mia@nimbus.example", event.id)?.status).toBe("confirmed");

    // The organiser (here the admin) makes an invitation link.
    await open(page, `/events/${event.slug}`);
    await page.getByRole("link", { name: "Invitations and co-organisers" }).click();
    await page.getByRole("heading", { name: "Invitations", level: 1 }).waitFor();
    await expectAccessible(page);
    await page.getByLabel("Label").fill("Guests from Orbit");
    await page.getByLabel("Number of uses").fill("0");
    await page.getByRole("button", { name: "Create invitation link" }).click();
    await page.getByText("At least 1 use.").waitFor();
    await page.getByLabel("Number of uses").fill("3");
    await page.getByLabel("Valid for (days)").fill("7");
    await expect(page.getByLabel("Skip approval").isChecked()).resolves.toBe(true);
    await page.getByRole("button", { name: "Create invitation link" }).click();
    const linkField = page.getByLabel("Your invitation link");
    await linkField.waitFor();
    const link = await linkField.inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/invite/[A-Za-z0-9_-]{43}$`));
    await page.getByRole("button", { name: "Copy link" }).waitFor();
    await page.getByRole("cell", { name: "Guests from Orbit", exact: true }).waitFor();
    await expectAccessible(page);

    // Someone from outside, without an account, follows it and is confirmed.
    const guest = await newPage();
    await guest.page.goto(link);
    await guest.page.waitForLoadState("networkidle");
    await guest.page.getByText("You were invited by the organisers (Guests from Orbit).").waitFor();
    await expectAccessible(guest.page);
    await registerWithNewAccount(guest.page, { name: "Otto Outsider", email: "otto@orbit-mail.example" });
    expect(await guest.page.getByTestId("registration-status").textContent()).toContain("your seat is confirmed");
    const invitation = db.select().from(invitations).where(eq(invitations.eventId, event.id)).get()!;
    expect(statusOf("otto@orbit-mail.example", event.id)).toMatchObject({ status: "confirmed", invitationId: invitation.id });
    expect(invitation.uses).toBe(1);

    // The organiser sees the use, and revokes the link; it then answers with a clear page.
    await open(page, `/events/${event.slug}/invitations`);
    await page.getByRole("cell", { name: "1 of 3", exact: true }).waitFor();
    // Revoking asks first and says what it affects.
    const revoke = page.locator("details").filter({ hasText: "Revoke… link Guests from Orbit" });
    await revoke.getByText("Revoke…").click();
    await revoke.getByText("The 1 person who already did keeps their registration.").waitFor();
    await revoke.getByLabel("Yes, revoke this link").check();
    await revoke.getByRole("button", { name: "Revoke link Guests from Orbit" }).click();
    await page.getByRole("status").filter({ hasText: "The invitation link no longer works." }).waitFor();
    const late = await newPage();
    const gone = await late.page.goto(link);
    expect(gone?.status()).toBe(410);
    await late.page.getByText("This invitation link was withdrawn by the organisers.").waitFor();

    for (const p of [problems, member.problems, guest.problems, late.problems]) expect(p).toEqual([]);
  });

  it("the co-author invitation page is accessible and sends the invitation", async () => {
    const author = await makeUser({ name: "Aino Author" });
    const event = makeEvent({ organiserIds: [author.id] });
    const note = createNote({ eventId: event.id, title: "What Nimbus learned", body: "Lots.", authorIds: [author.id] });
    const { page, problems } = await newPage(author.id);
    await open(page, `/notes/${note.id}/edit`);
    await page.getByRole("link", { name: "Invite a co-author by e-mail" }).click();
    await page.getByRole("heading", { name: "Invite a co-author" }).waitFor();
    await expectAccessible(page);
    await page.getByLabel("E-mail address").fill("not an address");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await page.getByText("Enter an e-mail address").first().waitFor();
    await page.getByLabel("E-mail address").fill("kai@orbit-mail.example");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await page.getByRole("status").filter({ hasText: "The role is theirs once they sign up with this address and confirm it." }).waitFor();
    await page.getByRole("list", { name: "Invited co-authors" }).getByText("kai@orbit-mail.example").waitFor();
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });
});
