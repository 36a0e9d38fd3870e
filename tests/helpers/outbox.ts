// What a person finds in their inbox: the link in the newest e-mail of a kind sent to an
// address, as a path on the test server (the outbox holds every e-mail the app sends).
import { and, desc, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { outbox } from "#db/schema";

export type LinkMailKind = "account.verify_email" | "account.reset_password";

export function mailedLinkPath(email: string, kind: LinkMailKind = "account.verify_email") {
  const mail = getDb()
    .select()
    .from(outbox)
    .where(and(eq(outbox.toEmail, email), eq(outbox.kind, kind)))
    .orderBy(desc(outbox.id))
    .get();
  if (!mail) throw new Error(`No ${kind} e-mail to ${email} in the outbox.`);
  const link = /https?:\/\/\S+\/(?:verify-email|reset-password)\/\S+/.exec(mail.textBody)?.[0];
  if (!link) throw new Error(`The ${kind} e-mail to ${email} holds no link.`);
  return new URL(link).pathname;
}
