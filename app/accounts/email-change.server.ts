// Changing the e-mail address (ADR 018). The new address is only a request until its
// owner follows the link sent to it: until then the account keeps its old address (for
// logging in, e-mails and company membership), so membership never follows an address
// nobody has proven. The old address is told about the request.
import { and, desc, eq, gt, isNull, ne } from "drizzle-orm";
import { getDb, writeTransaction } from "#db/client";
import { emailTokens, users } from "#db/schema";
import { assertCurrentPassword } from "~/accounts/change-password.server";
import { useUpEmailTokens } from "~/accounts/email-tokens.server";
import { sendVerificationEmail } from "~/accounts/email-verification.server";
import { normaliseEmail } from "~/accounts/users.server";
import { recordAudit } from "~/audit/audit.server";
import { queueEmail } from "~/outbox/outbox.server";
import { invalid } from "~/utils/errors.server";
import { enforceRateLimit, LIMITS } from "~/utils/rate-limit.server";

export async function requestEmailChange(
  user: { id: number; email: string; name: string | null },
  input: { newEmail: string; currentPassword: string },
  options: { ip?: string | null; now?: Date } = {},
) {
  const newEmail = normaliseEmail(input.newEmail);
  if (newEmail === user.email) throw invalid("That is already your address.", { newEmail: ["That is already your address."] });
  await assertCurrentPassword(user.id, input.currentPassword);
  await enforceRateLimit(`verify-resend:user:${user.id}`, LIMITS.verificationResendPerUser);
  const now = options.now ?? new Date();
  writeTransaction(getDb(), (tx) => {
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, newEmail)).get()) {
      throw invalid("Another account uses this address.", { newEmail: ["Another account uses this address."] });
    }
    // One live link at a time: an earlier request (or link) stops working.
    useUpEmailTokens(tx, user.id, "verify_email", now);
    sendVerificationEmail(
      tx,
      { id: user.id, email: newEmail, name: user.name },
      {
        now,
        context: `Your account keeps its current address (${user.email}) until you do.`,
      },
    );
    queueEmail(
      tx,
      {
        kind: "account.email_change_requested",
        toEmail: user.email,
        toName: user.name,
        subject: "A change of your e-mail address was requested",
        textBody: [
          `Hello ${user.name ?? ""},`.trim(),
          "",
          `Someone signed in to your Knowledge Exchange account asked to change its address to ${newEmail}.`,
          "The change happens only when the link sent to that address is used. If it was not you, change your password.",
          "",
          "— Knowledge Exchange",
        ].join("\n"),
        userId: user.id,
      },
      now,
    );
    recordAudit({ actorId: user.id, action: "account.email_change_requested", targetType: "user", targetId: user.id, ip: options.ip }, tx);
  });
}

/** The address a change is waiting for (the latest live link to another address), or null. */
export function pendingEmailChange(user: { id: number; email: string }, now = new Date()) {
  return (
    getDb()
      .select({ email: emailTokens.email, expiresAt: emailTokens.expiresAt })
      .from(emailTokens)
      .where(
        and(
          eq(emailTokens.userId, user.id),
          eq(emailTokens.purpose, "verify_email"),
          isNull(emailTokens.usedAt),
          gt(emailTokens.expiresAt, now),
          ne(emailTokens.email, user.email),
        ),
      )
      .orderBy(desc(emailTokens.createdAt))
      .get() ?? null
  );
}
