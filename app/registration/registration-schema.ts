// The registration form, shared by browser and server. Visitors also create their
// account in it (name, e-mail, password, organisation); signed-in people do not.
import { z } from "zod";
import {
  emailSchema,
  jobRoleSchema,
  nameSchema,
  newPasswordSchema,
  organisationNameSchema,
} from "~/accounts/account-schema";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max.toLocaleString("en")} characters.`)
    .optional();

export const CONSENT_MESSAGE = "Please agree to the privacy notice to register.";

const answers = {
  jobRole: jobRoleSchema,
  topics: optionalText(2000),
  dietary: optionalText(500),
  accessibility: optionalText(500),
  consent: z.boolean({ error: CONSENT_MESSAGE }).refine((v) => v === true, CONSENT_MESSAGE),
};

/** A signed-in person: their account supplies name, e-mail and organisation. */
export const memberRegistrationSchema = z.object({ intent: z.literal("register"), ...answers });

/** A visitor: the same answers plus what it takes to create the account. */
export const visitorRegistrationSchema = memberRegistrationSchema.extend({
  name: nameSchema,
  email: emailSchema,
  password: newPasswordSchema,
  organisation: organisationNameSchema,
});

export type VisitorRegistration = z.infer<typeof visitorRegistrationSchema>;
export type MemberRegistration = z.infer<typeof memberRegistrationSchema>;

/**
 * The schema for this viewer. Typed as the visitor shape (a superset of the member's),
 * so the form knows every field; members simply never send the account fields.
 */
export const registrationFormSchema = (signedIn: boolean) =>
  (signedIn ? memberRegistrationSchema : visitorRegistrationSchema) as unknown as typeof visitorRegistrationSchema;

export type RegistrationAnswers = {
  jobRole?: string;
  topics?: string;
  dietary?: string;
  accessibility?: string;
};

/** What an organiser may do to one registration on the attendee list. */
export const ORGANISER_ACTIONS = ["approve", "decline", "waitlist", "check-in", "undo-check-in"] as const;
export type OrganiserAction = (typeof ORGANISER_ACTIONS)[number];

export const organiserActionSchema = z.object({
  intent: z.enum(ORGANISER_ACTIONS, { error: "Unknown action." }),
  registrationId: z.coerce.number({ error: "Which registration?" }).int().positive(),
  /** Declining only: an optional reason, mailed to the person. */
  reason: optionalText(1000),
});

export const STATUS_LABELS = {
  confirmed: "Confirmed",
  waitlisted: "Waiting list",
  pending: "Pending review",
  declined: "Declined",
  cancelled: "Cancelled",
} as const;
