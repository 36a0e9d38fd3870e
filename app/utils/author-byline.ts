// How a person who wrote or hosts something is named wherever it is shown: the board and
// its summary, the archive's notes and their history, the schedule's hosts and calendar
// feeds. A guest typed their name at the door (ADR 025), so it is marked as a guest's:
// nobody passes for the organiser or a speaker by taking their name (security review,
// 7 Dec 2026). A name erased since (account deleted, guests purged) is null.
import { type AnyColumn, sql } from "drizzle-orm";

/** The name, marked "(guest)" for a guest; null (an erased name) stays null. */
export function markGuest<Name extends string | null>(name: Name, isGuest: boolean): Name {
  return (name !== null && isGuest ? `${name} (guest)` : name) as Name;
}

/** The byline of a topic or of takeaways on the board: an erased name reads "former attendee". */
export const authorByline = (name: string | null, isGuest: boolean) => markGuest(name, isGuest) ?? "former attendee";

// The guest rule once, as SQL text around a user id: Drizzle queries (isGuestUser) and the
// notes' raw SQL (visible-notes.sql.server.ts, isGuestSql) both take it from here.
const GUEST_EXISTS = ["EXISTS (SELECT 1 FROM guests WHERE guests.user_id = ", ")"] as const;

/** SQL text: whether the user whose id is the SQL expression `userIdSql` (e.g. "u.id") is a guest. */
export const isGuestSql = (userIdSql: string) => GUEST_EXISTS.join(userIdSql);

/** A selected column: whether the user `userId` is a guest (has a guests row). */
export const isGuestUser = (userId: AnyColumn) =>
  sql<boolean>`${sql.raw(GUEST_EXISTS[0])}${userId}${sql.raw(GUEST_EXISTS[1])}`.mapWith(Boolean);
