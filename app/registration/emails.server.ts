// The e-mails a person gets when their registration changes state. Plain text; queued
// in the outbox inside the transaction that made the change.
import type { Db } from "#db/client";
import type { Event } from "#db/schema";
import { queueEmail } from "~/outbox/outbox.server";
import { formatRange } from "~/utils/dates";
import { textLines } from "~/utils/plain-text";
import { publicOrigin } from "~/utils/public-origin.server";

export const REGISTRATION_EMAIL_KINDS = [
  "confirmed",
  "waitlisted",
  "received",
  "promoted",
  "approved",
  "declined",
  "cancelled",
  "moved_to_waitlist",
  "awaiting_verification",
] as const;
export type RegistrationEmailKind = (typeof REGISTRATION_EMAIL_KINDS)[number];

type EventInfo = Pick<Event, "id" | "slug" | "title" | "startsAt" | "endsAt" | "timeZone" | "venue">;
type Person = { id: number; email: string | null; name: string | null };

function registerUrl(slug: string) {
  return new URL(`/events/${slug}/register`, publicOrigin()).toString();
}

function compose(kind: RegistrationEmailKind, event: EventInfo, position?: number) {
  const title = event.title;
  switch (kind) {
    case "confirmed":
      return { subject: `You're registered: ${title}`, lead: "Your seat is confirmed. We look forward to seeing you." };
    case "waitlisted":
      return {
        subject: `Waiting list: ${title}`,
        lead: `The event is full, so you are on the waiting list${position ? ` (number ${position})` : ""}. If a seat frees up you move up automatically and we will e-mail you.`,
      };
    case "received":
      return {
        subject: `Request received: ${title}`,
        lead: "Thanks for your interest. The organisers will review your request and let you know.",
      };
    case "promoted":
      return {
        subject: `A seat is yours: ${title}`,
        lead: "A seat became free and you moved up from the waiting list. Your seat is confirmed.",
      };
    case "approved":
      return { subject: `Request approved: ${title}`, lead: "The organisers approved your request. Your seat is confirmed." };
    case "declined":
      return {
        subject: `Your request for ${title}`,
        lead: "Thank you for your interest. Unfortunately the organisers could not offer you a place this time.",
      };
    case "cancelled":
      return {
        subject: `Registration cancelled: ${title}`,
        lead: "Your registration is cancelled. You can register again while registration is open.",
      };
    case "awaiting_verification":
      return {
        subject: `Verify your address to keep your place: ${title}`,
        lead:
          "Your place in the queue is taken. Your address is on a partner organisation's domain, so you are confirmed directly " +
          "once you verify it: open the link in the e-mail “Confirm your e-mail address” (or ask for a new one on your account page). " +
          "Then you get a seat if one is left, else a place on the waiting list in the order you arrived.",
      };
    case "moved_to_waitlist":
      return {
        subject: `Waiting list: ${title}`,
        lead: `The organisers placed you on the waiting list${position ? ` (number ${position})` : ""}. If a seat frees up you move up automatically and we will e-mail you.`,
      };
  }
}

export function queueRegistrationEmail(
  db: Db,
  kind: RegistrationEmailKind,
  event: EventInfo,
  person: Person,
  options: { position?: number; now?: Date; reason?: string } = {},
) {
  if (!person.email) return null; // deleted account: nobody to write to
  const { subject, lead } = compose(kind, event, options.position);
  const when = formatRange(event.startsAt, event.endsAt, event.timeZone);
  const textBody = [
    `Hello ${person.name ?? ""},`.trim(),
    "",
    lead,
    // The organiser's own words (declining): quoted, so nobody mistakes them for ours.
    ...(options.reason ? ["", "The organisers wrote:", ...textLines(options.reason).map((line) => `> ${line}`)] : []),
    "",
    `${event.title}`,
    `When: ${when}`,
    event.venue ? `Where: ${event.venue}` : null,
    "",
    `Your registration: ${registerUrl(event.slug)}`,
    "",
    "— Knowledge Exchange",
  ]
    .filter((line) => line !== null)
    .join("\n");
  return queueEmail(
    db,
    { kind: `registration.${kind}`, toEmail: person.email, toName: person.name, subject, textBody, eventId: event.id, userId: person.id },
    options.now,
  );
}
