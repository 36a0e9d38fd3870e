// Forms on /account that guard personal data, shared by browser and server.
import { z } from "zod";
import { emailSchema, newPasswordSchema } from "~/accounts/account-schema";

const currentPassword = z
  .string({ error: "Enter your current password." })
  .min(1, "Enter your current password.")
  .max(200, "At most 200 characters.");

export const changePasswordSchema = z
  .object({
    intent: z.literal("change-password"),
    currentPassword,
    newPassword: newPasswordSchema,
    confirmPassword: z.string({ error: "Repeat the new password." }).max(200, "At most 200 characters."),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two new passwords differ.",
  })
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ["newPassword"],
    message: "Choose a password that differs from the current one.",
  });

export const deleteAccountSchema = z.object({
  intent: z.literal("delete-account"),
  confirmEmail: emailSchema,
  currentPassword,
});

export const endSessionSchema = z.object({
  intent: z.literal("end-session"),
  sessionId: z.string().regex(/^[0-9a-f]{64}$/, "Unknown session."),
});
