// Security review, 7 Dec 2026: "Nothing limits these mails." Every form where a signed-in
// person makes the app e-mail an address they typed or chose is limited per person and per
// event (app/outbox/mail-limits.server.ts). At production values: this file runs in its own
// process and sets the real multiplier before the server starts (tests/setup loosens it).
// Over the limit: 429 with Retry-After and the message on the form; nothing written, nothing queued.
process.env.KX_RATE_LIMIT_MULTIPLIER = "1";

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { eventMessages, invitations, outbox, registrations, roleInvites, type Event } from "#db/schema";
import { inviteCoOrganiser } from "~/invitations/role-invites.server";
import { createNote } from "~/notes/create-note.server";
import { registerForEvent } from "~/registration/registrations.server";
import { LIMITS } from "~/utils/rate-limit.server";
import { makeEvent, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const db = getDb();
const HOUR = 3600 * 1000;
const rowsOf = (eventId: number) => ({
  invitations: db.select({ n: count() }).from(invitations).where(eq(invitations.eventId, eventId)).get()!.n,
  registrations: db.select({ n: count() }).from(registrations).where(eq(registrations.eventId, eventId)).get()!.n,
  roleInvites: db.select({ n: count() }).from(roleInvites).where(eq(roleInvites.eventId, eventId)).get()!.n,
  messages: db.select({ n: count() }).from(eventMessages).where(eq(eventMessages.eventId, eventId)).get()!.n,
  outbox: db.select({ n: count() }).from(outbox).where(eq(outbox.eventId, eventId)).get()!.n,
});
const address = () => `door-${crypto.randomUUID()}@door.example`;

/** A co-organiser through the real path: the owner invites a verified account, which gets the role at once (ADR 019). */
async function coOrganiser(event: Event, owner: { id: number; name: string | null }) {
  const user = await makeUser();
  expect(inviteCoOrganiser({ event, email: user.email! }, { id: owner.id, name: owner.name ?? "Owner" }).grantedNow).toBe(true);
  return client(server.url, await sessionCookieFor(user.id));
}

/** A fresh organiser's event with a big room: under way (the door), or still to come. */
async function organisedEvent(when: "under way" | "to come" = "under way") {
  const owner = await makeUser();
  const times = when === "under way" ? { startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + 6 * HOUR) } : {};
  const event = makeEvent({ organiserIds: [owner.id], capacity: 1000, ...times });
  return { event, owner, org: client(server.url, await sessionCookieFor(owner.id)) };
}

/** The refusal: 429, Retry-After within the hour, the message on the page's form. */
async function expectLimited(response: Response, message: string) {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(3600);
  const html = await response.text();
  expect(html).toContain(message);
  expect(html).toMatch(/Please wait \d+ (minutes?|seconds?) and try again\./);
  return html;
}

type Organiser = ReturnType<typeof client>;
const sendLink = (org: Organiser, slug: string, email = address()) =>
  org.post(`/events/${slug}/attendees`, { intent: "walk-in-link", email });
const walkIn = (org: Organiser, slug: string) =>
  org.post(`/events/${slug}/attendees`, { intent: "walk-in", name: "Door Person", email: address(), consent: "on", whenFull: "ask" });
const invite = (org: Organiser, slug: string) =>
  org.post(`/events/${slug}/invitations`, { intent: "invite-co-organiser", email: address() });
const send = (org: Organiser, slug: string) =>
  org.post(`/events/${slug}/messages`, {
    intent: "send",
    states: ["confirmed", "pending", "waitlisted"],
    subject: "Hello",
    body: "See you soon",
    sendKey: crypto.randomUUID(),
  });
/** Someone registered for the event (messages go to registered people only). */
const registerSomeone = async (eventId: number) => {
  registerForEvent({ eventId, userId: (await makeUser()).id, answers: {}, consent: true });
};

type MailingForm = {
  post: (org: Organiser, slug: string) => Promise<Response>;
  limit: number;
  /** The status of a post that passes, and the row each one writes. */
  passes: number;
  row: keyof ReturnType<typeof rowsOf>;
  message: string;
  when?: "under way" | "to come";
  before?: (eventId: number) => Promise<void>;
};

/** `limit` posts pass; the next is refused with nothing written or queued; another organiser (another event) is unaffected. */
async function expectPerPersonLimit(form: MailingForm) {
  const { event, org } = await organisedEvent(form.when);
  await form.before?.(event.id);
  for (let i = 0; i < form.limit; i++) expect((await form.post(org, event.slug)).status).toBe(form.passes);
  const before = rowsOf(event.id);
  expect(before[form.row]).toBe(form.limit);
  await expectLimited(await form.post(org, event.slug), form.message);
  expect(rowsOf(event.id)).toEqual(before);

  const other = await organisedEvent(form.when);
  await form.before?.(other.event.id);
  expect((await form.post(other.org, other.event.slug)).status).toBe(form.passes);
  expect(rowsOf(other.event.id)[form.row]).toBe(1);
}

describe("the N+1-th mail of a person in the hour is refused: 429, nothing written, nothing queued", () => {
  it("walk-in links", () =>
    expectPerPersonLimit({
      post: sendLink,
      limit: LIMITS.walkInLinkPerUser.limit,
      passes: 200,
      row: "invitations",
      message: "You sent many links to take a seat in the last hour.",
    }));

  it("walk-ins of new addresses (each gets an account and a confirmation mail)", () =>
    expectPerPersonLimit({
      post: walkIn,
      limit: LIMITS.walkInPerUser.limit,
      passes: 303,
      row: "registrations",
      message: "You added many walk-ins in the last hour.",
    }));

  it("co-organiser invitations", () =>
    expectPerPersonLimit({
      post: invite,
      limit: LIMITS.roleInvitePerUser.limit,
      passes: 303,
      row: "roleInvites",
      message: "You sent many role invitations in the last hour.",
    }));

  it("messages to attendees", () =>
    expectPerPersonLimit({
      post: send,
      limit: LIMITS.eventMessagePerUser.limit,
      passes: 303,
      row: "messages",
      message: "You sent many messages in the last hour.",
      when: "to come",
      before: registerSomeone,
    }));
});

describe("co-author invitations", () => {
  it("share the person's role-invitation budget with co-organiser invitations: past it, no invite for the note, no mail", async () => {
    const { event, owner, org } = await organisedEvent();
    const note = createNote({ eventId: event.id, title: "Door notes", body: "What we learned.", authorIds: [owner.id] });
    for (let i = 0; i < LIMITS.roleInvitePerUser.limit; i++) expect((await invite(org, event.slug)).status).toBe(303);
    const before = rowsOf(event.id);
    const refused = await org.post(`/notes/${note.id}/co-authors`, { email: "co.author@door.example" });
    await expectLimited(refused, "You sent many role invitations in the last hour.");
    expect(db.select().from(roleInvites).where(eq(roleInvites.noteId, note.id)).all()).toEqual([]);
    expect(rowsOf(event.id)).toEqual(before);
  });
});

describe("the per-event limit", () => {
  it("an event's organisers together have it: a third organiser is refused once two used the event's walk-in links", async () => {
    const { event, owner, org } = await organisedEvent();
    const second = await coOrganiser(event, owner);
    const third = await coOrganiser(event, owner);
    const perEvent = LIMITS.walkInLinkPerEvent.limit;
    for (let i = 0; i < perEvent; i++) expect((await sendLink(i % 2 ? second : org, event.slug)).status).toBe(200);
    const before = rowsOf(event.id);
    expect(before.invitations).toBe(perEvent);
    await expectLimited(
      await sendLink(third, event.slug, "one.too.many@door.example"),
      "The organisers of this event sent many links to take a seat in the last hour.",
    );
    expect(rowsOf(event.id)).toEqual(before);
    expect(db.select().from(outbox).where(eq(outbox.toEmail, "one.too.many@door.example")).all()).toEqual([]);
  });
});

describe("the call sites", () => {
  it("await limitMails before each mailing domain call (a forgotten await would let every request through)", () => {
    const files = ["app/registration/walk-in-links.server.ts", ...fs.readdirSync("app/routes").map((f) => path.join("app/routes", f))];
    const calls = files.flatMap((file) =>
      fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => /\blimitMails\(/.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(calls.length).toBe(5);
    expect(calls.filter((call) => !/await limitMails\(/.test(call))).toEqual([]);
  });
});
