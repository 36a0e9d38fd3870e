// Proving an e-mail address: a single-use link (48 hours) sent to the address. Until it
// is followed, the address proves nothing: no company membership, no admin rights
// (membership.server.ts, admin-rights.server.ts). Following it records
// users.email_verified_at. The link works signed out; its page asks for a button press
// (POST) so a mail scanner that fetches links does not use it up.
import { eq } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import { users } from "#db/schema";
import { checkEmailToken, issueEmailToken, useUpEmailTokens } from "~/accounts/email-tokens.server";
import { recordAudit } from "~/audit/audit.server";
import { admitVerifiedPartnerMember } from "~/registration/verified-members.server";
import { queueEmail } from "~/outbox/outbox.server";
import { appUrl } from "~/utils/app-url.server";
import { DomainError } from "~/utils/errors.server";
import { enforceRateLimit, LIMITS } from "~/utils/rate-limit.server";

export const VERIFY_LINK_LIFETIME_MS = 48 * 60 * 60 * 1000;

export const verifyLinkPath = (token: string) => `/verify-email/${token}`;

/** A new verification token for the user's current address (no e-mail). */
export function issueVerificationToken(db: Db, user: { id: number; email: string }, now = new Date()) {
  return issueEmailToken(db, { userId: user.id, purpose: "verify_email", email: user.email, lifetimeMs: VERIFY_LINK_LIFETIME_MS, now });
}

/**
 * Issues a token and queues the e-mail with the link, in the caller's transaction.
 * `context` is one line on why the address matters (e.g. a registration waits for it).
 */
export function sendVerificationEmail(
  db: Db,
  user: { id: number; email: string; name: string | null },
  options: { now?: Date; context?: string } = {},
) {
  const token = issueVerificationToken(db, user, options.now);
  const textBody = [
    `Hello ${user.name ?? ""},`.trim(),
    "",
    "Please confirm that this e-mail address is yours:",
    "",
    appUrl(verifyLinkPath(token)),
    "",
    "The link works once and for 48 hours. Open it and press the button on the page.",
    options.context ?? "Until then, rights that depend on your address (your company's partner access) wait for it.",
    "",
    "If you did not sign up for Knowledge Exchange, ignore this e-mail.",
    "",
    "— Knowledge Exchange",
  ].join("\n");
  queueEmail(
    db,
    { kind: "account.verify_email", toEmail: user.email, toName: user.name, subject: "Confirm your e-mail address", textBody, userId: user.id },
    options.now,
  );
  return token;
}

/** "Send a new link" (rate-limited per account: each one is an e-mail). Nothing for a verified address. */
export function resendVerificationEmail(user: { id: number; email: string; name: string | null; emailVerified: boolean }) {
  if (user.emailVerified) return false;
  enforceRateLimit(`verify-resend:user:${user.id}`, LIMITS.verificationResendPerUser);
  writeTransaction(getDb(), (tx) => sendVerificationEmail(tx, user));
  return true;
}

const TOKEN_ERRORS = {
  forged: new DomainError("This link is not valid. Check that you copied the whole link, or ask for a new one.", 400),
  used: new DomainError("This link was already used. If your address is not verified yet, ask for a new link.", 410),
  expired: new DomainError("This link has expired. Ask for a new one from your account page.", 410),
  stale: new DomainError("This link was sent to an address that is no longer on the account. Ask for a new one.", 410),
} as const;

/** Throws the DomainError (400 forged, 410 used/expired/stale) for a link that will not work. */
export function assertVerificationLinkUsable(raw: string, db: Db = getDb(), now = new Date()) {
  const check = checkEmailToken(db, raw, "verify_email", now);
  if (!check.ok) throw TOKEN_ERRORS[check.reason];
  const user = db.select({ email: users.email }).from(users).where(eq(users.id, check.token.userId)).get();
  if (user?.email !== check.token.email) throw TOKEN_ERRORS.stale;
  return check.token;
}

/**
 * Uses a verification link: the address it was sent to becomes verified (when it is still
 * the account's address), every other verification link of the account is used up, and
 * registrations that waited for the address are admitted, all in one transaction.
 */
export function verifyEmailWithToken(raw: string, options: { now?: Date; ip?: string | null } = {}) {
  const now = options.now ?? new Date();
  return writeTransaction(getDb(), (tx) => {
    const token = assertVerificationLinkUsable(raw, tx, now);
    tx.update(users).set({ emailVerifiedAt: now }).where(eq(users.id, token.userId)).run();
    useUpEmailTokens(tx, token.userId, "verify_email", now);
    recordAudit({ actorId: token.userId, action: "account.email_verified", targetType: "user", targetId: token.userId, ip: options.ip }, tx);
    const admitted = admitVerifiedPartnerMember(tx, token.userId, now);
    return { userId: token.userId, email: token.email, admitted };
  });
}
