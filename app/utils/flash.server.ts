// One-shot confirmations after a redirect ("Event created."). The cookie holds only a key
// from FLASH_MESSAGES, lives a minute and is cleared by the page that shows it, so the
// target URL stays clean (links and tests use it) and a reload does not repeat it.
import { createCookie, redirect } from "@remix-run/node";
import { getEnv } from "~/utils/env.server";

export const FLASH_MESSAGES = {
  "event-created": "Event created. It stays a draft, visible to organisers only, until you publish it.",
  "event-published": "Event created and published.",
  "event-now-published": "Changes saved. The event is published: everyone can see it now.",
  "event-saved": "Changes saved.",
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

/** A redirect that shows `key`'s message once on the next page that reads the flash. */
export async function redirectWithFlash(url: string, key: FlashKey) {
  return redirect(url, { headers: { "Set-Cookie": await cookie().serialize(key) } });
}

/** The pending message (if any) and the header that clears it; free when there is none. */
export async function readFlash(request: Request): Promise<{ message: string | null; headers?: HeadersInit }> {
  const header = request.headers.get("Cookie");
  if (!header?.includes("kx_flash=")) return { message: null };
  const key: unknown = await cookie().parse(header);
  const message = typeof key === "string" && key in FLASH_MESSAGES ? FLASH_MESSAGES[key as FlashKey] : null;
  return { message, headers: { "Set-Cookie": await cookie().serialize("", { maxAge: 0 }) } };
}
