// The real production server (server/app.js + the Remix build) on a random port,
// sharing the test file's database. `client()` is a tiny browser: cookie jar, same-
// origin headers, no redirect following, so tests can assert statuses.
import { afterAll } from "vitest";
import { createAppServer } from "../../server/app.js";
import { createLoginSession } from "~/accounts/session.server";

type AppServer = { url: string; port: number; server: import("node:http").Server; close: () => Promise<void> };

/**
 * The app on a random port, closed after the file. `backgroundJobs: false` leaves out the
 * timers `npm start` runs (retention, reminders, rate-limit clean-up…), for a test that
 * watches everything the process does while it answers a request.
 */
export async function startTestServer(options: { backgroundJobs?: boolean } = {}): Promise<AppServer> {
  const server: AppServer = await createAppServer({
    port: 0,
    buildDir: process.env.BUILD_DIR ?? "build",
    runStartup: options.backgroundJobs ?? true,
  });
  // The server runs in the test's own process, so a busy event loop (a loaded machine, a
  // long synchronous step) delays its reads and its timers alike. With Node's 5 s
  // keep-alive timeout, the timer that closes an idle socket can run after the client
  // has already sent its next request on it, but before the server has read it: the
  // request dies with ECONNRESET (seen in board-http's bursts of 100 posts under load).
  // Here idle sockets stay open until the server closes (close() ends them all); fetch
  // and Chromium drop idle sockets on their own side, which cannot race.
  server.server.keepAliveTimeout = 0;
  afterAll(() => server.close());
  return server;
}

/** A Cookie header value for a fresh session of `userId`, made directly (no login form). */
export async function sessionCookieFor(userId: number) {
  const setCookie = await createLoginSession(userId, new Request("http://test.local/"));
  return setCookie.split(";")[0];
}

export type TestClient = ReturnType<typeof client>;

export function client(baseUrl: string, cookie?: string) {
  // Keyed by cookie name like a browser's, so a one-shot cookie (the flash message after
  // a redirect) does not push the session out; an emptied cookie is forgotten.
  const jar = new Map<string, string>();
  const remember = (pair: string) => {
    const at = pair.indexOf("=");
    if (at <= 0) return;
    const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
    if (value) jar.set(name, value);
    else jar.delete(name);
  };
  for (const pair of (cookie ?? "").split(";")) remember(pair);
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  async function request(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set("Cookie", cookieHeader());
    if (init.method && init.method !== "GET" && !headers.has("Origin")) headers.set("Origin", baseUrl);
    const response = await fetch(baseUrl + path, { ...init, headers, redirect: "manual" });
    for (const setCookie of response.headers.getSetCookie()) remember(setCookie.split(";")[0]);
    return response;
  }
  return {
    get cookie() {
      return cookieHeader();
    },
    get: (path: string, init?: RequestInit) => request(path, { ...init, method: "GET" }),
    /** Posts a form like a browser without JavaScript would. */
    post: (path: string, fields: Record<string, string | string[]> = {}, init: RequestInit = {}) => {
      const body = new URLSearchParams();
      for (const [key, value] of Object.entries(fields)) {
        for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
      }
      return request(path, {
        ...init,
        method: "POST",
        body,
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...(init.headers as Record<string, string>) },
      });
    },
  };
}
