// Conform's useForm with the project's defaults: the same zod schema validates in the
// browser (on blur, then as you type) and on the server (the action's reply). Every
// Conform form uses this; `timing` changes when it validates, `constraint` adds the
// schema's HTML constraints (required, min, max) to the controls.
import { useForm, type SubmissionResult } from "@conform-to/react";
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
  return useForm<z.input<Schema>, z.output<Schema>>({
    id: options.id,
    lastResult: options.lastResult,
    defaultValue: options.defaultValue as never,
    constraint: options.constraint ? (getZodConstraint(schema) as never) : undefined,
    shouldValidate: options.shouldValidate ?? "onBlur",
    shouldRevalidate: options.shouldRevalidate ?? "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}
