// What the admin console's forms may send: one zod schema per intent, shared by the
// browser and the server.
import { z } from "zod";

/**
 * Free mail providers: anybody can have an address there, so such a domain proves nothing
 * about a company and is refused as an organisation's domain.
 */
export const PUBLIC_MAIL_DOMAINS = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "msn.com",
  "yahoo.com",
  "icloud.com",
  "me.com",
  "aol.com",
  "gmx.de",
  "gmx.net",
  "web.de",
  "proton.me",
  "protonmail.com",
  "mail.com",
  "yandex.ru",
  "qq.com",
]);

// Labels of letters, digits and inner hyphens, at least two of them, the last alphabetic.
const HOSTNAME = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const domainSchema = z
  .string({ error: "Enter a domain, e.g. aurora.example." })
  .trim()
  .toLowerCase()
  .min(1, "Enter a domain, e.g. aurora.example.")
  .refine((d) => !d.includes("@"), "Enter only the part after the @, e.g. aurora.example.")
  .refine((d) => HOSTNAME.test(d), "Not a valid domain: use letters, digits, hyphens and dots, e.g. aurora.example.")
  .refine((d) => !PUBLIC_MAIL_DOMAINS.has(d), "A public mail provider proves nothing about a company: use the organisation's own domain.");

const organisationName = z
  .string({ error: "Enter the organisation's name." })
  .trim()
  .min(2, "Enter the organisation's name (at least 2 characters).")
  .max(100, "At most 100 characters.");

const id = (what: string) =>
  z.coerce
    .number({ error: `Choose ${what}.` })
    .int()
    .positive(`Choose ${what}.`);

/** "a.example, b.example" → the list; each must be a valid domain. */
const domainList = z
  .string()
  .max(2000, "Too many domains.")
  .optional()
  .transform((text, ctx) => {
    const parts = (text ?? "").split(/[\s,;]+/).filter(Boolean);
    const domains: string[] = [];
    for (const part of parts) {
      const parsed = domainSchema.safeParse(part);
      if (parsed.success) domains.push(parsed.data);
      else ctx.addIssue({ code: "custom", message: `${part.slice(0, 60)}: ${parsed.error.issues[0]?.message}` });
    }
    return [...new Set(domains)];
  });

export const organisationActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create-organisation"), name: organisationName, domains: domainList }),
  z.object({ intent: z.literal("rename"), organisationId: id("an organisation"), name: organisationName }),
  z.object({ intent: z.literal("add-domain"), organisationId: id("an organisation"), domain: domainSchema }),
  z.object({ intent: z.literal("remove-domain"), organisationId: id("an organisation"), domain: domainSchema }),
  // `confirm=yes` comes only from the confirmation step, which names what moves; without it nothing is merged.
  z.object({
    intent: z.literal("merge"),
    organisationId: id("an organisation"),
    intoId: id("the organisation to merge into"),
    confirm: z.literal("yes").optional(),
  }),
]);

export type OrganisationAction = z.infer<typeof organisationActionSchema>;

export const personActionSchema = z.object({
  intent: z.enum(["grant-admin", "revoke-admin", "grant-create-events", "revoke-create-events", "resend-verification"]),
  userId: id("a person"),
});

export type PersonAction = z.infer<typeof personActionSchema>;
