// Conform's useForm with the project's defaults: the same zod schema validates in the
// browser (on blur, then as you type) and on the server (the action's reply). Every
// Conform form uses this; `timing` changes when it validates, `constraint` adds the
// schema's HTML constraints (required, min, max) to the controls.
import { useForm, type SubmissionResult } from "@conform-to/react";
import { useEffect } from "react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";

type Timing = "onSubmit" | "onBlur" | "onInput";

export function useZodForm<Schema extends z.ZodType<Record<string, unknown>, Record<string, unknown>>>(
  schema: Schema,
  options: {
    lastResult?: SubmissionResult<string[]> | null;
    defaultValue?: Record<string, unknown>;
    id?: string;
    constraint?: boolean;
    shouldValidate?: Timing;
    shouldRevalidate?: Timing;
  } = {},
) {
  const formAndFields = useForm<z.input<Schema>, z.output<Schema>>({
    id: options.id,
    lastResult: options.lastResult,
    defaultValue: options.defaultValue as never,
    constraint: options.constraint ? (getZodConstraint(schema) as never) : undefined,
    shouldValidate: options.shouldValidate ?? "onBlur",
    shouldRevalidate: options.shouldRevalidate ?? "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  useNoBlurCheckOnTheWayToSubmit(formAndFields[0].id);
  return formAndFields;
}

/**
 * Leaving a field for this form's submit button skips the on-blur check: its message would
 * appear between the press and the release, push the button away so the click never lands,
 * and leave the focus on the button with nothing said (new-user review 2, finding 9). The
 * submission checks everything anyway and puts the focus on the first invalid field.
 * Conform listens on the document, so the form stops the focusout on its way there.
 */
function useNoBlurCheckOnTheWayToSubmit(formId: string) {
  useEffect(() => {
    const form = document.getElementById(formId);
    if (!(form instanceof HTMLFormElement)) return;
    const onFocusOut = (event: FocusEvent) => {
      const next = event.relatedTarget;
      if (next instanceof HTMLButtonElement && next.type === "submit" && next.form === form) event.stopPropagation();
    };
    form.addEventListener("focusout", onFocusOut);
    return () => form.removeEventListener("focusout", onFocusOut);
  }, [formId]);
}
