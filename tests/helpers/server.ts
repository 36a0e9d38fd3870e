// The real production server (server/app.js + the Remix build) on a random port,
// sharing the test file's database. `client()` is a tiny browser: cookie jar, same-
// origin headers, no redirect following, so tests can assert statuses.
import { afterAll } from "vitest";
import { createAppServer } from "../../server/app.js";
import { createLoginSession } from "~/accounts/session.server";

type AppServer = { url: string; port: number; close: () => Promise<void> };

export async function startTestServer(): Promise<AppServer> {
  const server: AppServer = await createAppServer({ port: 0, buildDir: process.env.BUILD_DIR ?? "build" });
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
  let jar = cookie ?? "";
  async function request(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (jar) headers.set("Cookie", jar);
    if (init.method && init.method !== "GET" && !headers.has("Origin")) headers.set("Origin", baseUrl);
    const response = await fetch(baseUrl + path, { ...init, headers, redirect: "manual" });
    const setCookie = response.headers.get("set-cookie");
    if (setCookie) jar = setCookie.split(";")[0];
    return response;
  }
  return {
    get cookie() {
      return jar;
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
