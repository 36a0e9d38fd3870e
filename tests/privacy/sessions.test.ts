// Login sessions: idle timeout and absolute lifetime are enforced on the server, on
// every request, whatever the cookie's own Max-Age says.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { authSessions } from "#db/schema";
import { ABSOLUTE_LIFETIME_MS, endAllSessions, getSessionUser, IDLE_TIMEOUT_MS, purgeExpiredSessions } from "~/accounts/session.server";
import { makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";

const server = await startTestServer();
const MINUTE = 60_000;

function sessionRow(userId: number) {
  return getDb().select().from(authSessions).where(eq(authSessions.userId, userId)).get();
}
function setTimes(userId: number, times: { lastSeenAt?: Date; expiresAt?: Date; createdAt?: Date }) {
  getDb().update(authSessions).set(times).where(eq(authSessions.userId, userId)).run();
}
const requestWith = (cookie: string) => new Request("http://test.local/account", { headers: { Cookie: cookie } });

describe("idle timeout", () => {
  it("keeps a session used within the idle window and refreshes last-seen", async () => {
    const user = await makeUser();
    const cookie = await sessionCookieFor(user.id);
    const lastSeen = new Date(Date.now() - IDLE_TIMEOUT_MS + 10 * MINUTE);
    setTimes(user.id, { lastSeenAt: lastSeen });
    const response = await client(server.url, cookie).get("/account");
    expect(response.status).toBe(200);
    expect(sessionRow(user.id)!.lastSeenAt.getTime()).toBeGreaterThan(Date.now() - MINUTE);
  });

  it("ends a session idle for longer than the timeout, and deletes its row", async () => {
    const user = await makeUser();
    const cookie = await sessionCookieFor(user.id);
    setTimes(user.id, { lastSeenAt: new Date(Date.now() - IDLE_TIMEOUT_MS - MINUTE) });
    const response = await client(server.url, cookie).get("/account");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/login/);
    expect(sessionRow(user.id)).toBeUndefined();
  });

  it("is 7 days and the absolute lifetime 30 days", () => {
    expect(IDLE_TIMEOUT_MS).toBe(7 * 24 * 60 * MINUTE);
    expect(ABSOLUTE_LIFETIME_MS).toBe(30 * 24 * 60 * MINUTE);
  });
});

describe("absolute lifetime", () => {
  it("ends a session past its absolute expiry even while it is in daily use", async () => {
    const user = await makeUser();
    const cookie = await sessionCookieFor(user.id);
    setTimes(user.id, {
      createdAt: new Date(Date.now() - ABSOLUTE_LIFETIME_MS - MINUTE),
      lastSeenAt: new Date(Date.now() - MINUTE),
      expiresAt: new Date(Date.now() - 1000),
    });
    expect(await getSessionUser(requestWith(cookie))).toBeNull();
    expect(sessionRow(user.id)).toBeUndefined();
  });

  it("sets the expiry at login, 30 days out, and never moves it on use", async () => {
    const user = await makeUser();
    const cookie = await sessionCookieFor(user.id);
    const { expiresAt, createdAt } = sessionRow(user.id)!;
    expect(expiresAt.getTime() - createdAt.getTime()).toBe(ABSOLUTE_LIFETIME_MS);
    setTimes(user.id, { lastSeenAt: new Date(Date.now() - 120 * MINUTE) }); // older than the touch interval: forces a touch
    expect(await getSessionUser(requestWith(cookie))).not.toBeNull();
    expect(sessionRow(user.id)!.expiresAt.getTime()).toBe(expiresAt.getTime());
  });
});

describe("ending sessions", () => {
  it("purgeExpiredSessions removes idle and expired rows and keeps live ones", async () => {
    const idle = await makeUser();
    const expired = await makeUser();
    const live = await makeUser();
    for (const u of [idle, expired, live]) await sessionCookieFor(u.id);
    setTimes(idle.id, { lastSeenAt: new Date(Date.now() - IDLE_TIMEOUT_MS - MINUTE) });
    setTimes(expired.id, { expiresAt: new Date(Date.now() - MINUTE) });
    purgeExpiredSessions();
    expect(sessionRow(idle.id)).toBeUndefined();
    expect(sessionRow(expired.id)).toBeUndefined();
    expect(sessionRow(live.id)).toBeTruthy();
  });

  it("log out everywhere ends all of the person's sessions and nobody else's", async () => {
    const me = await makeUser();
    const other = await makeUser();
    const cookies = [await sessionCookieFor(me.id), await sessionCookieFor(me.id)];
    const otherCookie = await sessionCookieFor(other.id);
    const response = await client(server.url, cookies[0]).post("/account", { intent: "logout-everywhere" });
    expect(response.status).toBe(302);
    for (const cookie of cookies) expect((await client(server.url, cookie).get("/account")).status).toBe(302);
    expect((await client(server.url, otherCookie).get("/account")).status).toBe(200);
    endAllSessions(other.id);
    expect((await client(server.url, otherCookie).get("/account")).status).toBe(302);
  });
});
