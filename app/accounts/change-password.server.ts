// Changing a password: the current one is required, the new one must not be common,
// and every login session of the person ends (the caller starts a fresh one for the
// browser that made the change).
import { eq } from "drizzle-orm";
import { getDb, writeTransaction } from "#db/client";
import { authSessions, passwords } from "#db/schema";
import { assertUncommonPassword } from "~/accounts/common-passwords.server";
import { hashPassword, verifyPassword } from "~/accounts/password.server";
import { invalid } from "~/utils/errors.server";

/** Throws a 400 with a message on `field` unless `password` is the user's current password. */
export async function assertCurrentPassword(userId: number, password: string, field = "currentPassword") {
  const row = getDb().select({ hash: passwords.hash }).from(passwords).where(eq(passwords.userId, userId)).get();
  if (!row || !(await verifyPassword(password, row.hash))) {
    throw invalid("The current password is not right.", { [field]: ["This is not your current password."] });
  }
}

export async function changePassword(userId: number, input: { currentPassword: string; newPassword: string }) {
  await assertCurrentPassword(userId, input.currentPassword);
  assertUncommonPassword(input.newPassword, "newPassword");
  const hash = await hashPassword(input.newPassword);
  const db = getDb();
  writeTransaction(db, (tx) => {
    tx.update(passwords).set({ hash }).where(eq(passwords.userId, userId)).run();
    // Every session ends, this browser's included: a stolen cookie dies with the old password.
    tx.delete(authSessions).where(eq(authSessions.userId, userId)).run();
  });
}
