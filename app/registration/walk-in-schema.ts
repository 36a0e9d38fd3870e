// An organiser adds a walk-in at the door (issue 17.1): shared by the form and the action.
import { z } from "zod";
import { emailAddressSchema, personNameSchema } from "~/accounts/account-schema";

export const WALK_IN_CONSENT_MESSAGE = "Ask them to agree to the privacy notice first; without it they cannot be registered.";

/** What to do when every seat is taken: say so (the default), queue them, or seat them anyway. */
export const WALK_IN_WHEN_FULL = ["ask", "waitlist", "override"] as const;
export type WalkInWhenFull = (typeof WALK_IN_WHEN_FULL)[number];

/**
 * An address that has an account is its owner's: the organiser cannot register it on their
 * word (with consent ticked for them). This says no more than that an account exists (as
 * the sign-up form tells anyone) and offers the link instead (walk-in-links.server.ts).
 */
export const WALK_IN_HAS_ACCOUNT_MESSAGE =
  "This address already has an account, so only its owner can register it. Send them a link to take this seat: they open it on their phone, sign in and agree themselves.";

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

/** "Send them a link to take this seat": the address the walk-in form was refused for. */
export const walkInLinkSchema = z.object({ intent: z.literal("walk-in-link"), email: emailAddressSchema("Enter their e-mail address.") });

/** What the organiser gets back: the link (shown once) and its QR code; it went to `email` too. */
export type WalkInLinkSent = { walkInLink: { email: string; link: string; qrSvg: string } };
