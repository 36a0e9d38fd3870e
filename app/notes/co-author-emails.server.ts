// Co-authors named by e-mail address on the note form: turned into accounts when saving,
// and the current ones shown when editing.
import { eq, inArray } from "drizzle-orm";
import { getDb, type Db } from "#db/client";
import { noteAuthors, users } from "#db/schema";
import { splitList } from "~/notes/note-schema";
import { invalid } from "~/utils/errors.server";

/** Turns co-author e-mails into user ids; an unknown address is a field error. */
export function resolveCoAuthors(emailsText: string | undefined, db: Db): number[] {
  const emails = [...new Set(splitList(emailsText))];
  if (emails.length === 0) return [];
  if (emails.length > 20) throw invalid("Too many co-authors.", { coAuthorEmails: ["At most 20 co-authors."] });
  const rows = db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails)).all();
  const missing = emails.filter((e) => !rows.some((r) => r.email === e));
  if (missing.length) {
    throw invalid("Unknown co-author.", {
      coAuthorEmails: [`No account for ${missing.join(", ")}. Co-authors need an account first.`],
    });
  }
  return rows.map((r) => r.id);
}

export function currentAuthorEmails(noteId: number, db: Db = getDb()) {
  return db
    .select({ email: users.email })
    .from(noteAuthors)
    .innerJoin(users, eq(users.id, noteAuthors.userId))
    .where(eq(noteAuthors.noteId, noteId))
    .all()
    .map((r) => r.email)
    .filter((e): e is string => Boolean(e));
}
