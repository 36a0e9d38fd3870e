// "Forgot your password?": a single-use link (1 hour) e-mailed to the address. The answer
// to the request is the same whether or not an account exists, and the server does the
// same work either way (token, hash, look-up), so neither the page nor its timing tells
// who has an account (ADR 018). Using the link sets a new password, ends every session of
// the account, uses up every other reset link, proves the address it was sent to, and is
// audited.
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import { authSessions, passwords, users } from "#db/schema";
import { logLinkForBootstrapAdmin } from "~/accounts/admin-rights.server";
import { assertUncommonPassword } from "~/accounts/common-passwords.server";
import { checkEmailToken, hashEmailToken, issueEmailToken, useUpEmailTokens } from "~/accounts/email-tokens.server";
import { hashPassword } from "~/accounts/password.server";
import { normaliseEmail } from "~/accounts/users.server";
import { recordAudit } from "~/audit/audit.server";
import { queueEmail } from "~/outbox/outbox.server";
import { acceptRoleInvitesFor } from "~/invitations/role-invites.server";
import { admitVerifiedPartnerMember } from "~/registration/verified-members.server";
import { publicOrigin } from "~/utils/public-origin.server";
import { DomainError } from "~/utils/errors.server";
import { enforceRateLimit, LIMITS } from "~/utils/rate-limit.server";

export const RESET_LINK_LIFETIME_MS = 60 * 60 * 1000;

export const resetLinkPath = (token: string) => `/reset-password/${token}`;

/**
 * Sends a reset link when an account has this address; otherwise does the same work and
 * sends nothing. Rate-limited per address and per IP (429 either way, account or not).
 */
export async function requestPasswordReset(rawEmail: string, options: { ip?: string | null; now?: Date } = {}) {
  const email = normaliseEmail(rawEmail);
  await enforceRateLimit(`reset:ip:${options.ip ?? "unknown"}`, LIMITS.passwordResetPerIp);
  await enforceRateLimit(`reset:address:${email}`, LIMITS.passwordResetPerAddress);
  const now = options.now ?? new Date();
  writeTransaction(getDb(), (tx) => {
    const user = tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.email, email)).get();
    if (!user) {
      // The same random token and hash as for an account, so both answers take as long.
      hashEmailToken(crypto.randomBytes(32).toString("base64url"));
      return;
    }
    const token = issueEmailToken(tx, { userId: user.id, purpose: "reset_password", email, lifetimeMs: RESET_LINK_LIFETIME_MS, now });
    queueResetEmail(tx, { id: user.id, email, name: user.name }, token, now);
  });
}

function queueResetEmail(db: Db, user: { id: number; email: string; name: string | null }, token: string, now: Date) {
  const link = new URL(resetLinkPath(token), publicOrigin()).toString();
  const textBody = [
    `Hello ${user.name ?? ""},`.trim(),
    "",
    "Someone (we hope you) asked to reset the password of your Knowledge Exchange account.",
    "Choose a new password here:",
    "",
    link,
    "",
    "The link works once and for 1 hour. Resetting logs your account out everywhere.",
    "If you did not ask for this, ignore this e-mail: your password stays as it is.",
    "",
    "— Knowledge Exchange",
  ].join("\n");
  queueEmail(
    db,
    { kind: "account.reset_password", toEmail: user.email, toName: user.name, subject: "Reset your password", textBody, userId: user.id },
    now,
  );
  logLinkForBootstrapAdmin(user.email, "password reset link", link);
}

const TOKEN_ERRORS = {
  forged: new DomainError("This reset link is not valid. Check that you copied the whole link, or ask for a new one.", 400),
  used: new DomainError("This reset link was already used. Ask for a new one if you still need it.", 410),
  expired: new DomainError("This reset link has expired (links work for 1 hour). Ask for a new one.", 410),
  stale: new DomainError("This reset link was sent to an address that is no longer on the account. Ask for a new one.", 410),
} as const;

/** Throws the DomainError (400 forged, 410 used/expired/stale) for a reset link that will not work. */
export function assertResetLinkUsable(raw: string, db: Db = getDb(), now = new Date()) {
  const check = checkEmailToken(db, raw, "reset_password", now);
  if (!check.ok) throw TOKEN_ERRORS[check.reason];
  const user = db.select({ email: users.email }).from(users).where(eq(users.id, check.token.userId)).get();
  if (user?.email !== check.token.email) throw TOKEN_ERRORS.stale;
  return check.token;
}

/** Sets the new password through a reset link. Nothing is written when the link is refused. */
export async function resetPassword(raw: string, newPassword: string, options: { ip?: string | null; now?: Date } = {}) {
  assertResetLinkUsable(raw, getDb(), options.now);
  assertUncommonPassword(newPassword, "newPassword");
  // Hash before the transaction: the write lock is never held across the slow part.
  const hash = await hashPassword(newPassword);
  const now = options.now ?? new Date();
  return writeTransaction(getDb(), (tx) => {
    // Checked again inside the lock: two tabs posting the same link, only one wins.
    const token = assertResetLinkUsable(raw, tx, now);
    const user = tx.select({ verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, token.userId)).get();
    // An upsert: a walk-in's account (createAccountWithoutPassword) gets its first password here.
    tx.insert(passwords).values({ userId: token.userId, hash }).onConflictDoUpdate({ target: passwords.userId, set: { hash } }).run();
    useUpEmailTokens(tx, token.userId, "reset_password", now);
    // The link reached the account's current address: that proves the address too.
    if (!user?.verifiedAt) {
      tx.update(users).set({ emailVerifiedAt: now }).where(eq(users.id, token.userId)).run();
      useUpEmailTokens(tx, token.userId, "verify_email", now);
      admitVerifiedPartnerMember(tx, token.userId, now);
      acceptRoleInvitesFor(token.userId, token.email, tx);
    }
    tx.delete(authSessions).where(eq(authSessions.userId, token.userId)).run();
    recordAudit(
      { actorId: token.userId, action: "account.password_reset", targetType: "user", targetId: token.userId, ip: options.ip },
      tx,
    );
    return { userId: token.userId, addressVerified: !user?.verifiedAt };
  });
}
