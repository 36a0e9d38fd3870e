// Registration questions and messages through the real server (ADR 022): the register
// form asks the event's questions and refuses bad answers with 400, a field message and
// nothing written; the editor; the attendee list's answer filter and the CSV; messages:
// preview, zero recipients refused, another event's organiser refused, sending.
import { describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { parse } from "csv-parse/sync";
import { getDb } from "#db/client";
import { eventMessages, outbox, registrationAnswers, registrationQuestions, registrations, users } from "#db/schema";
import { addQuestion } from "~/registration/questions.server";
import { questionFormSchema } from "~/registration/questions-schema";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const partner = makeOrganisation("Qhttp Partner", "qhttp.example");
const organiser = await makeUser({ email: "olga@qhttp-org.example", name: "Olga Organiser" });
const otherOrganiser = await makeUser({ name: "Oskar Other" });
const organiserBrowser = client(server.url, await sessionCookieFor(organiser.id));

const totals = () => ({
  users: getDb().select({ n: count() }).from(users).get()!.n,
  registrations: getDb().select({ n: count() }).from(registrations).get()!.n,
  answers: getDb().select({ n: count() }).from(registrationAnswers).get()!.n,
  outbox: getDb().select({ n: count() }).from(outbox).get()!.n,
  messages: getDb().select({ n: count() }).from(eventMessages).get()!.n,
});

function eventWithQuestions() {
  const event = makeEvent({ partnerIds: [partner.id], organiserIds: [organiser.id] });
  const add = (fields: Record<string, unknown>) =>
    addQuestion(event.id, questionFormSchema.parse({ intent: "add", audience: "everyone", ...fields }), { actorId: organiser.id });
  const lunch = add({ label: "Lunch", kind: "single_choice", options: "Vegan\nAnything", required: true, helpText: "For the caterer" });
  const hopes = add({ label: "What do you hope to learn?", kind: "short_text" });
  return { event, lunch, hopes };
}

const visitor = (overrides: Record<string, string> = {}) => ({
  intent: "register",
  name: "Vera Visitor",
  email: `vera-${Math.random().toString(36).slice(2, 8)}@qhttp.example`,
  password: "a long enough password",
  organisation: "Qhttp",
  jobRole: "Engineer",
  consent: "on",
  ...overrides,
});

describe("the register form asks the event's questions", () => {
  it("shows them with labels and help text, and stores the answers", async () => {
    const { event, lunch, hopes } = eventWithQuestions();
    const form = await (await client(server.url).get(`/events/${event.slug}/register`)).text();
    expect(form.replace(/<[^>]+>/g, "")).toContain("Lunch (required)");
    expect(form).toContain("For the caterer");
    expect(form).toContain(`name="question-${lunch.id}"`);
    const browser = client(server.url);
    const fields = visitor({ [`question-${lunch.id}`]: "Vegan", [`question-${hopes.id}`]: "Platform teams" });
    const response = await browser.post(`/events/${event.slug}/register`, fields);
    expect(response.status).toBe(302);
    const user = getDb().select().from(users).where(eq(users.email, fields.email)).get()!;
    const registration = getDb().select().from(registrations).where(eq(registrations.userId, user.id)).get()!;
    const answers = getDb().select().from(registrationAnswers).where(eq(registrationAnswers.registrationId, registration.id)).all();
    expect(answers.map((a) => [a.askedLabel, a.value]).sort()).toEqual([
      ["Lunch", "Vegan"],
      ["What do you hope to learn?", "Platform teams"],
    ]);
    const status = await (await browser.get(`/events/${event.slug}/register`)).text();
    expect(status).toContain("What do you hope to learn?");
    expect(status).toContain("Platform teams");
  });

  it("a required question left empty: 400, the field's message, nothing written", async () => {
    const { event, lunch } = eventWithQuestions();
    const before = totals();
    const response = await client(server.url).post(`/events/${event.slug}/register`, visitor());
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain("Please answer this question.");
    expect(body).toContain(`question-${lunch.id}`);
    expect(totals()).toEqual(before);
  });

  it("a choice not offered and a 10 kB answer: 400 with the field's message, nothing written", async () => {
    const { event, lunch, hopes } = eventWithQuestions();
    const before = totals();
    const steak = await client(server.url).post(`/events/${event.slug}/register`, visitor({ [`question-${lunch.id}`]: "Steak" }));
    expect(steak.status).toBe(400);
    expect(await steak.text()).toContain("Choose one of the offered answers.");
    const long = await client(server.url).post(
      `/events/${event.slug}/register`,
      visitor({ [`question-${lunch.id}`]: "Vegan", [`question-${hopes.id}`]: "x".repeat(10_240) }),
    );
    expect(long.status).toBe(400);
    expect(await long.text()).toContain("At most 200 characters.");
    expect(totals()).toEqual(before);
  });

  it("an answer to another event's question is not stored", async () => {
    const { event, lunch } = eventWithQuestions();
    const other = eventWithQuestions();
    const fields = visitor({ [`question-${lunch.id}`]: "Anything", [`question-${other.hopes.id}`]: "Smuggled" });
    expect((await client(server.url).post(`/events/${event.slug}/register`, fields)).status).toBe(302);
    const user = getDb().select().from(users).where(eq(users.email, fields.email)).get()!;
    const registration = getDb().select().from(registrations).where(eq(registrations.userId, user.id)).get()!;
    const answers = getDb().select().from(registrationAnswers).where(eq(registrationAnswers.registrationId, registration.id)).all();
    expect(answers.map((a) => a.questionId)).toEqual([lunch.id]);
  });
});

describe("the question editor", () => {
  it("adds a question with a field message for bad input, 403 for another event's organiser", async () => {
    const { event } = eventWithQuestions();
    const path = `/events/${event.slug}/questions`;
    const bad = await organiserBrowser.post(path, {
      intent: "add",
      label: "Pick one",
      kind: "single_choice",
      options: "Only",
      audience: "everyone",
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Offer at least two choices, one per line.");
    const good = await organiserBrowser.post(path, {
      intent: "add",
      label: "T-shirt size",
      kind: "single_choice",
      options: "S\nM\nL",
      audience: "everyone",
      required: "on",
    });
    expect(good.status).toBe(303);
    const saved = getDb().select().from(registrationQuestions).where(eq(registrationQuestions.label, "T-shirt size")).get()!;
    expect(saved).toMatchObject({ eventId: event.id, options: ["S", "M", "L"], required: true });
    const page = await (await organiserBrowser.get(path)).text();
    expect(page).toContain("T-shirt size");
    const stranger = client(server.url, await sessionCookieFor(otherOrganiser.id));
    expect((await stranger.get(path)).status).toBe(403);
    expect((await stranger.post(path, { intent: "remove", questionId: String(saved.id) })).status).toBe(403);
    expect(getDb().select().from(registrationQuestions).where(eq(registrationQuestions.id, saved.id)).get()).toBeDefined();
  });
});

describe("answers on the attendee list and in the CSV", () => {
  it("filters by an answer and exports a column per question", async () => {
    const { event, lunch, hopes } = eventWithQuestions();
    for (const [name, choice] of [
      ["Vic Vegan", "Vegan"],
      ["Andy Anything", "Anything"],
    ]) {
      const fields = visitor({ name, [`question-${lunch.id}`]: choice, [`question-${hopes.id}`]: `=cmd|${name}` });
      expect((await client(server.url).post(`/events/${event.slug}/register`, fields)).status).toBe(302);
    }
    const list = await (
      await organiserBrowser.get(`/events/${event.slug}/attendees?answer=${encodeURIComponent(`${lunch.id}:Vegan`)}`)
    ).text();
    expect(list).toContain("Vic Vegan");
    expect(list).not.toContain("Andy Anything");
    expect(list).toContain("Lunch: Vegan");
    const csvResponse = await organiserBrowser.get(`/events/${event.slug}/attendees.csv?answer=${encodeURIComponent(`${lunch.id}:Vegan`)}`);
    const rows = parse(await csvResponse.text(), { bom: true }) as string[][];
    expect(rows).toHaveLength(2);
    expect(rows[0].slice(-2)).toEqual(["Lunch", "What do you hope to learn?"]);
    expect(rows[1].slice(-2)).toEqual(["Vegan", "'=cmd|Vic Vegan"]);
  });
});

describe("messages to attendees", () => {
  const message = (overrides: Record<string, string | string[]> = {}) => ({
    intent: "send",
    states: ["confirmed"],
    subject: "Doors open at 9",
    body: "Coffee from 8:30.",
    sendKey: `key-${Math.random().toString(36).slice(2)}-${Date.now()}`,
    ...overrides,
  });

  it("previews the recipients, refuses zero recipients and another event's organiser, then sends", async () => {
    const { event, lunch } = eventWithQuestions();
    const person = await makeUser({ email: `mia-${Math.random().toString(36).slice(2, 7)}@qhttp.example`, name: "Mia Member" });
    expect(
      (
        await client(server.url, await sessionCookieFor(person.id)).post(`/events/${event.slug}/register`, {
          intent: "register",
          jobRole: "SRE",
          consent: "on",
          [`question-${lunch.id}`]: "Vegan",
        })
      ).status,
    ).toBe(302);
    const path = `/events/${event.slug}/messages`;

    const preview = await organiserBrowser.post(path, message({ intent: "preview" }));
    expect(preview.status).toBe(200);
    const previewText = await preview.text();
    expect(previewText).toContain("1 person gets this message (Confirmed).");
    expect(previewText).toContain("Mia Member");
    expect(previewText).toContain("Send to 1 person");

    const before = totals();
    const nobody = await organiserBrowser.post(path, message({ states: ["waitlisted"] }));
    expect(nobody.status).toBe(400);
    expect(await nobody.text()).toContain("No one matches these filters");
    const stranger = client(server.url, await sessionCookieFor(otherOrganiser.id));
    const refused = await stranger.post(path, message());
    expect(refused.status).toBe(403);
    const empty = await organiserBrowser.post(path, message({ subject: "", body: "" }));
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Write a subject.");
    expect(totals()).toEqual(before);

    const sent = await organiserBrowser.post(path, message());
    expect(sent.status).toBe(303);
    const mail = getDb()
      .select()
      .from(outbox)
      .where(eq(outbox.userId, person.id))
      .all()
      .find((m) => m.kind === "message.organiser")!;
    expect(mail).toMatchObject({ subject: "Doors open at 9", replyTo: "olga@qhttp-org.example", toEmail: person.email });
    const record = await (await organiserBrowser.get(path)).text();
    expect(record).toContain("Doors open at 9");
    expect(record).toContain("Mia Member");
    const eventPage = await (await organiserBrowser.get(`/events/${event.slug}`)).text();
    expect(eventPage).toContain("Sent to attendees");
    expect(eventPage).toContain("Message to 1 person");
  });
});
