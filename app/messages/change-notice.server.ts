// The notice to everyone registered when an event is cancelled or its time or place
// changes (ADR 022). Called by updateEvent inside its transaction, so the change and the
// e-mails about it are written together; the event as .ics goes along (cancelled:
// STATUS:CANCELLED), so calendars update the entry.
import type { Db } from "#db/client";
import type { Event } from "#db/schema";
import { eventCalendar } from "~/events/calendar.server";
import { findRecipients } from "~/messages/recipients.server";
import { ensureMessage, ownerReplyTo, queueMessageTo } from "~/messages/send.server";
import { formatRange } from "~/utils/dates";

type Change = { cancelled: boolean; time: boolean; place: boolean };

export function eventChange(before: Event, after: Event): Change | null {
  const cancelled = before.status !== "cancelled" && after.status === "cancelled";
  const time =
    before.startsAt.getTime() !== after.startsAt.getTime() ||
    before.endsAt.getTime() !== after.endsAt.getTime() ||
    before.timeZone !== after.timeZone;
  const place = before.venue.trim() !== after.venue.trim();
  return cancelled || time || place ? { cancelled, time, place } : null;
}

function noticeText(before: Event, after: Event, change: Change) {
  const was = formatRange(before.startsAt, before.endsAt, before.timeZone);
  const now = formatRange(after.startsAt, after.endsAt, after.timeZone);
  if (change.cancelled) {
    return {
      subject: `Cancelled: ${after.title}`,
      body: [`${after.title} (${was}) is cancelled.`, "", "The attached event.ics removes it from your calendar."].join("\n"),
    };
  }
  const lines = [
    `The organisers changed ${change.time && change.place ? "the time and place" : change.time ? "the time" : "the place"} of ${after.title}.`,
    "",
  ];
  if (change.time) lines.push(`When: ${now} (${after.timeZone})`, `Was: ${was} (${before.timeZone})`, "");
  if (change.place) lines.push(`Where: ${after.venue || "to be announced"}`, `Was: ${before.venue || "not set"}`, "");
  lines.push("The attached event.ics updates your calendar. If you cannot come now, please cancel your registration.");
  return { subject: `Changed: ${after.title}, ${change.time ? now : after.venue}`, body: lines.join("\n") };
}

/** Queues the notice when the change is one people must hear about; a draft's changes are not. */
export function queueEventChangeNotice(tx: Db, before: Event, after: Event, now = new Date()) {
  if (before.status === "draft" || after.status === "draft") return 0;
  const change = eventChange(before, after);
  if (!change) return 0;
  if (!change.cancelled && before.endsAt <= now) return 0;
  const recipients = findRecipients(tx, after.id, { states: ["confirmed", "waitlisted", "pending"] });
  if (!recipients.length) return 0;
  const { message, created } = ensureMessage(tx, {
    eventId: after.id,
    kind: "change_notice",
    dedupeKey: `change:${after.id}:${after.updatedAt.getTime()}:${change.cancelled ? "cancelled" : "moved"}`,
    ...noticeText(before, after, change),
    audience: "Confirmed, Waiting list, Pending review",
    replyTo: ownerReplyTo(tx, after.id),
    now,
  });
  if (!created) return 0;
  return queueMessageTo(tx, message, after, recipients, { icsAttachment: eventCalendar(after), now });
}
