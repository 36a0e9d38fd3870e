// The event's custom questions inside the register form (ADR 022): one labelled control
// per question, choices as radio or checkbox groups under a legend.
import { getCollectionProps } from "@conform-to/react";
import { Field, FieldError, TextareaField, type AnyFieldMetadata } from "~/components/forms";
import { answerFieldName, LONG_ANSWER_MAX, SHORT_ANSWER_MAX, type QuestionForForm } from "~/registration/questions-schema";

function ChoiceGroup({
  question,
  meta,
  options,
  type,
}: {
  question: QuestionForForm;
  meta: AnyFieldMetadata;
  options: { value: string; label: string }[];
  type: "radio" | "checkbox";
}) {
  const describedBy = [question.helpText ? `${meta.id}-hint` : null, meta.errors?.length ? meta.errorId : null].filter(Boolean).join(" ");
  const controls = getCollectionProps(meta, { type, options: options.map((o) => o.value), ariaAttributes: false });
  return (
    <fieldset aria-describedby={describedBy || undefined} aria-invalid={meta.errors?.length ? true : undefined}>
      <legend className="block text-sm font-medium text-slate-800">
        {question.label}
        {question.required ? <span className="text-slate-500"> (required)</span> : null}
      </legend>
      <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {controls.map(({ key, ...props }, i) => (
          <label key={key} className="flex items-center gap-2 text-sm text-slate-800">
            <input {...props} className="h-4 w-4 border-slate-300" />
            {options[i].label}
          </label>
        ))}
      </div>
      {question.helpText ? (
        <p id={`${meta.id}-hint`} className="mt-1 text-xs text-slate-500">
          {question.helpText}
        </p>
      ) : null}
      <FieldError id={meta.errorId} errors={meta.errors} />
    </fieldset>
  );
}

export function RegistrationQuestionFields({
  questions,
  fields,
}: {
  questions: QuestionForForm[];
  fields: Record<string, AnyFieldMetadata>;
}) {
  if (!questions.length) return null;
  return (
    <div className="space-y-4">
      {questions.map((question) => {
        const meta = fields[answerFieldName(question.id)];
        const label = question.required ? `${question.label} (required)` : question.label;
        const only =
          question.audience === "partners"
            ? "Asked of partner members only."
            : question.audience === "interest"
              ? "Asked with interest requests only."
              : "";
        const hint = [question.helpText, only].filter(Boolean).join(" ") || undefined;
        switch (question.kind) {
          case "short_text":
            return <Field key={question.id} label={label} meta={meta} hint={hint} maxLength={SHORT_ANSWER_MAX} />;
          case "long_text":
            return <TextareaField key={question.id} label={label} meta={meta} hint={hint} rows={3} maxLength={LONG_ANSWER_MAX} />;
          case "number":
            return <Field key={question.id} label={label} meta={meta} hint={hint} type="number" step="any" />;
          case "yes_no":
            return (
              <ChoiceGroup
                key={question.id}
                question={{ ...question, helpText: hint ?? "" }}
                meta={meta}
                type="radio"
                options={[
                  { value: "yes", label: "Yes" },
                  { value: "no", label: "No" },
                ]}
              />
            );
          case "single_choice":
          case "multiple_choice":
            return (
              <ChoiceGroup
                key={question.id}
                question={{ ...question, helpText: hint ?? "" }}
                meta={meta}
                type={question.kind === "single_choice" ? "radio" : "checkbox"}
                options={question.options.map((o) => ({ value: o, label: o }))}
              />
            );
        }
      })}
    </div>
  );
}

/** The options of an "Answer" filter: one group per choice question (attendee list, messages). */
export function AnswerFilterOptions({
  filters,
}: {
  filters: { questionId: number; label: string; choices: { value: string; label: string }[] }[];
}) {
  return (
    <>
      <option value="">Any answers</option>
      {filters.map((q) => (
        <optgroup key={q.questionId} label={q.label}>
          {q.choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}
