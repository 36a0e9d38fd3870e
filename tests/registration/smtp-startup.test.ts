// With SMTP_URL set, the server's start-up job delivers queued e-mails on its own:
// register over HTTP, and the message arrives at a real SMTP server.
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { outbox } from "#db/schema";
import { makeEvent, makeOrganisation } from "../helpers/factories";
import { client, startTestServer } from "../helpers/server";
import { startSmtpServer, waitFor } from "./smtp-support";

const smtp = await startSmtpServer();
process.env.SMTP_URL = smtp.url; // read by the server's environment at start-up
const server = await startTestServer();

describe("outbox delivery job", () => {
  it("sends the verification link and, once it is used, the confirmation of the registration over SMTP", async () => {
    const org = makeOrganisation("Job Partner", "jobpartner.example");
    const event = makeEvent({ title: "Delivered Exchange", partnerIds: [org.id] });
    const browser = client(server.url);
    const response = await browser.post(`/events/${event.slug}/register`, {
      intent: "register",
      name: "Juno Job",
      email: "juno@jobpartner.example",
      password: "a long enough password",
      consent: "on",
    });
    expect(response.status).toBe(302);
    const verifyMail = await waitFor(() =>
      smtp.received.find((m) => m.to.includes("juno@jobpartner.example") && m.raw.includes("Confirm your e-mail address")),
    );
    const link = verifyMail.raw.replace(/=\r?\n/g, "").match(/\/verify-email\/[A-Za-z0-9_-]{43}/)![0];
    expect((await browser.post(link)).status).toBe(303);
    const mail = await waitFor(() =>
      smtp.received.find((m) => m.to.includes("juno@jobpartner.example") && m.raw.includes("You're registered")),
    );
    expect(mail.raw).toContain("You're registered: Delivered Exchange");
    await waitFor(() =>
      getDb()
        .select()
        .from(outbox)
        .where(eq(outbox.toEmail, "juno@jobpartner.example"))
        .all()
        .every((m) => m.status === "sent"),
    );
  });
});
