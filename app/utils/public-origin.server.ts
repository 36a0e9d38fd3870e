// The origin ("https://exchange.example.com") that links leaving the app are built on:
// feeds, calendar files, the notes export, e-mails. A link must never come from a Host
// header someone else chose, least of all in a response that caches keep and hand to
// everybody (the Atom feed, the schedule feed). So: BASE_URL when it is set (it must be
// behind a proxy, env.server.ts); else the address the request came to only when it
// names this machine (npm start on a laptop, a LAN address); else http://localhost:PORT.
// X-Forwarded-* never reach this without TRUST_PROXY=1 (server/security.js).
import os from "node:os";
import { getEnv } from "~/utils/env.server";

export function publicOrigin(request?: Request): string {
  const { BASE_URL, PORT } = getEnv();
  if (BASE_URL) return new URL(BASE_URL).origin;
  if (request) {
    const url = new URL(request.url);
    if (namesThisMachine(url.hostname)) return url.origin;
  }
  return `http://localhost:${PORT}`;
}

let ownNames: Set<string> | undefined;

/** localhost and *.localhost, loopback addresses, this machine's host name and its interfaces' addresses. */
export function namesThisMachine(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) || name === "[::1]") return true;
  ownNames ??= new Set([
    os.hostname().toLowerCase(),
    ...Object.values(os.networkInterfaces())
      .flat()
      .map((address) => (address!.family === "IPv6" ? `[${address!.address.toLowerCase()}]` : address!.address)),
  ]);
  return ownNames.has(name);
}
