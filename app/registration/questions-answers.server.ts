// Answers to an event's custom questions (ADR 022): checked and stored inside the
// registration transaction, read for the attendee list, the CSV and the person's data
// export, erased with the other answers (retention, account deletion).
import { z } from "zod";
import { and, asc, eq, inArray, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { Db } from "#db/client";
import { registrationAnswers, registrationQuestions, registrations, type RegistrationStatus } from "#db/schema";
import { activeQuestions } from "~/registration/questions.server";
import {
  answerFieldName,
  answerText,
  askedOf,
  questionAnswersShape,
  type AnswerAudience,
  type AnswerValue,
} from "~/registration/questions-schema";
import { invalid } from "~/utils/errors.server";

/** Pending registrations are interest requests; confirmed and waitlisted ones are partner members'. */
export const audienceOfStatus = (status: RegistrationStatus): AnswerAudience => (status === "pending" ? "interest" : "partner");

const storedValue = (value: AnswerValue) => (Array.isArray(value) ? JSON.stringify(value) : String(value));

/**
 * Stores the answers of one registration (replacing earlier ones: a re-registration
 * answers again). Checked once more with the same zod rules as the form, now that the
 * registration's state says which questions were asked: a required partner-only question
 * is required here even if the visitor's form could not know it. Answers to questions that
 * are not this event's are refused. Call it inside the registration's transaction.
 */
export function saveRegistrationAnswers(
  tx: Db,
  input: { eventId: number; registrationId: number; status: RegistrationStatus; answers: Record<number, AnswerValue> },
) {
  const questions = activeQuestions(input.eventId, tx);
  const known = new Set(questions.map((q) => q.id));
  if (Object.keys(input.answers).some((id) => !known.has(Number(id)))) {
    throw invalid("One of the answers is to a question this event does not ask.");
  }
  const audience = audienceOfStatus(input.status);
  const asked = questions.filter((q) => askedOf(q, audience));
  const form = Object.fromEntries(Object.entries(input.answers).map(([id, value]) => [answerFieldName(Number(id)), value]));
  const parsed = z.object(questionAnswersShape(asked, audience)).safeParse(form);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0])] ??= []).push(issue.message);
    throw invalid("Please check your answers.", fieldErrors);
  }
  const versions = new Map(
    tx
      .select({ id: registrationQuestions.id, version: registrationQuestions.version })
      .from(registrationQuestions)
      .where(eq(registrationQuestions.eventId, input.eventId))
      .all()
      .map((q) => [q.id, q.version]),
  );
  tx.delete(registrationAnswers).where(eq(registrationAnswers.registrationId, input.registrationId)).run();
  for (const question of asked) {
    const value = (parsed.data as Record<string, AnswerValue | undefined>)[answerFieldName(question.id)];
    if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) continue;
    tx.insert(registrationAnswers)
      .values({
        registrationId: input.registrationId,
        questionId: question.id,
        questionVersion: versions.get(question.id) ?? 1,
        askedLabel: question.label,
        askedOptions: question.options,
        value: storedValue(value),
      })
      .run();
  }
}

export type ShownAnswer = { questionId: number; label: string; askedLabel: string; text: string };

/** The answers of these registrations, by registration id, in question order. */
export function answersByRegistration(db: Db, registrationIds: number[]) {
  const byRegistration = new Map<number, ShownAnswer[]>();
  if (!registrationIds.length) return byRegistration;
  const rows = db
    .select({
      registrationId: registrationAnswers.registrationId,
      questionId: registrationAnswers.questionId,
      askedLabel: registrationAnswers.askedLabel,
      value: registrationAnswers.value,
      kind: registrationQuestions.kind,
      label: registrationQuestions.label,
    })
    .from(registrationAnswers)
    .innerJoin(registrationQuestions, eq(registrationQuestions.id, registrationAnswers.questionId))
    .where(inArray(registrationAnswers.registrationId, registrationIds))
    .orderBy(asc(registrationQuestions.position), asc(registrationQuestions.id))
    .all();
  for (const row of rows) {
    const list = byRegistration.get(row.registrationId) ?? [];
    list.push({ questionId: row.questionId, label: row.label, askedLabel: row.askedLabel, text: answerText(row.kind, row.value) });
    byRegistration.set(row.registrationId, list);
  }
  return byRegistration;
}

/** CSV columns: every question that is asked or has answers, in order. */
export function questionColumns(db: Db, eventId: number) {
  return db
    .select({ id: registrationQuestions.id, label: registrationQuestions.label })
    .from(registrationQuestions)
    .where(eq(registrationQuestions.eventId, eventId))
    .orderBy(asc(registrationQuestions.position), asc(registrationQuestions.id))
    .all();
}

/** The person's answers for the data export: the question as it was asked, and the answer. */
export function answersForExport(db: Db, registrationId: number) {
  return db
    .select({
      question: registrationAnswers.askedLabel,
      kind: registrationQuestions.kind,
      value: registrationAnswers.value,
      at: registrationAnswers.createdAt,
    })
    .from(registrationAnswers)
    .innerJoin(registrationQuestions, eq(registrationQuestions.id, registrationAnswers.questionId))
    .where(eq(registrationAnswers.registrationId, registrationId))
    .orderBy(asc(registrationQuestions.position))
    .all()
    .map((a) => ({ question: a.question, answer: answerText(a.kind, a.value), answeredAt: a.at.toISOString() }));
}

/** Erases every answer to the event's questions (retention purge); returns how many. */
export function eraseEventAnswers(tx: Db, eventId: number) {
  return tx
    .delete(registrationAnswers)
    .where(
      inArray(
        registrationAnswers.registrationId,
        tx.select({ id: registrations.id }).from(registrations).where(eq(registrations.eventId, eventId)),
      ),
    )
    .run().changes;
}

/** Erases every answer one person gave (account deletion). */
export function erasePersonAnswers(tx: Db, userId: number) {
  return tx
    .delete(registrationAnswers)
    .where(
      inArray(
        registrationAnswers.registrationId,
        tx
          .select({ id: registrations.id })
          .from(registrations)
          .where(and(eq(registrations.userId, userId))),
      ),
    )
    .run().changes;
}

// ---------------------------------------------------------------- attendee list and CSV

export type AnswerFilter = { questionId: number; value: string };

/** `answer=<question id>:<choice>` from the attendee list's query string; anything else is no filter. */
export function parseAnswerFilter(param: string | null): AnswerFilter | undefined {
  const match = param?.slice(0, 300).match(/^(\d{1,9}):(.+)$/s);
  return match ? { questionId: Number(match[1]), value: match[2] } : undefined;
}

/**
 * The condition of an answer filter on a `registrations` row (the attendee list, the
 * recipients of a message): the registration answered the question with that choice, or
 * ticked it among several. The question must belong to the registration's event (a
 * foreign id matches nobody). Values, or placeholders of a prepared statement.
 */
export function answerMatches(questionId: number | Placeholder, value: string | Placeholder): SQL {
  const [a, q, r] = [registrationAnswers, registrationQuestions, registrations];
  return sql`EXISTS (
    SELECT 1 FROM ${a}
    JOIN ${q} ON ${q.id} = ${a.questionId} AND ${q.eventId} = ${r.eventId}
    WHERE ${a.registrationId} = ${r.id} AND ${a.questionId} = ${questionId}
      AND (CASE WHEN ${q.kind} = 'multiple_choice'
        THEN EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(${a.value}) THEN ${a.value} ELSE '[]' END) j WHERE j.value = ${value})
        ELSE ${a.value} = ${value} END))`;
}

/** The choice questions the attendee list can be filtered by, with their choices. */
export function answerFilterOptions(db: Db, eventId: number) {
  return db
    .select({
      id: registrationQuestions.id,
      kind: registrationQuestions.kind,
      label: registrationQuestions.label,
      options: registrationQuestions.options,
    })
    .from(registrationQuestions)
    .where(
      and(eq(registrationQuestions.eventId, eventId), inArray(registrationQuestions.kind, ["single_choice", "multiple_choice", "yes_no"])),
    )
    .orderBy(asc(registrationQuestions.position), asc(registrationQuestions.id))
    .all()
    .map((q) => ({
      questionId: q.id,
      label: q.label,
      choices: (q.kind === "yes_no" ? ["yes", "no"] : q.options).map((value) => ({
        value: `${q.id}:${value}`,
        label: answerText(q.kind, value),
      })),
    }));
}

/** One CSV column per question (current wording), and each registration's cells in that order. */
export function questionCsvColumns(db: Db, eventId: number, registrationIds: number[]) {
  const columns = questionColumns(db, eventId);
  const answers = answersByRegistration(db, registrationIds);
  return {
    header: columns.map((c) => c.label),
    cells(registrationId: number) {
      const given = new Map((answers.get(registrationId) ?? []).map((a) => [a.questionId, a.text]));
      return columns.map((c) => given.get(c.id) ?? "");
    },
  };
}
