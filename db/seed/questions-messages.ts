// Demo registration questions and a message to attendees (ADR 022): three questions on the
// unconference, answered by its confirmed and waitlisted people, and one message the
// organiser sent to the waiting list (in the outbox, with a record on the messages page).
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { registrationQuestions, registrations, type Event, type User } from "../schema";
import { findRecipients } from "~/messages/recipients.server";
import { ensureMessage, queueMessageTo } from "~/messages/send.server";
import { saveRegistrationAnswers } from "~/registration/questions-answers.server";

const LUNCH = ["Vegetarian", "Vegan", "Anything"];
const FORMATS = ["Talks", "Workshops", "Fishbowl", "Lean Coffee"];

export function seedQuestionsAndMessages(db: Db, accounts: { organiser: User }, demo: { unconference: Event }) {
  const uc = demo.unconference;
  const ask = (position: number, values: Omit<typeof registrationQuestions.$inferInsert, "eventId" | "position">) =>
    db
      .insert(registrationQuestions)
      .values({ eventId: uc.id, position, ...values })
      .returning()
      .get();
  const lunch = ask(0, { kind: "single_choice", label: "Lunch", helpText: "For the caterer.", options: LUNCH, required: true });
  const formats = ask(1, { kind: "multiple_choice", label: "Which formats do you enjoy?", options: FORMATS });
  const host = ask(2, { kind: "yes_no", label: "Would you host a session?", helpText: "We will get in touch before the day." });

  const answered = db
    .select()
    .from(registrations)
    .where(and(eq(registrations.eventId, uc.id), inArray(registrations.status, ["confirmed", "waitlisted"])))
    .all();
  for (const r of answered) {
    saveRegistrationAnswers(db, {
      eventId: uc.id,
      registrationId: r.id,
      status: r.status,
      answers: {
        [lunch.id]: LUNCH[r.userId % 3],
        [formats.id]: FORMATS.filter((_, i) => (r.userId + i) % 3 !== 0),
        ...(r.userId % 4 === 0 ? { [host.id]: r.userId % 8 === 0 ? "yes" : "no" } : {}),
      },
    });
  }

  const sentAt = new Date(Date.now() - 2 * 24 * 3600_000);
  const { message } = ensureMessage(db, {
    eventId: uc.id,
    kind: "organiser",
    dedupeKey: `organiser:${uc.id}:demo-waiting-list`,
    subject: "A seat may still free up",
    body: "The unconference is full, but every year a few people cancel in the last week. You move up automatically, in order, and we e-mail you at once.\n\nIf you can no longer come, please cancel so the next person gets your place.",
    audience: "Waiting list",
    sentById: accounts.organiser.id,
    replyTo: accounts.organiser.email,
    now: sentAt,
  });
  queueMessageTo(db, message, uc, findRecipients(db, uc.id, { states: ["waitlisted"] }), { now: sentAt });
}
