// Custom registration questions (ADR 022), shared by browser and server: the schema of
// the organisers' question editor, and `questionAnswersShape`, the one function that
// turns an event's questions into the zod rules its register form is checked with, in
// the browser and again in the action and the registration transaction.
import { z } from "zod";
import { registrationFormSchema } from "~/registration/registration-schema";
import { QUESTION_AUDIENCES, QUESTION_KINDS, type QuestionAudience, type QuestionKind } from "#db/enums";

export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = {
  short_text: "Short text",
  long_text: "Long text",
  single_choice: "One choice",
  multiple_choice: "Several choices",
  yes_no: "Yes or no",
  number: "Number",
};

export const QUESTION_AUDIENCE_LABELS: Record<QuestionAudience, string> = {
  everyone: "Everyone",
  partners: "Only partner members",
  interest: "Only interest requests",
};

export const CHOICE_KINDS: QuestionKind[] = ["single_choice", "multiple_choice", "yes_no"];
export const SHORT_ANSWER_MAX = 200;
export const LONG_ANSWER_MAX = 2000;
export const NUMBER_LIMIT = 1_000_000_000;
const MAX_OPTIONS = 30;
const OPTION_MAX = 200;

/** The question as the register form needs it (no ids of other events, no timestamps). */
export type QuestionForForm = {
  id: number;
  kind: QuestionKind;
  label: string;
  helpText: string;
  options: string[];
  required: boolean;
  audience: QuestionAudience;
};

/** Who is registering, as far as it is known: a partner member, an interest request, or not known yet (a visitor). */
export type AnswerAudience = "partner" | "interest" | "unknown";

export const answerFieldName = (questionId: number) => `question-${questionId}`;

export const REQUIRED_ANSWER = "Please answer this question.";

/** Whether a question is asked of this audience at all. */
export function askedOf(question: Pick<QuestionForForm, "audience">, audience: AnswerAudience) {
  if (question.audience === "everyone" || audience === "unknown") return true;
  return question.audience === (audience === "partner" ? "partners" : "interest");
}

const maxText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max.toLocaleString("en")} characters.`);

function answerSchema(question: QuestionForForm, required: boolean) {
  switch (question.kind) {
    case "short_text":
    case "long_text": {
      const text = maxText(question.kind === "short_text" ? SHORT_ANSWER_MAX : LONG_ANSWER_MAX);
      return required ? z.string({ error: REQUIRED_ANSWER }).pipe(text.min(1, REQUIRED_ANSWER)) : text.optional();
    }
    case "single_choice":
    case "yes_no": {
      const options = question.kind === "yes_no" ? ["yes", "no"] : question.options;
      const choice = z.string({ error: REQUIRED_ANSWER }).refine((v) => options.includes(v), "Choose one of the offered answers.");
      return required ? choice : choice.optional();
    }
    case "multiple_choice": {
      const choices = z
        .array(
          z.string().refine((v) => question.options.includes(v), "Choose among the offered answers."),
          {
            error: REQUIRED_ANSWER,
          },
        )
        .max(question.options.length, "Choose among the offered answers.")
        .refine((list) => new Set(list).size === list.length, "Choose each answer once.");
      return required ? choices.min(1, REQUIRED_ANSWER) : choices.optional();
    }
    case "number": {
      const number = z
        .number({ error: (issue) => (issue.input === undefined ? REQUIRED_ANSWER : "Enter a number.") })
        .min(-NUMBER_LIMIT, "That number is too small.")
        .max(NUMBER_LIMIT, "That number is too large.");
      return required ? number : number.optional();
    }
  }
}

/**
 * The zod fields for an event's questions as this audience is asked them. Questions for
 * another audience are left out; when the audience is not known yet (a visitor, whose
 * e-mail decides it) questions meant for one audience are optional here and their
 * "required" is enforced once the registration's state is known.
 */
export function questionAnswersShape(questions: QuestionForForm[], audience: AnswerAudience) {
  const shape: Record<string, z.ZodType> = {};
  for (const question of questions) {
    if (!askedOf(question, audience)) continue;
    const required = question.required && (question.audience === "everyone" || audience !== "unknown");
    shape[answerFieldName(question.id)] = answerSchema(question, required);
  }
  return shape;
}

export type AnswerValue = string | string[] | number;

/** The answers in a parsed form value, by question id (unanswered questions left out). */
export function answersFromForm(questions: QuestionForForm[], value: Record<string, unknown>) {
  const answers: Record<number, AnswerValue> = {};
  for (const question of questions) {
    const answer = value[answerFieldName(question.id)];
    if (answer === undefined || answer === "" || (Array.isArray(answer) && answer.length === 0)) continue;
    answers[question.id] = answer as AnswerValue;
  }
  return answers;
}

// ---------------------------------------------------------------- the organisers' editor

const optionsText = z
  .string()
  .max(MAX_OPTIONS * (OPTION_MAX + 2), "Too many choices.")
  .optional()
  .transform((text) => [
    ...new Set(
      (text ?? "")
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean),
    ),
  ]);

export const questionFormSchema = z
  .object({
    intent: z.enum(["add", "edit"]),
    questionId: z.coerce.number().int().positive().optional(),
    label: z.string({ error: "Write the question." }).trim().min(1, "Write the question.").max(300, "At most 300 characters."),
    kind: z.enum(QUESTION_KINDS, { error: "Choose a kind of answer." }),
    helpText: maxText(500).optional(),
    options: optionsText,
    required: z.boolean().optional(),
    audience: z.enum(QUESTION_AUDIENCES, { error: "Choose who is asked." }).default("everyone"),
  })
  .superRefine((value, ctx) => {
    const choices = value.kind === "single_choice" || value.kind === "multiple_choice";
    if (choices && value.options.length < 2) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "Offer at least two choices, one per line." });
    }
    if (value.options.length > MAX_OPTIONS) {
      ctx.addIssue({ code: "custom", path: ["options"], message: `At most ${MAX_OPTIONS} choices.` });
    }
    if (value.options.some((o) => o.length > OPTION_MAX)) {
      ctx.addIssue({ code: "custom", path: ["options"], message: `Each choice has at most ${OPTION_MAX} characters.` });
    }
    if (value.intent === "edit" && !value.questionId) {
      ctx.addIssue({ code: "custom", path: ["questionId"], message: "Which question?" });
    }
  });

export type QuestionFormValue = z.output<typeof questionFormSchema>;

export const questionMoveSchema = z.object({
  intent: z.enum(["up", "down", "remove"]),
  questionId: z.coerce.number({ error: "Which question?" }).int().positive(),
});

/** An answer as people read it: choices joined, yes/no in words. */
export function answerText(kind: QuestionKind, value: string) {
  if (kind === "multiple_choice") {
    try {
      const list = JSON.parse(value);
      if (Array.isArray(list)) return list.join("; ");
    } catch {
      // stored as plain text by an older version: show it as it is
    }
    return value;
  }
  if (kind === "yes_no") return value === "yes" ? "Yes" : value === "no" ? "No" : value;
  return value;
}

/**
 * The whole register form for this viewer and event: the built-in fields plus the event's
 * questions. The action and the form both call this, so both check the same rules.
 */
export function registerFormSchema(signedIn: boolean, questions: QuestionForForm[], audience: AnswerAudience) {
  return registrationFormSchema(signedIn).extend(questionAnswersShape(questions, audience)) as unknown as ReturnType<
    typeof registrationFormSchema
  >;
}
