// "Send them a link to take this seat" (security review, 7 Dec 2026): a walk-in whose
// address already has an account is not registered on the organiser's word
// (walk-ins.server.ts). The organiser sends a single-use invitation link for this event,
// valid for a day, to that address, and shows it as a QR code at the door: its owner opens
// it, signs in and agrees to the privacy notice themselves. The link registers directly
// (as partner members do) and opens a closed registration until the event ends.
import { parseWithZod } from "@conform-to/zod/v4";
import { json } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { getDb, writeTransaction } from "#db/client";
import { users } from "#db/schema";
import { normaliseEmail } from "~/accounts/users.server";
import { createInvitation, walkInLinkLabel } from "~/invitations/links.server";
import { limitMails } from "~/outbox/mail-limits.server";
import { queueEmail } from "~/outbox/outbox.server";
import { loadEvent } from "~/registration/registrations.server";
import { walkInLinkSchema, type WalkInLinkSent } from "~/registration/walk-in-schema";
import { replyWithError } from "~/utils/action-reply.server";
import { formatRange } from "~/utils/dates";
import { invalid } from "~/utils/errors.server";
import { publicOrigin } from "~/utils/public-origin.server";
import { qrCodeSvg } from "~/utils/qr-code.server";

export async function sendWalkInLink(input: { eventId: number; email: string; actorId: number; ip?: string | null; now?: Date }) {
  const now = input.now ?? new Date();
  const email = normaliseEmail(input.email);
  const link = writeTransaction(getDb(), (tx) => {
    const event = loadEvent(tx, input.eventId);
    if (event.status === "cancelled") throw invalid("This event is cancelled; nobody can be added to it.");
    if (event.endsAt <= now) throw invalid("This event is over; nobody can take a seat any more.");
    // Inside this transaction (a savepoint): the link exists only if its e-mail is queued too.
    const { token } = createInvitation(
      { event, purpose: "walk_in", label: walkInLinkLabel(email), maxUses: 1, validDays: 1, skipApproval: true },
      { id: input.actorId, ip: input.ip },
      now,
    );
    const url = new URL(`/invite/${token}`, publicOrigin()).toString();
    const account = tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.email, email)).get();
    queueEmail(
      tx,
      {
        kind: "registration.walk_in_link",
        toEmail: email,
        toName: account?.name ?? null,
        subject: `Your seat at ${event.title}`,
        textBody: [
          `${`Hello ${account?.name ?? ""}`.trim()},`,
          "",
          `The organisers of ${event.title} hold a seat for you. Open this link (it works once, for a day), sign in with this address and agree to the privacy notice to take it:`,
          "",
          url,
          "",
          `When: ${formatRange(event.startsAt, event.endsAt, event.timeZone)}`,
          event.venue ? `Where: ${event.venue}` : null,
          "",
          "If you did not ask for this, ignore this e-mail: nothing happens without you.",
          "",
          "— Knowledge Exchange",
        ]
          .filter((line) => line !== null)
          .join("\n"),
        eventId: event.id,
        userId: account?.id ?? null,
      },
      now,
    );
    return url;
  });
  return { email, link, qrSvg: await qrCodeSvg(link) };
}

/** The attendee list's "Send them a link to take this seat" post: the link shown once, or the refusal on the e-mail field. */
export async function submitWalkInLink(formData: FormData, event: { id: number }, actor: { id: number; ip: string | null }) {
  const submission = parseWithZod(formData, { schema: walkInLinkSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    await limitMails("walk-in-link", { actorId: actor.id, eventId: event.id });
    const walkInLink = await sendWalkInLink({ eventId: event.id, email: submission.value.email, actorId: actor.id, ip: actor.ip });
    // Stays a 200 page even without JavaScript: the link is shown this once only.
    return json({ walkInLink } satisfies WalkInLinkSent);
  } catch (error) {
    return replyWithError(submission, error);
  }
}
