// Accounts: creating people, checking their password, editing their profile.
import { eq } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import { passwords, users } from "#db/schema";
import { sendVerificationEmail } from "~/accounts/email-verification.server";
import { resolveOrganisation } from "~/accounts/organisations.server";
import { assertUncommonPassword } from "~/accounts/common-passwords.server";
import { hashPassword, timingSafeDummyHash, verifyPassword } from "~/accounts/password.server";
import { invalid } from "~/utils/errors.server";

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function findUserByEmail(email: string) {
  return (
    getDb()
      .select()
      .from(users)
      .where(eq(users.email, normaliseEmail(email)))
      .get() ?? null
  );
}

export async function createUser(input: {
  email: string;
  name: string;
  password: string;
  organisationName?: string | null;
  jobRole?: string | null;
  /** A line for the verification e-mail on why the address matters now. */
  verificationContext?: string;
}) {
  const email = normaliseEmail(input.email);
  assertUncommonPassword(input.password);
  // Hash before the transaction: the write lock is never held across the slow part.
  const hash = await hashPassword(input.password);
  const db = getDb();
  const organisation = resolveOrganisation(email, input.organisationName);
  return writeTransaction(db, (tx) => {
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) {
      throw invalid("An account with this e-mail already exists.", {
        email: ["An account with this e-mail already exists. Log in instead."],
      });
    }
    const user = tx
      .insert(users)
      .values({
        email,
        name: input.name.trim(),
        organisationId: organisation?.id ?? null,
        jobRole: input.jobRole?.trim() || null,
      })
      .returning()
      .get();
    tx.insert(passwords).values({ userId: user.id, hash }).run();
    // The address proves nothing until its owner follows this link (ADR 018).
    sendVerificationEmail(tx, { id: user.id, email, name: user.name }, { context: input.verificationContext });
    return user;
  });
}

/** The user id when e-mail and password match, else null (same timing either way). */
export async function verifyLogin(email: string, password: string): Promise<number | null> {
  const db = getDb();
  const row = db
    .select({ id: users.id, hash: passwords.hash })
    .from(users)
    .innerJoin(passwords, eq(passwords.userId, users.id))
    .where(eq(users.email, normaliseEmail(email)))
    .get();
  if (!row) {
    await verifyPassword(password, await timingSafeDummyHash());
    return null;
  }
  return (await verifyPassword(password, row.hash)) ? row.id : null;
}

export function updateProfile(userId: number, input: { name: string; organisationName?: string | null; jobRole?: string | null }) {
  const db = getDb();
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user?.email) return;
  const organisation = resolveOrganisation(user.email, input.organisationName);
  db.update(users)
    .set({
      name: input.name.trim(),
      organisationId: organisation?.id ?? user.organisationId,
      jobRole: input.jobRole?.trim() || null,
    })
    .where(eq(users.id, userId))
    .run();
}

/**
 * An account an organiser opens for someone at the door (a walk-in): no password, and the
 * address unproven, so it grants nothing until its owner sets a password through "Forgot
 * password" (which proves the address). Call inside the caller's write transaction.
 */
export function createAccountWithoutPassword(tx: Db, input: { email: string; name: string }) {
  const email = normaliseEmail(input.email);
  const organisation = resolveOrganisation(email, null);
  return tx
    .insert(users)
    .values({ email, name: input.name.trim(), organisationId: organisation?.id ?? null })
    .returning()
    .get();
}
