// Account forms, shared by browser and server.
import { z } from "zod";
import { plainLineSchema } from "~/utils/plain-text";

/** An e-mail address; `missing` is the message when it is left empty ("your" or, typed for someone else, "their"). */
export const emailAddressSchema = (missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .max(254, "At most 254 characters.")
    .pipe(z.email("Enter a valid e-mail address, like name@company.com."));

export const emailSchema = emailAddressSchema("Enter your e-mail address.");

export const newPasswordSchema = z
  .string({ error: "Choose a password." })
  .min(10, "At least 10 characters.")
  .max(200, "At most 200 characters.");

/**
 * A person's name; `missing` is the message when it is left empty. Names are shown beside
 * other people's and mailed (the organisers' digest): one plain line (app/utils/plain-text.ts);
 * a name of nothing visible counts as empty.
 */
export const personNameSchema = (missing: string) => plainLineSchema({ required: missing, max: 100 });

export const nameSchema = personNameSchema("Enter your name.");

export const organisationNameSchema = plainLineSchema({ max: 100 }).optional();
export const jobRoleSchema = z.string().trim().max(100, "At most 100 characters.").optional();

/** What it takes to create an account: the sign-up page and a visitor's registration both ask it. */
export const newAccountShape = {
  name: nameSchema,
  email: emailSchema,
  password: newPasswordSchema,
  organisation: organisationNameSchema,
};

export const signupSchema = z.object({
  ...newAccountShape,
  jobRole: jobRoleSchema,
  redirectTo: z.string().optional(),
});

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "Enter your password." }).max(200, "At most 200 characters."),
  redirectTo: z.string().optional(),
});

export const profileSchema = z.object({
  name: nameSchema,
  organisation: organisationNameSchema,
  jobRole: jobRoleSchema,
});

export const forgotPasswordSchema = z.object({ email: emailSchema });

export const resetPasswordSchema = z
  .object({
    newPassword: newPasswordSchema,
    confirmPassword: z.string({ error: "Repeat the new password." }).max(200, "At most 200 characters."),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The two passwords differ." });

export const changeEmailSchema = z.object({
  intent: z.literal("change-email"),
  newEmail: emailSchema,
  currentPassword: z.string({ error: "Enter your current password." }).max(200, "At most 200 characters."),
});
