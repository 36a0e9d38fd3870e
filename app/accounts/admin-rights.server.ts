// Who is an administrator. Never an address alone: the address must be *verified*
// (proven owned), and then either listed in ADMIN_EMAILS (the bootstrap that can never be
// locked out) or granted in the database (`users.is_admin`). So an account deleted and
// signed up again under a listed address is no admin until that address is verified.
import { getEnv } from "~/utils/env.server";

export function hasAdminRights(user: { email: string | null; emailVerified: boolean; isAdminGranted: boolean }) {
  if (!user.emailVerified || !user.email) return false;
  return user.isAdminGranted || getEnv().adminEmails.has(user.email);
}
