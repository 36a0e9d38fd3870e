// Messages to attendees (ADR 022), shared by browser and server: the compose form (who,
// subject, text) and the per-event reminder setting.
import { z } from "zod";

/** Whom a message can go to, by state; "checked_in" is a confirmed person already at the door. */
export const RECIPIENT_STATES = ["confirmed", "waitlisted", "pending", "checked_in"] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];

export const RECIPIENT_STATE_LABELS: Record<RecipientState, string> = {
  confirmed: "Confirmed",
  waitlisted: "Waiting list",
  pending: "Pending review",
  checked_in: "Checked in",
};

export const SUBJECT_MAX = 200;
export const BODY_MAX = 10_000;

export const messageFormSchema = z.object({
  intent: z.enum(["preview", "send"], { error: "Preview or send?" }),
  states: z
    .array(z.enum(RECIPIENT_STATES, { error: "Choose among the listed states." }), { error: "Choose at least one state." })
    .min(1, "Choose at least one state."),
  organisation: z
    .string()
    .regex(/^(none|\d{1,9})$/, "Choose an organisation from the list.")
    .optional(),
  answer: z
    .string()
    .max(300, "Choose an answer from the list.")
    .regex(/^\d{1,9}:.+$/s, "Choose an answer from the list.")
    .optional(),
  subject: z
    .string({ error: "Write a subject." })
    .trim()
    .min(1, "Write a subject.")
    .max(SUBJECT_MAX, `At most ${SUBJECT_MAX} characters.`)
    .refine((s) => !/[\r\n]/.test(s), "The subject is one line."),
  body: z
    .string({ error: "Write the message." })
    .trim()
    .min(1, "Write the message.")
    .max(BODY_MAX, `At most ${BODY_MAX.toLocaleString("en")} characters.`),
  /** One per opened form: sending the same form twice sends once. */
  sendKey: z.string().regex(/^[\w-]{16,64}$/, "Reload the page and try again."),
});

export type MessageFormValue = z.output<typeof messageFormSchema>;

export const reminderFormSchema = z.object({
  intent: z.literal("reminder"),
  reminderDaysBefore: z
    .number({ error: "Enter a number of days (0 turns the reminder off)." })
    .int("Whole days only.")
    .min(0, "0 or more days.")
    .max(60, "At most 60 days."),
});

/** Said on the preview and by the send action when no one matches (the page shows it in the browser too, so not in a .server module). */
export const NOBODY_MATCHES = "No one matches these filters, so there is no one to write to. Choose other states or filters.";
