// Custom registration questions (ADR 022), domain rules against the real database: the
// editor's rules, answers checked inside the registration transaction, edits keeping the
// asked wording, the attendee list filter, the CSV, the data export and the purges.
import { describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { parse } from "csv-parse/sync";
import { getDb } from "#db/client";
import { events, registrationAnswers, registrationQuestions, registrations } from "#db/schema";
import { copyEventAsNextInstallment } from "~/events/next-installment.server";
import { utcToLocalInput } from "~/utils/dates";
import { exportUserData } from "~/privacy/export.server";
import { deleteAccount } from "~/privacy/delete-account.server";
import { purgeExpiredAnswers } from "~/privacy/retention.server";
import { attendeesCsv, listAttendees, parseAttendeeFilter } from "~/registration/attendees.server";
import { addQuestion, editQuestion, moveQuestion, questionsForOrganisers, removeQuestion } from "~/registration/questions.server";
import { questionFormSchema, type QuestionFormValue } from "~/registration/questions-schema";
import { registerForEvent } from "~/registration/registrations.server";
import { DomainError } from "~/utils/errors.server";
import { makeEvent, makeOrganisation, makeUser, TEST_PASSWORD } from "../helpers/factories";

const partner = makeOrganisation("Questions Partner", "qpartner.example");
const organiser = await makeUser({ name: "Olga Organiser" });
const actor = { actorId: organiser.id };
const DAY = 24 * 3600 * 1000;

const question = (overrides: Partial<Record<string, unknown>>): QuestionFormValue =>
  questionFormSchema.parse({ intent: "add", label: "Question?", kind: "short_text", audience: "everyone", ...overrides });

function eventWithQuestions() {
  const event = makeEvent({ partnerIds: [partner.id], organiserIds: [organiser.id] });
  const diet = addQuestion(
    event.id,
    question({ label: "Lunch", kind: "single_choice", options: "Vegetarian\nVegan\nAnything", required: true }),
    actor,
  );
  const talks = addQuestion(
    event.id,
    question({ label: "Formats you like", kind: "multiple_choice", options: "Talks\nWorkshops\nFishbowl" }),
    actor,
  );
  const team = addQuestion(event.id, question({ label: "Team size", kind: "number" }), actor);
  const why = addQuestion(
    event.id,
    question({ label: "Why do you want to come?", kind: "long_text", required: true, audience: "interest" }),
    actor,
  );
  const badge = addQuestion(event.id, question({ label: "Badge name", kind: "short_text", required: true, audience: "partners" }), actor);
  return { event, diet, talks, team, why, badge };
}

const partnerMember = () => makeUser({ email: `p-${Math.random().toString(36).slice(2, 8)}@qpartner.example` });
const outsider = () => makeUser({ email: `o-${Math.random().toString(36).slice(2, 8)}@elsewhere.example` });
const answersOf = (registrationId: number) =>
  getDb().select().from(registrationAnswers).where(eq(registrationAnswers.registrationId, registrationId)).all();
const registrationCount = () => getDb().select({ n: count() }).from(registrations).get()!.n;

function refusal(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error("expected a refusal");
}

describe("the question editor", () => {
  it("refuses a choice question with fewer than two choices, and empty labels", () => {
    const one = questionFormSchema.safeParse({ intent: "add", label: "Pick", kind: "single_choice", options: "Only one" });
    expect(one.success).toBe(false);
    expect(one.error!.issues[0]).toMatchObject({ path: ["options"], message: "Offer at least two choices, one per line." });
    const empty = questionFormSchema.safeParse({ intent: "add", label: "   ", kind: "short_text" });
    expect(empty.error!.issues[0].message).toBe("Write the question.");
  });

  it("orders questions and moves them", () => {
    const { event, diet, talks } = eventWithQuestions();
    expect(
      questionsForOrganisers(event.id)
        .map((q) => q.label)
        .slice(0, 2),
    ).toEqual(["Lunch", "Formats you like"]);
    moveQuestion(event.id, talks.id, "up", actor);
    expect(
      questionsForOrganisers(event.id)
        .map((q) => q.id)
        .slice(0, 2),
    ).toEqual([talks.id, diet.id]);
  });

  it("does not find another event's question", () => {
    const { diet } = eventWithQuestions();
    const other = makeEvent({ organiserIds: [organiser.id] });
    expect(refusal(() => editQuestion(other.id, diet.id, question({ label: "Hijacked" }), actor)).status).toBe(404);
    expect(refusal(() => removeQuestion(other.id, diet.id, actor)).status).toBe(404);
    expect(getDb().select().from(registrationQuestions).where(eq(registrationQuestions.id, diet.id)).get()!.label).toBe("Lunch");
  });
});

describe("answers are checked in the registration transaction", () => {
  it("stores valid answers with the wording that was asked", async () => {
    const { event, diet, talks, team, badge } = eventWithQuestions();
    const person = await partnerMember();
    const { registration } = registerForEvent({
      eventId: event.id,
      userId: person.id,
      answers: {},
      questionAnswers: { [diet.id]: "Vegan", [talks.id]: ["Talks", "Fishbowl"], [team.id]: 7, [badge.id]: "Pia" },
      consent: true,
    });
    expect(registration.status).toBe("confirmed");
    const rows = answersOf(registration.id);
    expect(rows.map((r) => [r.askedLabel, r.value]).sort()).toEqual(
      [
        ["Badge name", "Pia"],
        ["Formats you like", '["Talks","Fishbowl"]'],
        ["Lunch", "Vegan"],
        ["Team size", "7"],
      ].sort(),
    );
    expect(rows.find((r) => r.questionId === diet.id)!.askedOptions).toEqual(["Vegetarian", "Vegan", "Anything"]);
  });

  it("a required question left empty: refused with a field message, nothing written", async () => {
    const { event, diet } = eventWithQuestions();
    const person = await partnerMember();
    const before = registrationCount();
    const error = refusal(() =>
      registerForEvent({ eventId: event.id, userId: person.id, answers: {}, questionAnswers: { [diet.id]: "Vegan" }, consent: true }),
    );
    expect(error.status).toBe(400);
    // The partner-only "Badge name" is required of partner members.
    expect(Object.values(error.fieldErrors).flat()).toContain("Please answer this question.");
    expect(registrationCount()).toBe(before);
  });

  it("an interest request must answer the interest-only question, and partner-only answers are not stored", async () => {
    const { event, diet, why, badge } = eventWithQuestions();
    const person = await outsider();
    const error = refusal(() =>
      registerForEvent({ eventId: event.id, userId: person.id, answers: {}, questionAnswers: { [diet.id]: "Vegan" }, consent: true }),
    );
    expect(error.fieldErrors[`question-${why.id}`]).toEqual(["Please answer this question."]);
    const { registration } = registerForEvent({
      eventId: event.id,
      userId: person.id,
      answers: {},
      questionAnswers: { [diet.id]: "Vegan", [why.id]: "To learn", [badge.id]: "Sneaky" },
      consent: true,
    });
    expect(registration.status).toBe("pending");
    expect(
      answersOf(registration.id)
        .map((a) => a.questionId)
        .sort(),
    ).toEqual([diet.id, why.id].sort());
  });

  it("refuses an answer to another event's question, a choice not offered and a 10 kB answer", async () => {
    const first = eventWithQuestions();
    const second = eventWithQuestions();
    const person = await partnerMember();
    const base = { [first.diet.id]: "Vegan", [first.badge.id]: "Pia" };
    const before = registrationCount();
    const foreign = refusal(() =>
      registerForEvent({
        eventId: first.event.id,
        userId: person.id,
        answers: {},
        questionAnswers: { ...base, [second.diet.id]: "Vegan" },
        consent: true,
      }),
    );
    expect(foreign.message).toBe("One of the answers is to a question this event does not ask.");
    const notOffered = refusal(() =>
      registerForEvent({
        eventId: first.event.id,
        userId: person.id,
        answers: {},
        questionAnswers: { ...base, [first.diet.id]: "Steak" },
        consent: true,
      }),
    );
    expect(notOffered.fieldErrors[`question-${first.diet.id}`]).toEqual(["Choose one of the offered answers."]);
    const ticked = refusal(() =>
      registerForEvent({
        eventId: first.event.id,
        userId: person.id,
        answers: {},
        questionAnswers: { ...base, [first.talks.id]: ["Talks", "Karaoke"] },
        consent: true,
      }),
    );
    expect(Object.values(ticked.fieldErrors).flat()).toContain("Choose among the offered answers.");
    const long = refusal(() =>
      registerForEvent({
        eventId: first.event.id,
        userId: person.id,
        answers: {},
        questionAnswers: { ...base, [first.badge.id]: "x".repeat(10_000) },
        consent: true,
      }),
    );
    expect(long.fieldErrors[`question-${first.badge.id}`]).toEqual(["At most 200 characters."]);
    expect(registrationCount()).toBe(before);
  });
});

describe("editing a question after answers exist", () => {
  it("keeps the asked wording and choices, raises the version, and refuses a new kind", async () => {
    const { event, diet, badge } = eventWithQuestions();
    const person = await partnerMember();
    const { registration } = registerForEvent({
      eventId: event.id,
      userId: person.id,
      answers: {},
      questionAnswers: { [diet.id]: "Vegetarian", [badge.id]: "Pia" },
      consent: true,
    });
    const edited = editQuestion(
      event.id,
      diet.id,
      question({ intent: "edit", questionId: diet.id, label: "Lunch preference", kind: "single_choice", options: "Meat\nFish" }),
      actor,
    );
    expect(edited.version).toBe(2);
    const kept = answersOf(registration.id).find((a) => a.questionId === diet.id)!;
    expect(kept).toMatchObject({
      askedLabel: "Lunch",
      value: "Vegetarian",
      questionVersion: 1,
      askedOptions: ["Vegetarian", "Vegan", "Anything"],
    });
    const kind = refusal(() => editQuestion(event.id, diet.id, question({ label: "Lunch preference", kind: "short_text" }), actor));
    expect(kind.status).toBe(409);
    // Removing it archives it: the answer stays, the form no longer asks it.
    expect(removeQuestion(event.id, diet.id, actor)).toEqual({ archived: true });
    expect(answersOf(registration.id).some((a) => a.questionId === diet.id)).toBe(true);
    const list = questionsForOrganisers(event.id).find((q) => q.id === diet.id)!;
    expect(list).toMatchObject({ archived: true, answers: 1 });
    // A question nobody answered is deleted outright.
    const unused = addQuestion(event.id, question({ label: "Unused" }), actor);
    expect(removeQuestion(event.id, unused.id, actor)).toEqual({ archived: false });
  });
});

describe("answers on the attendee list, in the CSV, the export and the purges", () => {
  it("filters by a choice, lists a column per question, exports and erases", async () => {
    const { event, diet, talks, badge } = eventWithQuestions();
    const vegan = await partnerMember();
    const other = await partnerMember();
    const reg = (userId: number, lunch: string, formats: string[]) =>
      registerForEvent({
        eventId: event.id,
        userId,
        answers: {},
        questionAnswers: { [diet.id]: lunch, [talks.id]: formats, [badge.id]: '=HYPERLINK("http://evil")' },
        consent: true,
      }).registration;
    const veganReg = reg(vegan.id, "Vegan", ["Workshops", "Fishbowl"]);
    reg(other.id, "Anything", ["Talks"]);

    const byLunch = listAttendees(event.id, parseAttendeeFilter(new URLSearchParams({ answer: `${diet.id}:Vegan` })));
    expect(byLunch.rows.map((r) => r.userId)).toEqual([vegan.id]);
    expect(byLunch.matching).toBe(1);
    const byFormat = listAttendees(event.id, parseAttendeeFilter(new URLSearchParams({ answer: `${talks.id}:Fishbowl` })));
    expect(byFormat.rows.map((r) => r.userId)).toEqual([vegan.id]);
    const foreign = eventWithQuestions();
    expect(listAttendees(event.id, parseAttendeeFilter(new URLSearchParams({ answer: `${foreign.diet.id}:Vegan` }))).rows).toEqual([]);

    const csv = parse(attendeesCsv(event.id, parseAttendeeFilter(new URLSearchParams({ answer: `${diet.id}:Vegan` }))), {
      bom: true,
    }) as string[][];
    const header = csv[0];
    expect(header.slice(-5)).toEqual(["Lunch", "Formats you like", "Team size", "Why do you want to come?", "Badge name"]);
    expect(csv).toHaveLength(2);
    const row = csv[1];
    expect(row[header.indexOf("Lunch")]).toBe("Vegan");
    expect(row[header.indexOf("Formats you like")]).toBe("Workshops; Fishbowl");
    expect(row[header.indexOf("Badge name")]).toBe('\'=HYPERLINK("http://evil")');

    const exported = exportUserData(vegan.id);
    const mine = exported.registrations.find((r: { event: { slug: string } }) => r.event.slug === event.slug)!;
    expect(mine.questionAnswers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ question: "Lunch", answer: "Vegan" }),
        expect.objectContaining({ question: "Formats you like", answer: "Workshops; Fishbowl" }),
      ]),
    );

    await deleteAccount(other.id, { confirmEmail: other.email!, currentPassword: TEST_PASSWORD });
    expect(answersOf(veganReg.id)).not.toHaveLength(0);
    const otherReg = getDb().select().from(registrations).where(eq(registrations.userId, other.id)).get()!;
    expect(answersOf(otherReg.id)).toEqual([]);

    // Retention: once the event is long over, the answers go with the built-in ones.
    purgeExpiredAnswers({ days: 90, now: new Date(event.endsAt.getTime() + 91 * DAY) });
    expect(answersOf(veganReg.id)).toEqual([]);
  });
});

describe("copying the event as its next installment", () => {
  it("asks the same questions (not the removed ones, no answers) and keeps the reminder setting", async () => {
    const { event, diet, badge, team } = eventWithQuestions();
    getDb().update(events).set({ reminderDaysBefore: 5 }).where(eq(events.id, event.id)).run();
    const person = await partnerMember();
    registerForEvent({
      eventId: event.id,
      userId: person.id,
      answers: {},
      questionAnswers: { [diet.id]: "Vegan", [badge.id]: "Pia" },
      consent: true,
    });
    removeQuestion(event.id, team.id, actor);
    const startsOn = utcToLocalInput(new Date(event.startsAt.getTime() + 30 * DAY), event.timeZone).slice(0, 10);
    const source = getDb().select().from(events).where(eq(events.id, event.id)).get()!;
    const copy = copyEventAsNextInstallment(source, { startsOn, carryTopics: false }, { id: organiser.id, isAdmin: false });
    const copied = questionsForOrganisers(copy.id);
    expect(copied.map((q) => [q.label, q.kind, q.required, q.audience, q.answers])).toEqual([
      ["Lunch", "single_choice", true, "everyone", 0],
      ["Formats you like", "multiple_choice", false, "everyone", 0],
      ["Why do you want to come?", "long_text", true, "interest", 0],
      ["Badge name", "short_text", true, "partners", 0],
    ]);
    expect(copied[0].options).toEqual(["Vegetarian", "Vegan", "Anything"]);
    expect(getDb().select().from(events).where(eq(events.id, copy.id)).get()!.reminderDaysBefore).toBe(5);
  });
});
