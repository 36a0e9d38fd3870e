// An event's custom registration questions (ADR 022): the organisers' editor (add, edit,
// order, remove) and the questions as the register form asks them. Answers are in
// answers.server.ts. A question that has answers is never rewritten under them: an edit
// raises its version (each answer keeps the wording it answered), its kind is fixed, and
// removing it archives it.
import { and, asc, count, eq, isNull, max } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import { registrationAnswers, registrationQuestions, type RegistrationQuestion } from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import type { QuestionForForm, QuestionFormValue } from "~/registration/questions-schema";
import { conflict, notFound } from "~/utils/errors.server";

const forForm = (q: RegistrationQuestion): QuestionForForm => ({
  id: q.id,
  kind: q.kind,
  label: q.label,
  helpText: q.helpText,
  options: q.options,
  required: q.required,
  audience: q.audience,
});

/** The questions the register form asks now, in order. */
export function activeQuestions(eventId: number, db: Db = getDb()): QuestionForForm[] {
  return db
    .select()
    .from(registrationQuestions)
    .where(and(eq(registrationQuestions.eventId, eventId), isNull(registrationQuestions.archivedAt)))
    .orderBy(asc(registrationQuestions.position), asc(registrationQuestions.id))
    .all()
    .map(forForm);
}

/** Every question of the event, removed ones too (their answers still show), with answer counts. */
export function questionsForOrganisers(eventId: number) {
  const db = getDb();
  const answered = new Map(
    db
      .select({ questionId: registrationAnswers.questionId, n: count() })
      .from(registrationAnswers)
      .innerJoin(registrationQuestions, eq(registrationQuestions.id, registrationAnswers.questionId))
      .where(eq(registrationQuestions.eventId, eventId))
      .groupBy(registrationAnswers.questionId)
      .all()
      .map((r) => [r.questionId, r.n]),
  );
  return db
    .select()
    .from(registrationQuestions)
    .where(eq(registrationQuestions.eventId, eventId))
    .orderBy(asc(registrationQuestions.position), asc(registrationQuestions.id))
    .all()
    .map((q) => ({ ...forForm(q), version: q.version, archived: Boolean(q.archivedAt), answers: answered.get(q.id) ?? 0 }));
}

function loadQuestion(db: Db, eventId: number, questionId: number) {
  // By id and event together: another event's question id is simply not found.
  const question = db
    .select()
    .from(registrationQuestions)
    .where(and(eq(registrationQuestions.id, questionId), eq(registrationQuestions.eventId, eventId)))
    .get();
  if (!question) throw notFound("No such question for this event.");
  return question;
}

const answerCount = (db: Db, questionId: number) =>
  db.select({ n: count() }).from(registrationAnswers).where(eq(registrationAnswers.questionId, questionId)).get()?.n ?? 0;

const optionsOf = (value: QuestionFormValue) => (value.kind === "single_choice" || value.kind === "multiple_choice" ? value.options : []);

type Actor = { actorId: number | null; ip?: string | null };

export function addQuestion(eventId: number, value: QuestionFormValue, actor: Actor) {
  return writeTransaction(getDb(), (tx) => {
    const last =
      tx
        .select({ p: max(registrationQuestions.position) })
        .from(registrationQuestions)
        .where(eq(registrationQuestions.eventId, eventId))
        .get()?.p ?? -1;
    const question = tx
      .insert(registrationQuestions)
      .values({
        eventId,
        kind: value.kind,
        label: value.label,
        helpText: value.helpText ?? "",
        options: optionsOf(value),
        required: value.required ?? false,
        audience: value.audience,
        position: last + 1,
      })
      .returning()
      .get();
    recordAudit(
      { ...actor, eventId, action: "question.add", targetType: "question", targetId: question.id, details: { label: question.label } },
      tx,
    );
    return question;
  });
}

/**
 * Saves an edit. Wording or choices changed → the version goes up, so earlier answers
 * stay tied to the wording they answered. The kind cannot change once someone answered.
 */
export function editQuestion(eventId: number, questionId: number, value: QuestionFormValue, actor: Actor) {
  return writeTransaction(getDb(), (tx) => {
    const question = loadQuestion(tx, eventId, questionId);
    if (question.archivedAt) throw conflict("This question was removed; add a new one instead.");
    if (value.kind !== question.kind && answerCount(tx, question.id) > 0) {
      throw conflict("People have answered this question, so its kind cannot change. Add a new question instead.", {
        kind: ["People have answered this question, so its kind cannot change."],
      });
    }
    const options = optionsOf(value);
    const reworded =
      value.label !== question.label || value.kind !== question.kind || JSON.stringify(options) !== JSON.stringify(question.options);
    const updated = tx
      .update(registrationQuestions)
      .set({
        kind: value.kind,
        label: value.label,
        helpText: value.helpText ?? "",
        options,
        required: value.required ?? false,
        audience: value.audience,
        version: reworded ? question.version + 1 : question.version,
      })
      .where(eq(registrationQuestions.id, question.id))
      .returning()
      .get();
    recordAudit(
      {
        ...actor,
        eventId,
        action: "question.edit",
        targetType: "question",
        targetId: question.id,
        details: { from: question.label, to: updated.label, version: updated.version },
      },
      tx,
    );
    return updated;
  });
}

/** Moves a question one place up or down among the questions still asked. */
export function moveQuestion(eventId: number, questionId: number, direction: "up" | "down", actor: Actor) {
  return writeTransaction(getDb(), (tx) => {
    loadQuestion(tx, eventId, questionId);
    const ids = activeQuestions(eventId, tx).map((q) => q.id);
    const at = ids.indexOf(questionId);
    const to = direction === "up" ? at - 1 : at + 1;
    if (at < 0 || to < 0 || to >= ids.length) return false;
    [ids[at], ids[to]] = [ids[to], ids[at]];
    ids.forEach((id, position) => tx.update(registrationQuestions).set({ position }).where(eq(registrationQuestions.id, id)).run());
    recordAudit({ ...actor, eventId, action: "question.move", targetType: "question", targetId: questionId, details: { direction } }, tx);
    return true;
  });
}

/** Removes a question: deleted when nobody answered it, else archived (answers kept). */
export function removeQuestion(eventId: number, questionId: number, actor: Actor) {
  return writeTransaction(getDb(), (tx) => {
    const question = loadQuestion(tx, eventId, questionId);
    const answered = answerCount(tx, question.id) > 0;
    if (answered) {
      tx.update(registrationQuestions).set({ archivedAt: new Date() }).where(eq(registrationQuestions.id, question.id)).run();
    } else {
      tx.delete(registrationQuestions).where(eq(registrationQuestions.id, question.id)).run();
    }
    recordAudit(
      {
        ...actor,
        eventId,
        action: "question.remove",
        targetType: "question",
        targetId: question.id,
        details: { label: question.label, archived: answered },
      },
      tx,
    );
    return { archived: answered };
  });
}

/**
 * The next installment asks the same questions (issue 14.4's copy step): wording, kinds,
 * choices, order and flags, as version 1 of new questions; never the answers, never the
 * removed ones. Runs inside the copy's transaction.
 */
export function copyQuestions(db: Db, fromEventId: number, toEventId: number) {
  const questions = db
    .select()
    .from(registrationQuestions)
    .where(and(eq(registrationQuestions.eventId, fromEventId), isNull(registrationQuestions.archivedAt)))
    .orderBy(asc(registrationQuestions.position), asc(registrationQuestions.id))
    .all();
  questions.forEach((q, position) =>
    db
      .insert(registrationQuestions)
      .values({
        eventId: toEventId,
        kind: q.kind,
        label: q.label,
        helpText: q.helpText,
        options: q.options,
        required: q.required,
        audience: q.audience,
        position,
      })
      .run(),
  );
  return questions.length;
}
