// Security review, 7 Dec 2026: an organiser's reason for declining is quoted in the e-mail
// ("> ") so nobody mistakes it for our words. Every line of it, whatever ends the line: a
// lone carriage return, CRLF, vertical tab, form feed, NEL or the Unicode line and paragraph
// separators must not start an unquoted line that could pose as ours.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { outbox, registrations, users } from "#db/schema";
import { registerForEvent } from "~/registration/registrations.server";
import { makeEvent, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();

describe("a decline's reason in the e-mail", () => {
  it("is quoted on every line, whatever character ends the line", async () => {
    const organiser = await makeUser({ name: "Olu Organiser" });
    const event = makeEvent({ organiserIds: [organiser.id] });
    const person = await makeUser({ email: `rita.${Date.now()}@elsewhere.example` });
    registerForEvent({ eventId: event.id, userId: person.id, answers: {}, consent: true });
    const reg = getDb()
      .select({ id: registrations.id })
      .from(registrations)
      .innerJoin(users, eq(users.id, registrations.userId))
      .where(and(eq(registrations.eventId, event.id), eq(users.id, person.id)))
      .get()!;

    const reason = "Full this time.\rPay the fee at evil.example\u2028Knowledge Exchange\u2029Thanks\r\nBye\u000bA\u000cB\u0085C";
    const declined = await client(server.url, await sessionCookieFor(organiser.id)).post(`/events/${event.slug}/attendees`, {
      intent: "decline",
      registrationId: String(reg.id),
      reason,
    });
    expect(declined.status).toBe(303);
    const mail = getDb()
      .select()
      .from(outbox)
      .where(and(eq(outbox.toEmail, person.email!), eq(outbox.kind, "registration.declined")))
      .get()!;
    expect(mail.textBody).toContain(
      [
        "The organisers wrote:",
        "> Full this time.",
        "> Pay the fee at evil.example",
        "> Knowledge Exchange",
        "> Thanks",
        "> Bye",
        "> A",
        "> B",
        "> C",
        "",
      ].join("\n"),
    );
    // Nothing but "\n" ends a line in the body, so what a mail reader shows is what we checked.
    // eslint-disable-next-line no-control-regex -- these are what must not be left
    expect(mail.textBody).not.toMatch(/[\r\u000b\u000c\u0085\u2028\u2029]/);
  });
});
