// The client's address as the Express server put it into Remix's load context
// (server/app.js: the socket's address, or X-Forwarded-For only with TRUST_PROXY=1).
// Rate limits, audit rows and registrations' consent records use it.

/** The client IP the server put into the load context, or null outside a request. */
export function clientIp(context: unknown): string | null {
  const ip = (context as { clientIp?: string } | undefined)?.clientIp;
  return typeof ip === "string" ? ip : null;
}
