// The "Copy as next installment" form, shared by browser and server (Conform + zod).
import { z } from "zod";
import { plainLineSchema } from "~/utils/plain-text";

export const EVENT_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const isCalendarDate = (value: string) => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

export const nextInstallmentSchema = z.object({
  startsOn: z
    .string({ error: "Choose the day of the next installment." })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date as YYYY-MM-DD.")
    .refine(isCalendarDate, "Enter a date that exists."),
  title: plainLineSchema({ min: 3, max: 120 }).optional(),
  slug: z
    .string()
    .trim()
    .min(3, "At least 3 characters.")
    .max(80, "At most 80 characters.")
    .regex(EVENT_SLUG_PATTERN, "Lower-case letters, digits and single hyphens only (e.g. lean-coffee-part-3).")
    .optional(),
  carryTopics: z.boolean().default(false),
});

export type NextInstallmentInput = z.infer<typeof nextInstallmentSchema>;
