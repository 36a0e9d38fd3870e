// Proving an e-mail address: a single-use link (48 hours) sent to the address. Until it
// is followed, the address proves nothing: no company membership, no admin rights
// (membership.server.ts, admin-rights.server.ts). Following it records
// users.email_verified_at. The link works signed out; its page asks for a button press
// (POST) so a mail scanner that fetches links does not use it up.
import { eq } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import { users } from "#db/schema";
import { logLinkForBootstrapAdmin } from "~/accounts/admin-rights.server";
import { checkEmailToken, issueEmailToken, useUpEmailTokens } from "~/accounts/email-tokens.server";
import { recordAudit } from "~/audit/audit.server";
import { acceptRoleInvitesFor } from "~/invitations/role-invites.server";
import { admitVerifiedPartnerMember } from "~/registration/verified-members.server";
import { queueEmail } from "~/outbox/outbox.server";
import { publicOrigin } from "~/utils/public-origin.server";
import { conflict, DomainError } from "~/utils/errors.server";
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
  const link = new URL(verifyLinkPath(token), publicOrigin()).toString();
  const textBody = [
    `Hello ${user.name ?? ""},`.trim(),
    "",
    "Please confirm that this e-mail address is yours:",
    "",
    link,
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
    {
      kind: "account.verify_email",
      toEmail: user.email,
      toName: user.name,
      subject: "Confirm your e-mail address",
      textBody,
      userId: user.id,
    },
    options.now,
  );
  logLinkForBootstrapAdmin(user.email, "verification link", link);
  return token;
}

/** "Send a new link" (rate-limited per account: each one is an e-mail). Nothing for a verified address. */
export async function resendVerificationEmail(user: { id: number; email: string; name: string | null; emailVerified: boolean }) {
  if (user.emailVerified) return false;
  await enforceRateLimit(`verify-resend:user:${user.id}`, LIMITS.verificationResendPerUser);
  writeTransaction(getDb(), (tx) => sendVerificationEmail(tx, user));
  return true;
}

const TOKEN_ERRORS = {
  forged: new DomainError("This link is not valid. Check that you copied the whole link, or ask for a new one.", 400),
  used: new DomainError("This link was already used. If your address is not verified yet, ask for a new link.", 410),
  expired: new DomainError("This link has expired (links work for 48 hours). Ask for a new one from your account page.", 410),
  stale: new DomainError("This link belongs to an account that no longer exists.", 410),
} as const;

/**
 * Throws the DomainError (400 forged, 410 used/expired/stale) for a link that will not
 * work. A link to another address than the account's is a pending change of address
 * (email-change.server.ts): requesting a change, and completing one, use up every other
 * link, so at most the latest request is still live.
 */
export function assertVerificationLinkUsable(raw: string, db: Db = getDb(), now = new Date()) {
  const check = checkEmailToken(db, raw, "verify_email", now);
  if (!check.ok) throw TOKEN_ERRORS[check.reason];
  const user = db.select({ email: users.email }).from(users).where(eq(users.id, check.token.userId)).get();
  if (!user?.email) throw TOKEN_ERRORS.stale;
  return { ...check.token, changesAddress: user.email !== check.token.email };
}

/**
 * Uses a verification link: the address it was sent to becomes the account's verified
 * address (for a change of address, it replaces the old one only now), every other
 * verification link of the account is used up, and registrations that waited for the
 * address are admitted, all in one transaction.
 */
export function verifyEmailWithToken(raw: string, options: { now?: Date; ip?: string | null } = {}) {
  const now = options.now ?? new Date();
  return writeTransaction(getDb(), (tx) => {
    const token = assertVerificationLinkUsable(raw, tx, now);
    if (token.changesAddress) {
      const taken = tx.select({ id: users.id }).from(users).where(eq(users.email, token.email)).get();
      if (taken) throw conflict("Another account uses this address now, so it cannot become yours. Choose another one.");
    }
    tx.update(users).set({ email: token.email, emailVerifiedAt: now }).where(eq(users.id, token.userId)).run();
    useUpEmailTokens(tx, token.userId, "verify_email", now);
    recordAudit(
      {
        actorId: token.userId,
        action: token.changesAddress ? "account.email_changed" : "account.email_verified",
        targetType: "user",
        targetId: token.userId,
        ip: options.ip,
      },
      tx,
    );
    const admitted = admitVerifiedPartnerMember(tx, token.userId, now);
    // Roles offered to this address (co-organiser, co-author) are theirs now that it is proven.
    acceptRoleInvitesFor(token.userId, token.email, tx);
    return { userId: token.userId, email: token.email, changedAddress: token.changesAddress, admitted };
  });
}
