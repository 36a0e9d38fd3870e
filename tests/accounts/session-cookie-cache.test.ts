// Verified session cookies are remembered (app/accounts/session.server.ts: the signature
// check and the token's hash, per Cookie header), but never the session itself: a tampered
// cookie is still refused, and a revoked or expired session stops working on the very next
// request, in the domain and through the dot endpoint.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { authSessions } from "#db/schema";
import { endAllSessions, endSession, getSessionUserByCookie } from "~/accounts/session.server";
import { setPhase } from "~/board/boards.server";
import { proposeTopic } from "~/board/topics.server";
import { makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { leanCoffee } from "../board/helpers";

const server = await startTestServer();

/** The same cookie with one character of its signature (or value) changed. */
function tamper(cookie: string, at: "signature" | "value") {
  const [name, raw] = cookie.split("=");
  const value = decodeURIComponent(raw);
  const dot = value.lastIndexOf(".");
  const i = at === "signature" ? dot + 3 : 2;
  const changed = value.slice(0, i) + (value[i] === "A" ? "B" : "A") + value.slice(i + 1);
  return `${name}=${encodeURIComponent(changed)}`;
}

describe("remembered session cookies", () => {
  it("still refuse a tampered cookie, before and after the genuine one was remembered", async () => {
    const user = await makeUser();
    const cookie = await sessionCookieFor(user.id);
    for (const at of ["signature", "value"] as const) expect(await getSessionUserByCookie(tamper(cookie, at))).toBeNull();
    expect((await getSessionUserByCookie(cookie))?.id).toBe(user.id);
    expect((await getSessionUserByCookie(cookie))?.id).toBe(user.id);
    for (const at of ["signature", "value"] as const) expect(await getSessionUserByCookie(tamper(cookie, at))).toBeNull();
    expect(await getSessionUserByCookie(`${cookie.split("=")[0]}=not-a-signed-value`)).toBeNull();
  });

  it("do not outlive a revoked session: the next request is signed out", async () => {
    const user = await makeUser();
    const [one, two, three] = [await sessionCookieFor(user.id), await sessionCookieFor(user.id), await sessionCookieFor(user.id)];
    for (const cookie of [one, two, three]) expect((await getSessionUserByCookie(cookie))?.id).toBe(user.id);

    const sessionId = (await getSessionUserByCookie(one))!.sessionId;
    endSession(user.id, sessionId);
    expect(await getSessionUserByCookie(one)).toBeNull();
    expect((await getSessionUserByCookie(two))?.id).toBe(user.id);

    endAllSessions(user.id);
    expect(await getSessionUserByCookie(two)).toBeNull();
    expect(await getSessionUserByCookie(three)).toBeNull();
  });

  it("do not outlive an expired session, absolute or idle", async () => {
    const user = await makeUser();
    const absolute = await sessionCookieFor(user.id);
    const idle = await sessionCookieFor(user.id);
    const ids = [(await getSessionUserByCookie(absolute))!.sessionId, (await getSessionUserByCookie(idle))!.sessionId];
    const db = getDb();
    db.update(authSessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(authSessions.id, ids[0]))
      .run();
    db.update(authSessions)
      .set({ lastSeenAt: new Date(Date.now() - 8 * 24 * 3600 * 1000) })
      .where(eq(authSessions.id, ids[1]))
      .run();
    expect(await getSessionUserByCookie(absolute)).toBeNull();
    expect(await getSessionUserByCookie(idle)).toBeNull();
    expect(db.select().from(authSessions).where(eq(authSessions.userId, user.id)).all()).toHaveLength(0);
  });

  it("through the dot endpoint: 200 while signed in, 401 right after 'log out everywhere', 401 for a tampered cookie", async () => {
    const { board, event, alice, organiser } = await leanCoffee();
    const topic = proposeTopic(board.id, { id: alice.id }, { title: "Pairing across companies" });
    setPhase(board.id, "vote", { id: organiser.id });
    const url = `/events/${event.slug}/boards/${board.id}/dots`;
    const cookie = await sessionCookieFor(alice.id);
    const vote = (c: string) => client(server.url, c).post(url, { intent: "vote", topicId: String(topic.id) });

    expect((await vote(cookie)).status).toBe(200);
    expect((await vote(tamper(cookie, "signature"))).status).toBe(401);
    endAllSessions(alice.id);
    expect((await vote(cookie)).status).toBe(401);
  });
});
