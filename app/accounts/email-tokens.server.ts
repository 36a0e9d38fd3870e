// Single-use links sent by e-mail (address verification, password reset). The link
// carries 32 random bytes; the table keeps only their SHA-256, the purpose, the address
// the link was sent to and an expiry, so a stolen database holds no usable link.
import crypto from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "#db/client";
import { emailTokens, type EmailTokenPurpose } from "#db/schema";

export const hashEmailToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/** Random, URL-safe, 43 characters. Anything else is forged before the database is asked. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The text with every e-mailed link's token taken out: a copy of a message (the data
 * export) must not carry a link that still works, which would let whoever holds the copy
 * verify the address or reset the password.
 */
export function withoutEmailLinks(text: string) {
  return text.replace(/\/(verify-email|reset-password)\/[A-Za-z0-9_-]+/g, "/$1/[link removed]");
}

/** Stores a new token and returns the raw value for the link (never stored). */
export function issueEmailToken(
  db: Db,
  input: { userId: number; purpose: EmailTokenPurpose; email: string; lifetimeMs: number; now?: Date },
) {
  const now = input.now ?? new Date();
  const token = crypto.randomBytes(32).toString("base64url");
  db.insert(emailTokens)
    .values({
      tokenHash: hashEmailToken(token),
      userId: input.userId,
      purpose: input.purpose,
      email: input.email,
      expiresAt: new Date(now.getTime() + input.lifetimeMs),
      createdAt: now,
    })
    .run();
  return token;
}

export type TokenCheck =
  | { ok: true; token: typeof emailTokens.$inferSelect }
  /** forged: never issued (400); used or expired: issued once, no longer valid (410). */
  | { ok: false; reason: "forged" | "used" | "expired" };

/** What a token is worth now, without consuming it (the confirm page asks this). */
export function checkEmailToken(db: Db, raw: string, purpose: EmailTokenPurpose, now = new Date()): TokenCheck {
  if (!TOKEN_SHAPE.test(raw)) return { ok: false, reason: "forged" };
  const token = db
    .select()
    .from(emailTokens)
    .where(and(eq(emailTokens.tokenHash, hashEmailToken(raw)), eq(emailTokens.purpose, purpose)))
    .get();
  if (!token) return { ok: false, reason: "forged" };
  if (token.usedAt) return { ok: false, reason: "used" };
  if (token.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, token };
}

/** Marks every still-unused token of the user for `purpose` as used (one link wins). */
export function useUpEmailTokens(db: Db, userId: number, purpose: EmailTokenPurpose, now = new Date()) {
  db.update(emailTokens)
    .set({ usedAt: now })
    .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt)))
    .run();
}
