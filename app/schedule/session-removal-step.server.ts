// The confirmation step a session page asks for by `?confirm=withdraw|decline|cancel`
// (issue 17.5): what the removal would affect, with its place in the event's time zone.
import type { Event } from "#db/schema";
import type { Actor } from "~/accounts/actor";
import { sessionRemovalImpact, type SessionRemoval } from "~/schedule/deletion-impact.server";
import { formatRange } from "~/utils/dates";
import { DomainError } from "~/utils/errors.server";

export const REMOVALS: readonly string[] = ["withdraw", "decline", "cancel"] satisfies SessionRemoval[];

/** The confirmation step asked for by `?confirm=withdraw|decline|cancel`, when the viewer may take it (issue 17.5). */
export function removalToConfirm(event: Event, user: Actor | null, id: number, step: string | null) {
  if (!user || !step || !REMOVALS.includes(step)) return null;
  try {
    const impact = sessionRemovalImpact(event, user, id, step as SessionRemoval);
    return {
      ...impact,
      how: step as SessionRemoval,
      place: impact.place ? `${impact.place.room}, ${formatRange(impact.place.startsAt, impact.place.endsAt, event.timeZone)}` : null,
    };
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}
