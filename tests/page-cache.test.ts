// The anonymous page micro-cache (app/utils/page-cache.server.ts) through the real server:
// what is served from it, that a write is visible at once, that nothing personal is ever
// stored or served, and that each response still carries its own CSP nonce.
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { events } from "#db/schema";
import { makeEvent, makeUser } from "./helpers/factories";
import { client, sessionCookieFor, startTestServer } from "./helpers/server";

const server = await startTestServer();
const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers, redirect: "manual" });
const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];

describe("the anonymous page cache", () => {
  it("serves a repeated anonymous visit of an event page from the cache, with that response's own nonce", async () => {
    const event = makeEvent({ title: "Cached exchange" });
    const first = await get(`/events/${event.slug}`);
    expect(first.status).toBe(200);
    expect(first.headers.get("x-page-cache")).toBeNull();
    const firstHtml = await first.text();

    const second = await get(`/events/${event.slug}`);
    expect(second.headers.get("x-page-cache")).toBe("hit");
    const html = await second.text();
    const nonce = nonceOf(second.headers.get("content-security-policy"));
    expect(nonce).toBeTruthy();
    expect(nonce).not.toBe(nonceOf(first.headers.get("content-security-policy")));
    // Every script carries this response's nonce, none the first one's.
    const scriptNonces = [...html.matchAll(/<script[^>]*nonce="([^"]+)"/g)].map((m) => m[1]);
    expect(scriptNonces.length).toBeGreaterThan(0);
    expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
    expect(html.replaceAll(nonce!, "N")).toBe(firstHtml.replaceAll(nonceOf(first.headers.get("content-security-policy"))!, "N"));
    // The security headers are the live ones, not stored copies.
    expect(second.headers.get("x-frame-options")).toBe("DENY");
    expect(second.headers.get("content-type")).toMatch(/text\/html/);
  });

  it("shows a change at once: any write makes every stored page stale", async () => {
    const event = makeEvent({ title: "Before the edit" });
    await get(`/events/${event.slug}`);
    expect((await get(`/events/${event.slug}`)).headers.get("x-page-cache")).toBe("hit");
    getDb().update(events).set({ title: "After the edit" }).where(eq(events.id, event.id)).run();
    const after = await get(`/events/${event.slug}`);
    expect(after.headers.get("x-page-cache")).toBeNull();
    expect(await after.text()).toContain("After the edit");
  });

  it("notices a write by another connection (a script, a second process on the same file)", async () => {
    const event = makeEvent({ title: "Before the script" });
    await get(`/events/${event.slug}`);
    expect((await get(`/events/${event.slug}`)).headers.get("x-page-cache")).toBe("hit");
    const other = new Database(process.env.DATABASE_PATH!);
    other.prepare("update events set title = ? where id = ?").run("After the script", event.id);
    other.close();
    const after = await get(`/events/${event.slug}`);
    expect(after.headers.get("x-page-cache")).toBeNull();
    expect(await after.text()).toContain("After the script");
  });

  it("never stores nor serves a page for a request with a cookie", async () => {
    const user = await makeUser({ name: "Carla Cookie" });
    const event = makeEvent();
    const signedIn = client(server.url, await sessionCookieFor(user.id));
    for (let i = 0; i < 2; i++) {
      const res = await signedIn.get(`/events/${event.slug}`);
      expect(res.headers.get("x-page-cache")).toBeNull();
      expect(await res.text()).toContain("Carla Cookie");
    }
    // The anonymous version never contains the signed-in user's name, even right after.
    await get(`/events/${event.slug}`);
    const anon = await get(`/events/${event.slug}`);
    expect(anon.headers.get("x-page-cache")).toBe("hit");
    expect(await anon.text()).not.toContain("Carla Cookie");
    // Any cookie at all (a flash message, another app's cookie) bypasses the cache.
    expect((await get(`/events/${event.slug}`, { Cookie: "other=1" })).headers.get("x-page-cache")).toBeNull();
  });

  it("keeps only the public read-mostly pages, and only successful ones", async () => {
    const event = makeEvent();
    for (const path of ["/", "/notes", "/notes?q=cache", `/events/${event.slug}/schedule`]) {
      await get(path);
      expect((await get(path)).headers.get("x-page-cache"), path).toBe("hit");
    }
    for (const path of ["/login", "/signup", `/events/${event.slug}/register`, "/no-such-page", "/healthz", `/events/no-such-event`]) {
      await get(path);
      expect((await get(path)).headers.get("x-page-cache"), path).toBeNull();
    }
    const draft = makeEvent({ status: "draft" });
    await get(`/events/${draft.slug}`);
    expect((await get(`/events/${draft.slug}`)).status).toBe(404);
  });

  it("leaves data requests (client navigation) to Remix", async () => {
    const event = makeEvent();
    await get(`/events/${event.slug}`);
    const data = await get(`/events/${event.slug}?_data=routes%2Fevents.%24slug._index`);
    expect(data.headers.get("x-page-cache")).toBeNull();
    expect(data.headers.get("content-type")).toMatch(/json/);
  });
});
