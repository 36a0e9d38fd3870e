// One-shot confirmations after a redirect ("Event created."). The cookie holds only a key
// from FLASH_MESSAGES, lives a minute and is cleared by the page that shows it, so the
// target URL stays clean (links and tests use it) and a reload does not repeat it.
import { createCookie, json, redirect } from "@remix-run/node";
import { getEnv } from "~/utils/env.server";

export const FLASH_MESSAGES = {
  "event-created": "Event created. It stays a draft, visible to organisers only, until you publish it.",
  "event-published": "Event created and published.",
  "event-now-published": "Changes saved. The event is published: everyone can see it now.",
  "event-saved": "Changes saved.",
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
 */
export async function redirectWithFlash(url: string, key: FlashKey, status: 302 | 303 = 302) {
  return redirect(url, { status, headers: { "Set-Cookie": await cookie().serialize(key) } });
}

/** The pending message (if any) and the header that clears it; free when there is none. */
export async function readFlash(request: Request): Promise<{ message: string | null; headers?: HeadersInit }> {
  const header = request.headers.get("Cookie");
  if (!header?.includes("kx_flash=")) return { message: null };
  const key: unknown = await cookie().parse(header);
  const message = typeof key === "string" && key in FLASH_MESSAGES ? FLASH_MESSAGES[key as FlashKey] : null;
  return { message, headers: { "Set-Cookie": await cookie().serialize("", { maxAge: 0 }) } };
}

/** A loader's `data` as JSON with the pending message (or null) as `flash`, cleared once shown. */
export async function jsonWithFlash<Data extends Record<string, unknown>>(request: Request, data: Data) {
  const flash = await readFlash(request);
  return json({ ...data, flash: flash.message }, { headers: flash.headers });
}
