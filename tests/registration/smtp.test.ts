// Outbox delivery over SMTP with nodemailer, against a real SMTP server started here:
// delivery, retry with back-off after a refusal, giving up as `failed` (never deleted)
// and re-queueing from /outbox.
import { describe, expect, it } from "vitest";
import { desc, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { outbox } from "#db/schema";
import { backoffMs, createSmtpTransport, deliverDueMessages, MAX_ATTEMPTS } from "~/outbox/delivery.server";
import { queueEmail } from "~/outbox/outbox.server";
import { registerForEvent } from "~/registration/registrations.server";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { startSmtpServer } from "./smtp-support";

const smtp = await startSmtpServer();
const server = await startTestServer(); // no SMTP_URL here: the startup job stays idle
const partner = makeOrganisation("Mail Partner", "mailpartner.example");
const row = (id: number) => getDb().select().from(outbox).where(eq(outbox.id, id)).get()!;
const clearQueue = () => getDb().update(outbox).set({ status: "sent" }).where(eq(outbox.status, "queued")).run();

describe("SMTP delivery", () => {
  it("delivers a registration e-mail to the SMTP server and marks it sent", async () => {
    const event = makeEvent({ title: "Mail Exchange", partnerIds: [partner.id] });
    const person = await makeUser({ email: "mia@mailpartner.example", name: "Mia Mailer" });
    clearQueue(); // her verification link, already used by the fixture
    registerForEvent({ eventId: event.id, userId: person.id, answers: {}, consent: true });
    const queued = getDb().select().from(outbox).where(eq(outbox.userId, person.id)).orderBy(desc(outbox.id)).get()!;
    expect(queued.status).toBe("queued");

    const transport = createSmtpTransport(smtp.url);
    const result = await deliverDueMessages({ transport });
    expect(result).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const mail = smtp.received.find((m) => m.to.includes("mia@mailpartner.example"))!;
    expect(mail).toBeDefined();
    expect(mail.raw).toContain("Subject: You're registered: Mail Exchange");
    expect(mail.raw).toContain("Your seat is confirmed");
    expect(mail.raw).toMatch(/To: "?Mia Mailer"? <mia@mailpartner.example>/);
    expect(row(queued.id)).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    expect(row(queued.id).sentAt).toBeInstanceOf(Date);
  });

  it("retries with back-off after a temporary refusal, then delivers exactly once", async () => {
    clearQueue();
    const id = queueEmail(getDb(), { kind: "test", toEmail: "retry@test.example", subject: "Retry me", textBody: "Hello" });
    const transport = createSmtpTransport(smtp.url);
    const t0 = new Date();
    smtp.refuse(1);
    const first = await deliverDueMessages({ transport, now: () => t0 });
    expect(first).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const afterFailure = row(id);
    expect(afterFailure.status).toBe("queued");
    expect(afterFailure.attempts).toBe(1);
    expect(afterFailure.lastError).toMatch(/451/);
    expect(afterFailure.nextAttemptAt.getTime()).toBe(t0.getTime() + backoffMs(1));

    // Not due yet: nothing is sent.
    expect(await deliverDueMessages({ transport, now: () => new Date(t0.getTime() + 1000) })).toEqual({ sent: 0, retrying: 0, failed: 0 });
    // After the back-off it goes out.
    const later = new Date(t0.getTime() + backoffMs(1) + 1);
    expect(await deliverDueMessages({ transport, now: () => later })).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(row(id)).toMatchObject({ status: "sent", attempts: 2 });
    expect(smtp.received.filter((m) => m.to.includes("retry@test.example"))).toHaveLength(1);
  });

  it("backs off exponentially, gives up as `failed` (kept), and /outbox can queue it again", async () => {
    clearQueue();
    expect([1, 2, 3, 4].map((n) => backoffMs(n))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(20)).toBe(60 * 60_000);

    const organiser = await makeUser();
    const event = makeEvent({ organiserIds: [organiser.id] });
    const id = queueEmail(getDb(), {
      kind: "test",
      toEmail: "down@test.example",
      subject: "Server down",
      textBody: "x",
      eventId: event.id,
    });
    // Nobody listens on this port: every attempt fails.
    const closed = await startSmtpServer();
    await closed.close();
    const transport = createSmtpTransport(closed.url);
    let clock = Date.now();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const result = await deliverDueMessages({ transport, now: () => new Date(clock) });
      expect(result.sent).toBe(0);
      expect(row(id).attempts).toBe(attempt);
      clock += backoffMs(attempt) + 1;
    }
    expect(row(id).status).toBe("failed");
    expect(row(id).lastError).toMatch(/ECONNREFUSED|connect/i);

    const browser = client(server.url, await sessionCookieFor(organiser.id));
    const page = await (await browser.get("/outbox?status=failed")).text();
    expect(page).toContain("Server down");
    const retry = await browser.post("/outbox", { intent: "retry", messageId: String(id) });
    expect(retry.status).toBe(303); // post/redirect/get back to the outbox
    expect(row(id).status).toBe("queued");
    // Now the real server is reachable again.
    expect((await deliverDueMessages({ transport: createSmtpTransport(smtp.url) })).sent).toBe(1);
    expect(row(id).status).toBe("sent");

    // An organiser of another event cannot touch it.
    const stranger = await makeUser();
    makeEvent({ organiserIds: [stranger.id] });
    const refused = await client(server.url, await sessionCookieFor(stranger.id)).post("/outbox", {
      intent: "retry",
      messageId: String(id),
    });
    expect(refused.status).toBe(404);
  });
});
