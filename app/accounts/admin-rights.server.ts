// Who is an administrator. Never an address alone: the address must be *verified*
// (proven owned), and then either listed in ADMIN_EMAILS (the bootstrap that can never be
// locked out) or granted in the database (`users.is_admin`). So an account deleted and
// signed up again under a listed address is no admin until that address is verified.
import { getEnv } from "~/utils/env.server";

export function hasAdminRights(user: { email: string | null; emailVerified: boolean; isAdminGranted: boolean }) {
  if (!user.emailVerified || !user.email) return false;
  return user.isAdminGranted || getEnv().adminEmails.has(user.email);
}

/**
 * A fresh install has no mail server and no admin yet, and the outbox, where unsent e-mails
 * wait, is for admins only: the first admin could never read their own verification link.
 * So without SMTP_URL, the links sent to an ADMIN_EMAILS address (verification, password
 * reset) are also written to the server log, which the operator who set ADMIN_EMAILS reads.
 * Nobody else's link is ever logged.
 */
export function logLinkForBootstrapAdmin(email: string, what: string, link: string) {
  const env = getEnv();
  if (env.SMTP_URL || !env.adminEmails.has(email)) return;
  console.info(`[bootstrap admin] ${what} for ${email} (no SMTP_URL, so it is logged here too): ${link}`);
}
