// One-shot confirmations after a redirect ("Event created."). The cookie holds only a key
// from FLASH_MESSAGES (and, for some, the id of the record it is about: "key:42"), lives a
// minute and is cleared by the page that shows it, so the target URL stays clean (links and
// tests use it) and a reload does not repeat it.
import { createCookie, json, redirect } from "@remix-run/node";
import { getEnv } from "~/utils/env.server";

export const FLASH_MESSAGES = {
  "event-created": "Event created. It stays a draft, visible to organisers only, until you publish it.",
  "event-published": "Event created and published.",
  "event-now-published": "Changes saved. The event is published: everyone can see it now.",
  "event-saved": "Changes saved.",
  "event-publish": "The event is published: everyone can see it now.",
  "event-copied": "Next installment created as a draft: check its dates, rooms and slots, then publish it.",
  // Guests (ADR 028).
  "join-link-new": "New join link made: the old link and QR code no longer let anyone join. Guests already in stay.",
  "guest-removed": "Guest removed: they can no longer take part. Their topics and dots stay, shown as a former attendee’s.",
  // Schedule forms posted without JavaScript (with it, the page shows the action's own message).
  "session-starred": "Starred: the session is in your agenda.",
  "session-unstarred": "Star removed: the session is no longer in your agenda.",
  "session-placed": "Session placed. Any clash or full room is listed under “Schedule warnings”.",
  "session-unplaced": "Session taken out of the grid; it is back in the list of unplaced sessions.",
  "room-saved": "Room saved.",
  "room-deleted": "Room deleted; its sessions are back in the list of unplaced sessions.",
  "slot-saved": "Slot saved.",
  "slot-saved-check": "Slot saved. It overlaps another slot or lies outside the event’s times: check that this is intended.",
  "slot-deleted": "Slot deleted; its sessions are back in the list of unplaced sessions.",
  "marketplace-opened": "The open marketplace is open.",
  "marketplace-closed": "The open marketplace is closed.",
  // Session page and agenda, posted without JavaScript.
  "session-withdrawn": "The proposal is withdrawn.",
  "session-cancelled": "The session is cancelled.",
  "session-accepted": "The session is now accepted.",
  "session-declined": "The session is now declined.",
  "agenda-feed-revoked": "Your private calendar link no longer works.",
  // Attendee list (organisers), posted without JavaScript. The page puts the person and their
  // new state first ("Felix: Confirmed."), from the registration id the redirect carries.
  "registration-approved": "Registration approved.",
  "registration-approved-full": "Approved, but the event is full.",
  "registration-declined": "Registration declined.",
  "registration-waitlisted": "Registration moved to the waiting list.",
  "registration-checked-in": "Checked in.",
  "registration-check-in-undone": "Check-in undone.",
  "registration-walk-in-added": "Walk-in added.",
  "registration-walk-in-checked-in": "Walk-in added and checked in.",
  "registration-walk-in-over-capacity": "Walk-in added over capacity: the event now has more confirmed people than seats.",
  // Account page and outbox.
  "profile-saved": "Profile saved.",
  "account-session-ended": "Session ended: that browser is logged out.",
  "outbox-retried": "Queued again.",
  // E-mail verification (ADR 018).
  "email-verified": "Thank you: your e-mail address is verified.",
  "email-change-sent": "We sent a link to the new address. Your address changes when it is used.",
  // Admin console and invitations (ADR 019).
  "organisation-created": "Organisation created.",
  "organisation-renamed": "Organisation renamed.",
  "domain-added": "Domain added: people with a verified address on it are members now.",
  "domain-removed": "Domain removed: addresses on it no longer prove membership.",
  "organisation-merged": "Organisations merged: people, partnerships and domains moved.",
  "person-updated": "Rights saved.",
  "verification-sent": "A new verification link is on its way. It works once, for 48 hours.",
  "invitation-revoked": "The invitation link no longer works.",
  "role-invited": "Invitation sent. The role is theirs once they sign up with this address and confirm it.",
  "role-granted": "They already have a confirmed account with this address: the role is theirs now, and they got an e-mail.",
  // Registration questions and messages to attendees (ADR 022).
  "question-added": "Question added. People registering from now on are asked it.",
  "question-saved": "Question saved. Earlier answers keep the wording they answered.",
  "question-moved": "Question moved.",
  "question-deleted": "Question deleted.",
  "question-archived": "Question removed from the form; the answers already given are kept.",
  "message-sent": "Message queued: one e-mail per person, in the outbox.",
  "message-already-sent": "This message was already sent; it was not sent again.",
  "reminder-saved": "Reminder setting saved.",
  // A note's history (issue 17.7).
  "note-restored": "Version restored: its title and text are the note's current version now. The version it replaced stays in the history.",
} as const;

export type FlashKey = keyof typeof FLASH_MESSAGES;

let flashCookie: ReturnType<typeof createCookie> | undefined;
function cookie() {
  flashCookie ??= createCookie("kx_flash", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: getEnv().BASE_URL?.startsWith("https:") ?? false,
    maxAge: 60,
  });
  return flashCookie;
}

/**
 * A redirect that shows `key`'s message once on the next page that reads the flash.
 * 303 after a form post that stays on its page (post/redirect/get: the reload is a GET).
 * `about`: the id of the record it concerns, for a page that names it (see `readFlash`).
 */
export async function redirectWithFlash(url: string, key: FlashKey, status: 302 | 303 = 302, about?: number) {
  const value = about === undefined ? key : `${key}:${about}`;
  return redirect(url, { status, headers: { "Set-Cookie": await cookie().serialize(value) } });
}

/** The posted page's own URL (path and query as sent, without Remix's `index` marker): where a plain post goes back to. */
export function postedPage(request: Request) {
  const url = new URL(request.url);
  if (!url.searchParams.has("index")) return url.pathname + url.search;
  url.searchParams.delete("index");
  return url.pathname + url.search;
}

/**
 * The pending message (if any), its key and record id (`about`, null without one), and the
 * header that clears it; free when there is none. The cookie is not signed: a page that uses
 * `about` checks it like any other input (only records the viewer may see).
 */
export async function readFlash(
  request: Request,
): Promise<{ message: string | null; key?: FlashKey; about?: number | null; headers?: HeadersInit }> {
  const header = request.headers.get("Cookie");
  if (!header?.includes("kx_flash=")) return { message: null };
  const value: unknown = await cookie().parse(header);
  const [key, id] = typeof value === "string" ? value.split(":") : [];
  const known = key !== undefined && Object.hasOwn(FLASH_MESSAGES, key) ? (key as FlashKey) : undefined;
  const headers = { "Set-Cookie": await cookie().serialize("", { maxAge: 0 }) };
  if (!known) return { message: null, headers };
  return { message: FLASH_MESSAGES[known], key: known, about: id && /^\d{1,15}$/.test(id) ? Number(id) : null, headers };
}

/** A loader's `data` as JSON with the pending message (or null) as `flash`, cleared once shown. */
export async function jsonWithFlash<Data extends Record<string, unknown>>(request: Request, data: Data) {
  const flash = await readFlash(request);
  return json({ ...data, flash: flash.message }, { headers: flash.headers });
}
