// The "where you are logged in" list on /account: a person may end any of their own
// sessions, never someone else's.
import { endSession, listSessions } from "~/accounts/session.server";
import { notFound } from "~/utils/errors.server";

/** Ends one of the user's sessions; 404 when the id is not one of theirs. */
export function endOwnSession(userId: number, sessionId: string) {
  if (!listSessions(userId).some((s) => s.id === sessionId)) {
    throw notFound("This session does not exist or has already ended.");
  }
  endSession(userId, sessionId);
}

/** A short, readable browser description from a User-Agent header. */
export function describeUserAgent(userAgent: string | null) {
  if (!userAgent) return "Unknown browser";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrome\/|Chromium\//.test(userAgent)
        ? /HeadlessChrome/.test(userAgent)
          ? "Chrome (headless)"
          : "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : /curl|node|undici/i.test(userAgent)
            ? "Script or command-line client"
            : null;
  const os = /Windows/.test(userAgent)
    ? "Windows"
    : /Android/.test(userAgent)
      ? "Android"
      : /iPhone|iPad/.test(userAgent)
        ? "iOS"
        : /Mac OS X|Macintosh/.test(userAgent)
          ? "macOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : null;
  if (!browser) return userAgent.slice(0, 60);
  return os ? `${browser} on ${os}` : browser;
}
