// A walk-in whose address already has an account (security review, 7 Dec 2026), in real
// Chromium on phones (390 × 844), by visible labels: the organiser at the door is told on
// the e-mail field, taps "Send them a link to take this seat" and gets a QR code; the
// person opens the link on their own phone after registration closed, agrees to the
// privacy notice themselves and is confirmed. axe on the organiser's page.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { outbox, registrations } from "#db/schema";
import { expectAccessible } from "../helpers/axe";
import { makeEvent, makeUser } from "../helpers/factories";
import { startTestServer } from "../helpers/server";
import { phoneSignedIn, walkInRefusedForAccount } from "../helpers/walk-in-door";

const server = await startTestServer();
const db = getDb();
const HOUR = 3_600_000;

describe("a walk-in with an existing account, on phones", () => {
  it("gets a link to take the seat, shown as a QR code, and registers themselves", async () => {
    const organiser = await makeUser({ name: "Olu Organiser" });
    const person = await makeUser({ name: "Priya Present", email: `priya.${Date.now()}@door.example` });
    const event = makeEvent({
      title: "Door test exchange",
      organiserIds: [organiser.id],
      startsAt: new Date(Date.now() - HOUR),
      endsAt: new Date(Date.now() + 6 * HOUR),
    });

    const door = await phoneSignedIn(server.url, organiser.id);
    await door.page.goto(`${server.url}/events/${event.slug}/attendees`);
    await walkInRefusedForAccount(door.page, "Priya", person.email!);
    expect(await door.page.getByLabel("E-mail", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(await door.page.getByText("Priya Present").count()).toBe(0);

    await door.page.getByRole("button", { name: "Send them a link to take this seat" }).click();
    await door.page.getByText(`We e-mailed a link to take this seat to ${person.email}.`).waitFor();
    await door.page.getByRole("img", { name: "QR code of the link to take this seat" }).waitFor();
    await expectAccessible(door.page);
    const link = (await door.page.locator("figcaption").textContent())!.trim();
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]+$/);
    const mail = db
      .select()
      .from(outbox)
      .where(and(eq(outbox.toEmail, person.email!), eq(outbox.kind, "registration.walk_in_link")))
      .get()!;
    expect(mail.textBody).toContain(link);
    expect(door.problems).toEqual([]);

    // Their own phone: the link leads to the registration form although registration closed.
    const own = await phoneSignedIn(server.url, person.id);
    await own.page.goto(server.url + new URL(link).pathname);
    await own.page.getByRole("heading", { name: "Register for Door test exchange" }).waitFor();
    await own.page.getByLabel(/I agree to the/).check();
    await own.page.getByRole("button", { name: "Register", exact: true }).click();
    await own.page.getByText("You're in: your seat is confirmed.").waitFor();
    const reg = db
      .select()
      .from(registrations)
      .where(and(eq(registrations.eventId, event.id), eq(registrations.userId, person.id)))
      .get()!;
    expect(reg.status).toBe("confirmed");
    expect(reg.invitationId).toBeTypeOf("number");
    expect(own.problems).toEqual([]);
  });
});
