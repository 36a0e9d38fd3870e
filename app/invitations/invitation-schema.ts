// What the invitation forms may send (organisers' invitation page, the note's co-author form).
import { z } from "zod";

export const MAX_INVITATION_USES = 500;
export const MAX_INVITATION_DAYS = 90;

const email = z
  .string({ error: "Enter an e-mail address." })
  .trim()
  .toLowerCase()
  .max(254, "At most 254 characters.")
  .pipe(z.email({ error: "Enter an e-mail address, e.g. name@company.example." }));

export const invitationActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create-link"),
    label: z.string().trim().max(100, "At most 100 characters.").optional().default(""),
    maxUses: z.coerce
      .number({ error: "Enter how many people may use the link." })
      .int("Enter a whole number.")
      .min(1, "At least 1 use.")
      .max(MAX_INVITATION_USES, `At most ${MAX_INVITATION_USES} uses.`),
    validDays: z.coerce
      .number({ error: "Enter for how many days the link works." })
      .int("Enter a whole number of days.")
      .min(1, "At least 1 day.")
      .max(MAX_INVITATION_DAYS, `At most ${MAX_INVITATION_DAYS} days.`),
    skipApproval: z
      .union([z.literal("on"), z.literal("")])
      .optional()
      .transform((v) => v === "on"),
  }),
  z.object({
    intent: z.literal("revoke-link"),
    invitationId: z.coerce.number({ error: "Choose a link." }).int().positive("Choose a link."),
    confirm: z.string().optional(),
  }),
  z.object({ intent: z.literal("invite-co-organiser"), email }),
]);

export type InvitationAction = z.infer<typeof invitationActionSchema>;

export const coAuthorInviteSchema = z.object({ email });

/** The token in an invitation URL: 43 base64url characters (32 random bytes). */
export const invitationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
