// Post/redirect/get on the session page (withdraw, accept, decline, cancel) and for revoking
// the agenda's calendar link: a successful plain form post (no JavaScript) answers 303 back
// to its page, which shows the outcome once; a refused post stays a 4xx with its message and
// writes nothing; a post from the page with JavaScript (`_js=1`) still gets data. Creating a
// calendar link stays a 200 page: the secret link is shown that once only.
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { agendaFeedTokens, auditLog } from "#db/schema";
import { placeSession } from "~/schedule/placement.server";
import { loadSession } from "~/schedule/sessions.server";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { asActor, makeUnconference, propose } from "./helpers";

const server = await startTestServer();
const signedIn = async (userId: number) => client(server.url, await sessionCookieFor(userId));
const locationOf = (res: Response) => res.headers.get("Location")?.replace(server.url, "");
const statusOf = (eventId: number, id: number) => loadSession(eventId, id).status;
const audits = () => getDb().select({ n: count() }).from(auditLog).get()!.n;
const dataUrl = (url: string, route: string) => `${url}?_data=${encodeURIComponent(route)}`;
const SESSION_ROUTE = "routes/events.$slug.sessions.$id";

describe("session page decisions without JavaScript", () => {
  it("a host's withdraw answers 303 to the session page; the next GET shows the outcome once", async () => {
    const { event, attendees } = await makeUnconference();
    const session = propose(event, attendees[1], "Withdraw me");
    const url = `/events/${event.slug}/sessions/${session.id}`;
    const host = await signedIn(attendees[1].id);

    const res = await host.post(url, { intent: "withdraw", confirm: "yes" });
    expect(res.status).toBe(303);
    expect(locationOf(res)).toBe(url);
    expect(statusOf(event.id, session.id)).toBe("withdrawn");
    const page = await host.get(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("The proposal is withdrawn.");
    expect(html).toContain("Withdrawn");
    // One-shot: a reload is a GET and does not repeat the message.
    expect(await (await host.get(url)).text()).not.toContain("The proposal is withdrawn.");
  });

  it("withdrawing a placed session cancels it: 303 and “The session is cancelled.”", async () => {
    const { event, organiser, attendees, rooms, slots } = await makeUnconference();
    const session = propose(event, attendees[1], "Placed then gone", [attendees[1].id], { organiser });
    placeSession(event, asActor(organiser), { sessionId: session.id, roomId: rooms.big.id, slotId: slots.ten.id });
    const url = `/events/${event.slug}/sessions/${session.id}`;
    const host = await signedIn(attendees[1].id);
    const res = await host.post(url, { intent: "withdraw", confirm: "yes" });
    expect(res.status).toBe(303);
    expect(statusOf(event.id, session.id)).toBe("cancelled");
    expect(await (await host.get(url)).text()).toContain("The session is cancelled.");
  });

  it("an organiser's accept, decline and cancel each answer 303 to the page with their message", async () => {
    const { event, organiser, attendees, rooms, slots } = await makeUnconference();
    const org = await signedIn(organiser.id);
    const accepted = propose(event, attendees[0], "Accept me");
    const declined = propose(event, attendees[0], "Decline me");
    const cancelled = propose(event, attendees[0], "Cancel me", [attendees[0].id], { organiser });
    placeSession(event, asActor(organiser), { sessionId: cancelled.id, roomId: rooms.big.id, slotId: slots.eleven.id });

    for (const [session, intent, status, message] of [
      [accepted, "accept", "accepted", "The session is now accepted."],
      [declined, "decline", "declined", "The session is now declined."],
      [cancelled, "cancel", "cancelled", "The session is cancelled."],
    ] as const) {
      const url = `/events/${event.slug}/sessions/${session.id}`;
      const res = await org.post(url, { intent, confirm: "yes" });
      expect(res.status, intent).toBe(303);
      expect(locationOf(res)).toBe(url);
      expect(statusOf(event.id, session.id)).toBe(status);
      const page = await org.get(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(message);
      expect(await (await org.get(url)).text()).not.toContain(message);
    }
  });

  it("refused decisions stay 4xx with the message in the page and write nothing", async () => {
    const { event, organiser, attendees } = await makeUnconference();
    const session = propose(event, attendees[1], "Not yours");
    const url = `/events/${event.slug}/sessions/${session.id}`;
    const before = audits();

    // Someone else's proposal, and an attendee playing organiser: 403, no redirect.
    const other = await signedIn(attendees[0].id);
    const withdraw = await other.post(url, { intent: "withdraw" });
    expect(withdraw.status).toBe(403);
    expect(withdraw.headers.get("Location")).toBeNull();
    const accept = await other.post(url, { intent: "accept" });
    expect(accept.status).toBe(403);
    expect(statusOf(event.id, session.id)).toBe("proposed");

    // Unknown intent: 400 with the field message.
    const org = await signedIn(organiser.id);
    const unknown = await org.post(url, { intent: "explode" });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get("Location")).toBeNull();

    // Deciding twice: the second is a 409 shown in place, not a redirect.
    expect((await org.post(url, { intent: "decline", confirm: "yes" })).status).toBe(303);
    const afterDecline = audits();
    const again = await org.post(url, { intent: "accept" });
    expect(again.status).toBe(409);
    expect(again.headers.get("Location")).toBeNull();
    expect(await again.text()).toContain("This session was already declined.");
    expect(statusOf(event.id, session.id)).toBe("declined");
    expect(audits()).toBe(afterDecline);
    expect(afterDecline).toBeGreaterThan(before);
  });

  it("with JavaScript (`_js=1`) the form still gets the message as data", async () => {
    const { event, organiser, attendees } = await makeUnconference();
    const session = propose(event, attendees[1], "Fetcher decision");
    const url = `/events/${event.slug}/sessions/${session.id}`;
    const res = await (await signedIn(organiser.id)).post(dataUrl(url, SESSION_ROUTE), { intent: "accept", _js: "1" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, intent: "accept", sessionId: session.id, message: "The session is now accepted." });
    expect(statusOf(event.id, session.id)).toBe("accepted");
  });
});

describe("agenda calendar link without JavaScript", () => {
  const activeTokens = (userId: number) =>
    getDb()
      .select({ revokedAt: agendaFeedTokens.revokedAt })
      .from(agendaFeedTokens)
      .where(eq(agendaFeedTokens.userId, userId))
      .all()
      .filter((t) => !t.revokedAt).length;

  it("creating stays a 200 page with the one-time link; revoking answers 303 and the agenda says so once", async () => {
    const { event, attendees } = await makeUnconference();
    const url = `/events/${event.slug}/agenda`;
    const me = await signedIn(attendees[0].id);

    const created = await me.post(url, { intent: "create-feed" });
    expect(created.status).toBe(200);
    const createdHtml = await created.text();
    expect(createdHtml).toContain("Your private calendar link");
    const feed = /agenda\.ics\?token=([A-Za-z0-9_-]+)/.exec(createdHtml)?.[1];
    expect(feed).toBeTruthy();
    expect(activeTokens(attendees[0].id)).toBe(1);

    const revoked = await me.post(url, { intent: "revoke-feed" });
    expect(revoked.status).toBe(303);
    expect(locationOf(revoked)).toBe(url);
    expect(activeTokens(attendees[0].id)).toBe(0);
    expect((await client(server.url).get(`${url}.ics?token=${feed}`)).status).toBe(410);
    const page = await (await me.get(url)).text();
    expect(page).toContain("Your private calendar link no longer works.");
    expect(page).toContain("Create private link");
    expect(await (await me.get(url)).text()).not.toContain("Your private calendar link no longer works.");
  });

  it("a bad intent is a 400 in place; with JavaScript revoking still answers data", async () => {
    const { event, attendees } = await makeUnconference();
    const url = `/events/${event.slug}/agenda`;
    const me = await signedIn(attendees[0].id);
    expect((await me.post(url, { intent: "create-feed" })).status).toBe(200);

    const bad = await me.post(url, { intent: "revoke-everything" });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("Location")).toBeNull();
    expect(activeTokens(attendees[0].id)).toBe(1);

    const enhanced = await me.post(dataUrl(url, "routes/events.$slug.agenda"), { intent: "revoke-feed", _js: "1" });
    expect(enhanced.status).toBe(200);
    expect(await enhanced.json()).toMatchObject({
      ok: true,
      intent: "revoke-feed",
      message: "Your private calendar link no longer works.",
    });
    expect(activeTokens(attendees[0].id)).toBe(0);
  });
});
