// The event form, shared by browser and server (Conform + zod).
import { z } from "zod";
import { plainLineSchema } from "~/utils/plain-text";
import { EVENT_FORMATS, EVENT_STATUSES } from "#db/enums";
import { isValidTimeZone } from "~/utils/dates";

const localDateTime = z
  .string({ error: "Enter a date and time." })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "Enter a date and time.");

export const eventFormSchema = z
  .object({
    // Mailed in every registration e-mail's subject and body: one plain line.
    title: plainLineSchema({ required: "Give the event a title.", min: 3, max: 120 }),
    summary: z.string().trim().max(300, "At most 300 characters.").optional(),
    description: z.string().max(20000, "At most 20,000 characters.").optional(),
    format: z.enum(EVENT_FORMATS, { error: "Choose a format." }),
    series: z.string().trim().max(80, "At most 80 characters.").optional(),
    venue: z.string().trim().max(200, "At most 200 characters.").optional(),
    timeZone: z.string({ error: "Choose a time zone." }).trim().refine(isValidTimeZone, "Not a known IANA time zone (e.g. Europe/Berlin)."),
    startsAt: localDateTime,
    endsAt: localDateTime,
    capacity: z.coerce
      .number({ error: "Enter the number of seats." })
      .int("Whole seats only.")
      .min(1, "At least one seat.")
      .max(100000, "At most 100,000 seats."),
    registrationOpensAt: localDateTime.optional(),
    registrationClosesAt: localDateTime.optional(),
    partnerOrganisationIds: z.array(z.coerce.number().int().positive()).max(50).default([]),
    organiserEmails: z.string().max(2000, "Too many organisers.").optional(),
    openMarketplace: z.boolean().default(false),
    // Optional (absent: off) so callers that build the input in code need not name them.
    partnersOnly: z.boolean().optional(),
    guestsMayJoin: z.boolean().optional(),
    status: z.enum(EVENT_STATUSES).default("draft"),
  })
  .superRefine((value, ctx) => {
    if (value.endsAt <= value.startsAt) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "The end must be after the start." });
    }
    if (value.registrationOpensAt && value.registrationClosesAt && value.registrationClosesAt <= value.registrationOpensAt) {
      ctx.addIssue({ code: "custom", path: ["registrationClosesAt"], message: "Registration must close after it opens." });
    }
    if (value.guestsMayJoin && value.partnersOnly) {
      ctx.addIssue({
        code: "custom",
        path: ["guestsMayJoin"],
        message: "Guests cannot join an exchange for partner members only: turn one of the two off.",
      });
    }
    for (const email of splitEmails(value.organiserEmails)) {
      if (!z.email().safeParse(email).success) {
        ctx.addIssue({ code: "custom", path: ["organiserEmails"], message: `"${email.slice(0, 60)}" is not an e-mail address.` });
        break;
      }
    }
  });

export type EventFormInput = z.infer<typeof eventFormSchema>;

export function splitEmails(text: string | undefined) {
  return (text ?? "")
    .split(/[\s,;]+/)
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
}
