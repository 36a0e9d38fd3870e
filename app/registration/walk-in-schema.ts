// An organiser adds a walk-in at the door (issue 17.1): shared by the form and the action.
import { z } from "zod";
import { emailAddressSchema, personNameSchema } from "~/accounts/account-schema";

export const WALK_IN_CONSENT_MESSAGE = "Ask them to agree to the privacy notice first; without it they cannot be registered.";

/** What to do when every seat is taken: say so (the default), queue them, or seat them anyway. */
export const WALK_IN_WHEN_FULL = ["ask", "waitlist", "override"] as const;
export type WalkInWhenFull = (typeof WALK_IN_WHEN_FULL)[number];

export const walkInSchema = z.object({
  intent: z.literal("walk-in"),
  // The organiser types someone else's details.
  name: personNameSchema("Enter their name."),
  email: emailAddressSchema("Enter their e-mail address."),
  consent: z.boolean({ error: WALK_IN_CONSENT_MESSAGE }).refine((v) => v === true, WALK_IN_CONSENT_MESSAGE),
  checkInNow: z.boolean().optional(),
  whenFull: z.enum(WALK_IN_WHEN_FULL, { error: "Choose what happens when the event is full." }).default("ask"),
});
export type WalkIn = z.infer<typeof walkInSchema>;
