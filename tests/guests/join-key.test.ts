// The join link carries the event's join key (ADR 028, security review 7 Dec 2026): the public
// address of a guests-on event is not enough to join as a guest; organisers make a new link
// (the old one stops) and remove guests (their cookie stops). Through the real server only.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, events, guests, topics, users, votes } from "#db/schema";
import { makeUser } from "../helpers/factories";
import { client, sessionCookieFor, type TestClient } from "../helpers/server";
import { startTestServer } from "../helpers/server";
import { guestEvent } from "./helpers";

const server = await startTestServer();
const db = getDb();
const guestRows = (eventId: number) => db.select().from(guests).where(eq(guests.eventId, eventId)).all();
const STALE = "This join link is no longer valid — ask the organiser for the code on the screen.";

/** The join link on the organiser's event page (its join card), as the organiser copies it. */
async function joinLinkOnEventPage(asOrganiser: TestClient, slug: string) {
  const html = await (await asOrganiser.get(`/events/${slug}`)).text();
  const link = html.match(new RegExp(`${server.url}(/events/${slug}/join\\?key=[\\w-]{22,})`));
  expect(link, "the join card shows the join link with its key").not.toBeNull();
  return link![1];
}

async function expectNoGuestJoins(path: string, eventId: number) {
  const usersBefore = db.select().from(users).all().length;
  const page = await client(server.url).get(path);
  expect(page.status).toBe(403);
  const html = await page.text();
  expect(html).toContain(STALE);
  expect(html).not.toContain("Join as a guest");
  expect(html).toContain(`/login?redirectTo=${encodeURIComponent(path.replace(/\?.*$/, ""))}`);
  const posted = await client(server.url).post(path, { name: "Gate Crasher" });
  expect(posted.status).toBe(403);
  expect(await posted.text()).toContain(STALE);
  expect(posted.headers.get("set-cookie")).toBeNull();
  expect(guestRows(eventId)).toEqual([]);
  expect(db.select().from(users).all().length).toBe(usersBefore);
}

describe("joining as a guest needs the join key", () => {
  it("refuses the bare public address and a wrong key: a clear page, no guest, no cookie", async () => {
    const { event, asOrganiser } = await guestEvent(server.url);
    const link = await joinLinkOnEventPage(asOrganiser, event.slug);
    const key = new URL(link, server.url).searchParams.get("key")!;
    expect(Buffer.from(key, "base64url").length).toBeGreaterThanOrEqual(16);
    await expectNoGuestJoins(`/events/${event.slug}/join`, event.id);
    await expectNoGuestJoins(`/events/${event.slug}/join?key=${key.slice(0, -2)}xx`, event.id);
  });

  it("lets a person with the organiser's link join as a guest", async () => {
    const { event, asOrganiser } = await guestEvent(server.url);
    const link = await joinLinkOnEventPage(asOrganiser, event.slug);
    const page = await client(server.url).get(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Join as a guest");
    // Without JavaScript the form posts to the same keyed address.
    expect(html).toContain(`action="${link}"`);
    const browser = client(server.url);
    const joined = await browser.post(link, { name: "Kim Keyholder" });
    expect(joined.status).toBe(302);
    expect(browser.cookie).toContain("kx_guest=");
    expect(guestRows(event.id)).toHaveLength(1);
  });

  it("does not show the key to a signed-out visitor of the board, who is told to use the code on the screen", async () => {
    const { event, board } = await guestEvent(server.url);
    const html = await (await client(server.url).get(`/events/${event.slug}/boards/${board.id}`)).text();
    expect(html).toContain("scan the QR code on the screen or open the join link the organisers shared");
    const key = db.select().from(events).where(eq(events.id, event.id)).get()!.joinKey!;
    expect(html).not.toContain(key);
  });
});

describe("a new join link", () => {
  it("asks first, then stops the old link (guests already in stay) and is audited without the key", async () => {
    const { event, asOrganiser, organiser } = await guestEvent(server.url);
    const oldLink = await joinLinkOnEventPage(asOrganiser, event.slug);
    const early = client(server.url);
    expect((await early.post(oldLink, { name: "Early Bird" })).status).toBe(302);

    const confirm = await (await asOrganiser.get(`/events/${event.slug}/guests?confirm=new-join-link`)).text();
    expect(confirm).toContain("Make a new join link?");
    expect(confirm).toContain("The QR code on the screen and every join link shared so far stop letting people join as guests");
    expect(confirm).toContain("Guests already in stay");

    const made = await asOrganiser.post(`/events/${event.slug}/guests`, { intent: "new-join-link" });
    expect(made.status).toBe(303);
    const newLink = await joinLinkOnEventPage(asOrganiser, event.slug);
    expect(newLink).not.toBe(oldLink);
    const refused = await client(server.url).get(oldLink);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain(STALE);
    expect(guestRows(event.id)).toHaveLength(1);
    // The early guest still takes part.
    expect(await (await early.get(`/events/${event.slug}/board`)).text()).toContain("You take part as a guest");
    // The new link works.
    expect((await client(server.url).post(newLink, { name: "Late Comer" })).status).toBe(302);
    expect(guestRows(event.id)).toHaveLength(2);

    const [entry] = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.eventId, event.id), eq(auditLog.action, "guests.new_join_link")))
      .all();
    expect(entry.actorId).toBe(organiser.id);
    const oldKey = new URL(oldLink, server.url).searchParams.get("key")!;
    const newKey = new URL(newLink, server.url).searchParams.get("key")!;
    const auditPage = await (await asOrganiser.get(`/events/${event.slug}/audit`)).text();
    expect(auditPage).toContain("made a new join link: the old link and QR code no longer let guests join");
    expect(JSON.stringify(entry) + auditPage).not.toContain(oldKey);
    expect(JSON.stringify(entry) + auditPage).not.toContain(newKey);
  });

  it("is refused to anyone but the organisers: 403 (or the login page), nothing written", async () => {
    const { event, asOrganiser } = await guestEvent(server.url);
    const link = await joinLinkOnEventPage(asOrganiser, event.slug);
    const guest = client(server.url);
    expect((await guest.post(link, { name: "Gus Guest" })).status).toBe(302);
    const outsider = client(server.url, await sessionCookieFor((await makeUser()).id));
    const keyBefore = db.select().from(events).where(eq(events.id, event.id)).get()!.joinKey;
    for (const who of [outsider, guest]) {
      const answer = await who.post(`/events/${event.slug}/guests`, { intent: "new-join-link" });
      expect(answer.status === 403 || answer.headers.get("location")?.startsWith("/login")).toBe(true);
      expect((await who.get(`/events/${event.slug}/guests`)).status).not.toBe(200);
    }
    expect((await outsider.post(`/events/${event.slug}/guests`, { intent: "new-join-link" })).status).toBe(403);
    expect(db.select().from(events).where(eq(events.id, event.id)).get()!.joinKey).toBe(keyBefore);
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.eventId, event.id), eq(auditLog.action, "guests.new_join_link")))
        .all(),
    ).toEqual([]);
  });
});

describe("removing a guest", () => {
  it("lists the guests for the organisers; Remove ends the guest's cookie at once, their topic and dots stay", async () => {
    const { event, board, asOrganiser } = await guestEvent(server.url);
    const link = await joinLinkOnEventPage(asOrganiser, event.slug);
    const guest = client(server.url);
    expect((await guest.post(link, { name: "Rex Removable" })).status).toBe(302);
    const boardPath = `/events/${event.slug}/boards/${board.id}`;
    expect((await guest.post(boardPath, { intent: "propose", title: "Guest topic" })).status).toBe(302);
    const topic = db.select().from(topics).where(eq(topics.boardId, board.id)).get()!;
    expect((await asOrganiser.post(boardPath, { intent: "phase", phase: "vote" })).status).toBe(302);
    expect((await guest.post(`${boardPath}/dots`, { intent: "vote", topicId: String(topic.id) })).status).toBe(200);

    const list = await (await asOrganiser.get(`/events/${event.slug}/guests`)).text();
    expect(list).toContain("Rex Removable");
    expect(list).toMatch(/<td[^>]*>1<\/td>/); // one topic
    const [row] = guestRows(event.id);
    expect(list).toContain(`aria-label="Remove Rex Removable"`);

    const removed = await asOrganiser.post(`/events/${event.slug}/guests`, { intent: "remove-guest", userId: String(row.userId) });
    expect(removed.status).toBe(303);
    expect(guestRows(event.id)).toEqual([]);
    expect(db.select().from(users).where(eq(users.id, row.userId)).get()).toMatchObject({ name: null });

    // The old cookie acts no more: 403 on propose and vote, nothing written.
    const proposed = await guest.post(boardPath, { intent: "propose", title: "After removal" });
    expect(proposed.status).toBe(403);
    expect(await proposed.text()).toContain("You no longer take part in this exchange as a guest");
    const voted = await guest.post(`${boardPath}/dots`, { intent: "vote", topicId: String(topic.id) });
    expect(voted.status).toBe(403);
    expect(
      db
        .select()
        .from(topics)
        .where(eq(topics.boardId, board.id))
        .all()
        .map((t) => t.title),
    ).toEqual(["Guest topic"]);
    expect(db.select().from(votes).where(eq(votes.topicId, topic.id)).all()).toHaveLength(1);
    // The topic stays, by a former attendee.
    expect(await (await asOrganiser.get(boardPath)).text()).toContain("former attendee");
    const audit = await (await asOrganiser.get(`/events/${event.slug}/audit`)).text();
    expect(audit).toContain("removed a guest who joined ");
    expect(audit).not.toContain("Rex Removable");
  });

  it("is refused to a non-organiser and for a guest of another event: nothing removed", async () => {
    const { event, asOrganiser } = await guestEvent(server.url);
    const link = await joinLinkOnEventPage(asOrganiser, event.slug);
    expect((await client(server.url).post(link, { name: "Stay Put" })).status).toBe(302);
    const [row] = guestRows(event.id);
    const outsider = client(server.url, await sessionCookieFor((await makeUser()).id));
    expect((await outsider.post(`/events/${event.slug}/guests`, { intent: "remove-guest", userId: String(row.userId) })).status).toBe(403);
    const other = await guestEvent(server.url);
    const foreign = await other.asOrganiser.post(`/events/${other.event.slug}/guests`, {
      intent: "remove-guest",
      userId: String(row.userId),
    });
    expect(foreign.status).toBe(404);
    expect(guestRows(event.id)).toHaveLength(1);
    expect(db.select().from(users).where(eq(users.id, row.userId)).get()!.name).toBe("Stay Put");
  });
});
