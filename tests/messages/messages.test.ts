// Messages to attendees (ADR 022), domain rules against the real database: recipients by
// state, organisation and answer; one e-mail per person with Reply-To; nobody twice (the
// same form twice, the reminder job twice at once in one process and in two processes);
// the change notice from updateEvent; SMTP delivery with Reply-To and the .ics file.
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { and, eq, like } from "drizzle-orm";
import ICAL from "ical.js";
import { getDb } from "#db/client";
import { eventMessages, type events, messageRecipients, outbox } from "#db/schema";
import { updateEvent } from "~/events/events.server";
import { queueDueReminders, reminderKey } from "~/messages/reminders.server";
import { previewRecipients, sendEventMessage } from "~/messages/send.server";
import { NOBODY_MATCHES } from "~/messages/message-schema";
import { createSmtpTransport, deliverDueMessages } from "~/outbox/delivery.server";
import { decideRegistration } from "~/registration/organiser-decisions.server";
import { registerForEvent } from "~/registration/registrations.server";
import { addQuestion } from "~/registration/questions.server";
import { questionFormSchema } from "~/registration/questions-schema";
import { DomainError } from "~/utils/errors.server";
import { makeEvent, makeOrganisation, makeUser, TEST_PASSWORD } from "../helpers/factories";
import { deleteAccount } from "~/privacy/delete-account.server";
import { listEventMessages } from "~/messages/history.server";
import { startSmtpServer } from "../registration/smtp-support";

const DAY = 24 * 3600 * 1000;
const HEAVY_TIMEOUT = 600_000;
const partner = makeOrganisation("Msg Partner", "msgpartner.example");
const organiser = await makeUser({ email: "olga@organisers.example", name: "Olga Organiser" });
const key = () => `key-${Math.random().toString(36).slice(2)}-${Date.now()}`;
const member = (name: string) =>
  makeUser({
    email: `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 7)}@msgpartner.example`,
    name,
    organisationId: partner.id,
  });
const mailsOf = (eventId: number, kind: string) =>
  getDb()
    .select()
    .from(outbox)
    .where(and(eq(outbox.eventId, eventId), eq(outbox.kind, kind)))
    .all();

async function eventWithPeople(overrides: Parameters<typeof makeEvent>[0] = {}) {
  const event = makeEvent({ capacity: 2, partnerIds: [partner.id], organiserIds: [organiser.id], ...overrides });
  const q = addQuestion(
    event.id,
    questionFormSchema.parse({ intent: "add", label: "Lunch", kind: "single_choice", options: "Vegan\nAnything", audience: "everyone" }),
    { actorId: organiser.id },
  );
  const people = [await member("Ann"), await member("Ben"), await member("Cem")];
  const outsider = await makeUser({ email: `dora-${Math.random().toString(36).slice(2, 7)}@outside.example`, name: "Dora" });
  const lunches = ["Vegan", "Anything", "Vegan"];
  people.forEach((p, i) =>
    registerForEvent({ eventId: event.id, userId: p.id, answers: {}, questionAnswers: { [q.id]: lunches[i] }, consent: true }),
  );
  registerForEvent({ eventId: event.id, userId: outsider.id, answers: {}, consent: true });
  return { event, q, people, outsider };
}

const send = (event: { id: number; slug: string; title: string }, value: Partial<Parameters<typeof sendEventMessage>[0]["value"]>) =>
  sendEventMessage({
    event,
    sender: { id: organiser.id, email: organiser.email! },
    value: { intent: "send", states: ["confirmed"], subject: "Hello", body: "See you soon", sendKey: key(), ...value },
  });

describe("recipients and sending", () => {
  it("filters by state, organisation and answer, and previews the count", async () => {
    const { event, q, people, outsider } = await eventWithPeople();
    // Ann and Ben confirmed (capacity 2), Cem waitlisted, Dora pending.
    expect(previewRecipients(event.id, { states: ["waitlisted"] })).toEqual({ count: 1, names: ["Cem"] });
    expect(previewRecipients(event.id, { states: ["pending"] }).names).toEqual(["Dora"]);
    expect(previewRecipients(event.id, { states: ["confirmed", "waitlisted"], answer: `${q.id}:Vegan` }).names).toEqual(["Ann", "Cem"]);
    expect(previewRecipients(event.id, { states: ["confirmed", "waitlisted", "pending"], organisation: "none" }).names).toEqual(["Dora"]);
    decideRegistration({
      eventId: event.id,
      registrationId: registrationOf(event.id, people[1].id),
      action: "check-in",
      actorId: organiser.id,
    });
    expect(previewRecipients(event.id, { states: ["checked_in"] }).names).toEqual(["Ben"]);
    expect(outsider).toBeDefined();
  });

  it("queues one e-mail per person with the organiser as Reply-To, and a second post of the same form sends nothing", async () => {
    const { event, people } = await eventWithPeople();
    const sendKey = key();
    const first = send(event, { states: ["waitlisted"], subject: "Still hoping?", body: "A seat may free up.", sendKey });
    expect(first).toMatchObject({ queued: 1, alreadySent: false });
    const again = send(event, { states: ["waitlisted"], subject: "Still hoping?", body: "A seat may free up.", sendKey });
    expect(again).toMatchObject({ queued: 0, alreadySent: true });
    const mails = mailsOf(event.id, "message.organiser");
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      toEmail: people[2].email,
      subject: "Still hoping?",
      replyTo: "olga@organisers.example",
      status: "queued",
    });
    expect(mails[0].textBody).toContain("Hello Cem,");
    expect(mails[0].textBody).toContain("A seat may free up.");
    const record = getDb().select().from(eventMessages).where(eq(eventMessages.id, first.message.id)).get()!;
    expect(record).toMatchObject({ audience: "Waiting list", sentById: organiser.id });
  });

  it("refuses a message to nobody, writing nothing", async () => {
    const { event } = await eventWithPeople();
    const before = getDb().select().from(eventMessages).all().length;
    let error: unknown;
    try {
      send(event, { states: ["checked_in"] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).status).toBe(400);
    expect((error as DomainError).message).toBe(NOBODY_MATCHES);
    expect(getDb().select().from(eventMessages).all()).toHaveLength(before);
    expect(mailsOf(event.id, "message.organiser")).toEqual([]);
  });
});

const registrationOf = (eventId: number, userId: number) =>
  getDb().$client.prepare("SELECT id FROM registrations WHERE event_id = ? AND user_id = ?").pluck().get(eventId, userId) as number;

describe("the record after an account is deleted", () => {
  it("keeps the count, drops the e-mail and shows a former attendee", async () => {
    const { event, people } = await eventWithPeople();
    send(event, { states: ["waitlisted"], subject: "Hang on", body: "Soon." });
    await deleteAccount(people[2].id, { confirmEmail: people[2].email!, currentPassword: TEST_PASSWORD });
    const [record] = listEventMessages(event.id);
    expect(record.recipients).toEqual([expect.objectContaining({ name: null, email: null, status: null })]);
    expect(mailsOf(event.id, "message.organiser")).toEqual([]);
  });
});

describe("the reminder", () => {
  it("goes to confirmed people once the time has come, with the event as .ics, and tops up later confirmations", async () => {
    const { event, people } = await eventWithPeople({ startsAt: new Date(Date.now() + 3 * DAY) });
    expect(queueDueReminders(new Date())[event.id]).toBeUndefined(); // 3 days ahead, reminder at 2
    const due = new Date(event.startsAt.getTime() - 2 * DAY + 60_000);
    expect(queueDueReminders(due)[event.id]).toBe(2);
    expect(queueDueReminders(due)[event.id]).toBeUndefined();
    const mails = mailsOf(event.id, "message.reminder");
    expect(mails.map((m) => m.toEmail).sort()).toEqual([people[0].email, people[1].email].sort());
    const calendar = new ICAL.Component(ICAL.parse(mails[0].icsAttachment!));
    const vevent = calendar.getFirstSubcomponent("vevent")!;
    expect(vevent.getFirstPropertyValue("uid")).toBe(`kx-event-${event.id}@knowledge-exchange`);
    expect(calendar.getFirstSubcomponent("vtimezone")?.getFirstPropertyValue("tzid")).toBe("Europe/Berlin");
    expect((vevent.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate().getTime()).toBe(
      Math.floor(event.startsAt.getTime() / 1000) * 1000,
    );
    // Cem moves up when Ann cancels: he gets the same reminder, the others nothing new.
    decideRegistration({
      eventId: event.id,
      registrationId: registrationOf(event.id, people[0].id),
      action: "decline",
      actorId: organiser.id,
    });
    expect(queueDueReminders(due)[event.id]).toBe(1);
    expect(
      mailsOf(event.id, "message.reminder")
        .map((m) => m.toEmail)
        .sort(),
    ).toEqual([people[0].email, people[1].email, people[2].email].sort());
  });

  it("0 days turns it off", async () => {
    const { event } = await eventWithPeople({ startsAt: new Date(Date.now() + DAY), reminderDaysBefore: 0 });
    expect(queueDueReminders(new Date())[event.id]).toBeUndefined();
    expect(mailsOf(event.id, "message.reminder")).toEqual([]);
  });

  // The two races below make 450 and 900 people through the real sign-up (a password hash
  // and an address verification each): 13 and 50 s on the shared 2-core machine, 39 and
  // 124 s with three busy loops on top. Their own limit, which only a hang should reach.
  it("run twice at once in one process, each person is mailed once", { timeout: HEAVY_TIMEOUT }, async () => {
    const event = makeEvent({ capacity: 500, partnerIds: [partner.id], startsAt: new Date(Date.now() + DAY) });
    for (let i = 0; i < 450; i++) {
      const person = await member(`Many${i}`);
      registerForEvent({ eventId: event.id, userId: person.id, answers: {}, consent: true });
    }
    const [a, b] = await Promise.all([
      Promise.resolve().then(() => queueDueReminders()),
      Promise.resolve().then(() => queueDueReminders()),
    ]);
    expect((a[event.id] ?? 0) + (b[event.id] ?? 0)).toBe(450);
    const mails = mailsOf(event.id, "message.reminder");
    expect(mails).toHaveLength(450);
    expect(new Set(mails.map((m) => m.toEmail)).size).toBe(450);
  });

  it("run by two processes at the same moment, each person is mailed once", { timeout: HEAVY_TIMEOUT }, async () => {
    const event = makeEvent({ capacity: 1000, partnerIds: [partner.id], startsAt: new Date(Date.now() + DAY) });
    for (let i = 0; i < 900; i++) {
      const person = await member(`Proc${i}`);
      registerForEvent({ eventId: event.id, userId: person.id, answers: {}, consent: true });
    }
    // Other events' reminders are done already, so the children only race on this one.
    queueDueReminders(new Date(event.startsAt.getTime() - 3 * DAY));
    const children = [startReminderChild(Date.now()), startReminderChild(Date.now())];
    // Both have started and opened the database: release them together.
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.child.stdin!.write("go\n");
    const counts = (await Promise.all(children.map((c) => c.done))).map(
      (stdout) => (JSON.parse(stdout.trim().split("\n").pop()!) as Record<string, number>)[event.id] ?? 0,
    );
    expect(counts[0] + counts[1]).toBe(900);
    const mails = mailsOf(event.id, "message.reminder");
    expect(mails).toHaveLength(900);
    expect(new Set(mails.map((m) => m.userId)).size).toBe(900);
    const recipients = getDb()
      .select()
      .from(messageRecipients)
      .innerJoin(eventMessages, eq(eventMessages.id, messageRecipients.messageId))
      .where(eq(eventMessages.dedupeKey, reminderKey(event.id)))
      .all();
    expect(recipients).toHaveLength(900);
  });
});

/** tests/messages/reminders-child.ts in its own process: `ready` once it has started, `done` with its output once it exits 0. */
function startReminderChild(now: number) {
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["tests/messages/reminders-child.ts"], {
    env: { ...process.env, KX_NOW: String(now) },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let signalReady: () => void;
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith("ready\n")) signalReady();
  });
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<string>((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`reminders child exited ${code}:\n${stdout}${stderr}`)))),
  );
  // A child that dies before it is ready fails the test at once instead of leaving it waiting.
  return { child, ready: Promise.race([ready, done.then(() => undefined)]), done };
}

describe("the change notice", () => {
  const form = (event: typeof events.$inferSelect, overrides: Record<string, unknown> = {}) => ({
    title: event.title,
    summary: event.summary,
    description: event.description,
    format: event.format,
    series: event.series ?? "",
    venue: event.venue,
    timeZone: event.timeZone,
    startsAt: "",
    endsAt: "",
    capacity: event.capacity,
    partnerOrganisationIds: [partner.id],
    organiserEmails: "",
    openMarketplace: false,
    status: event.status,
    ...overrides,
  });
  const local = (d: Date) => d.toISOString().slice(0, 16);

  it("goes to everyone registered when the place changes or the event is cancelled, and not for a title change", async () => {
    const startsAt = new Date(Math.floor((Date.now() + 14 * DAY) / 60_000) * 60_000);
    const { event, people, outsider } = await eventWithPeople({
      venue: "Hall A",
      timeZone: "UTC",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 8 * 3600_000),
    });
    const times = { startsAt: local(event.startsAt), endsAt: local(event.endsAt) };
    const renamed = updateEvent(event, form(event, { ...times, title: "Renamed" }) as never);
    expect(mailsOf(event.id, "message.change_notice")).toEqual([]);
    const moved = updateEvent(renamed, form(renamed, { ...times, venue: "Hall B" }) as never);
    const notices = mailsOf(event.id, "message.change_notice");
    expect(notices.map((m) => m.toEmail).sort()).toEqual([...people.map((p) => p.email), outsider.email].sort());
    expect(notices[0].textBody).toContain("Where: Hall B");
    expect(notices[0].textBody).toContain("Was: Hall A");
    expect(notices[0].icsAttachment).toContain("LOCATION:Hall B");
    updateEvent(moved, form(moved, { ...times, venue: "Hall B", status: "cancelled" }) as never);
    const cancelled = mailsOf(event.id, "message.change_notice").filter((m) => m.subject.startsWith("Cancelled"));
    expect(cancelled).toHaveLength(4);
    expect(cancelled[0].icsAttachment).toContain("STATUS:CANCELLED");
  });
});

describe("SMTP delivery of a message", () => {
  it("sets Reply-To and attaches event.ics", async () => {
    const smtp = await startSmtpServer();
    getDb().update(outbox).set({ status: "sent" }).where(eq(outbox.status, "queued")).run();
    const { event, people } = await eventWithPeople({ startsAt: new Date(Date.now() + DAY) });
    getDb().update(outbox).set({ status: "sent" }).where(like(outbox.kind, "registration.%")).run();
    queueDueReminders();
    send(event, { states: ["waitlisted"], subject: "Your place", body: "Hang on." });
    await deliverDueMessages({ transport: createSmtpTransport(smtp.url), limit: 100 });
    const toCem = smtp.received.find((m) => m.to.includes(people[2].email!) && m.raw.includes("Your place"))!;
    expect(toCem.raw).toMatch(/Reply-To: olga@organisers.example/i);
    const reminder = smtp.received.find((m) => m.to.includes(people[0].email!) && m.raw.includes("Reminder"))!;
    expect(reminder.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=PUBLISH; name=event.ics/i);
    expect(reminder.raw).toMatch(/Reply-To: olga@organisers.example/i);
  });
});
