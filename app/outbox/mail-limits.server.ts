// Mails a signed-in person makes the app send to an address they typed or chose (security
// review, 7 Dec 2026: "Nothing limits these mails"). Each kind is limited per person and per
// event (numbers and reasons next to LIMITS in app/utils/rate-limit.server.ts). A route awaits
// `limitMails` inside its try, before the domain call: over the limit it throws a
// TooManyAttempts, which the action's reply helper puts on the form as a 429 with Retry-After,
// before anything is written or queued. Password resets and verification resends have their
// own limits (app/accounts).
import { enforceRateLimit, LIMITS, type RateLimit } from "~/utils/rate-limit.server";

const MAIL_LIMITS = {
  "walk-in-link": { perUser: LIMITS.walkInLinkPerUser, perEvent: LIMITS.walkInLinkPerEvent, what: "sent many links to take a seat" },
  "walk-in": { perUser: LIMITS.walkInPerUser, perEvent: LIMITS.walkInPerEvent, what: "added many walk-ins" },
  "role-invite": { perUser: LIMITS.roleInvitePerUser, perEvent: LIMITS.roleInvitePerEvent, what: "sent many role invitations" },
  "event-message": { perUser: LIMITS.eventMessagePerUser, perEvent: LIMITS.eventMessagePerEvent, what: "sent many messages" },
} satisfies Record<string, { perUser: RateLimit; perEvent: RateLimit; what: string }>;

export type MailKind = keyof typeof MAIL_LIMITS;

/** Counts one `kind` mail (or walk-in) by `actorId` for `eventId`; throws TooManyAttempts (429) past either limit. */
export async function limitMails(kind: MailKind, { actorId, eventId }: { actorId: number; eventId: number }) {
  const { perUser, perEvent, what } = MAIL_LIMITS[kind];
  await enforceRateLimit(`mail:${kind}:user:${actorId}`, perUser, { message: `You ${what} in the last hour.` });
  await enforceRateLimit(`mail:${kind}:event:${eventId}`, perEvent, { message: `The organisers of this event ${what} in the last hour.` });
}
