// How a person who wrote or hosts something is named wherever it is shown: the board and
// its summary, the archive's notes and their history, the schedule's hosts and calendar
// feeds. A guest typed their name at the door (ADR 025), so it is marked as a guest's:
// nobody passes for the organiser or a speaker by taking their name (security review,
// 7 Dec 2026). A name erased since (account deleted, guests purged) is null.
import { type AnyColumn, sql } from "drizzle-orm";
import { guests } from "#db/schema";

/** The name, marked "(guest)" for a guest; null (an erased name) stays null. */
export function markGuest<Name extends string | null>(name: Name, isGuest: boolean): Name {
  return (name !== null && isGuest ? `${name} (guest)` : name) as Name;
}

/** The byline of a topic or of takeaways on the board: an erased name reads "former attendee". */
export const authorByline = (name: string | null, isGuest: boolean) => markGuest(name, isGuest) ?? "former attendee";

/** A selected column: whether the user `userId` is a guest (has a guests row). */
export const isGuestUser = (userId: AnyColumn) =>
  sql<boolean>`exists (select 1 from ${guests} where ${guests.userId} = ${userId})`.mapWith(Boolean);
