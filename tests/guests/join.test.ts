// Joining an event's boards as a guest (issue 17.1) through the real server: the setting,
// the join page, its cookie, its rate limit, its bad input, and the retention purge.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, events, guests, registrations, topics, users } from "#db/schema";
import { adminOverview } from "~/admin/overview.server";
import { searchPeople } from "~/admin/people.server";
import { purgeExpiredAnswers } from "~/privacy/retention.server";
import { joinPath } from "~/guests/join-link";
import { makeEvent, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { editForm } from "../installments/helpers";
import { guestEvent, joinedGuest } from "./helpers";

const server = await startTestServer();
const db = getDb();
const guestRows = (eventId: number) => db.select().from(guests).where(eq(guests.eventId, eventId)).all();
const DAY = 86_400_000;

describe("the organiser's setting", () => {
  it("is off by default, and the join page then offers only logging in; a post writes nothing", async () => {
    const { event, board } = await guestEvent(server.url, { guests: false });
    expect(event.guestsMayJoin).toBe(false);
    const page = await client(server.url).get(`/events/${event.slug}/join?board=${board.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("This exchange does not take guests");
    expect(html).not.toContain("Join as a guest");
    expect(html).toContain(`/login?redirectTo=${encodeURIComponent(`/events/${event.slug}/join?board=${board.id}`)}`);
    const usersBefore = db.select().from(users).all().length;
    const refused = await client(server.url).post(`/events/${event.slug}/join`, { name: "Gus Guest" });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("does not take guests");
    expect(guestRows(event.id)).toEqual([]);
    expect(db.select().from(users).all().length).toBe(usersBefore);
  });

  it("cannot be on for an exchange for partner members only: a field message, nothing saved", async () => {
    const { event, asOrganiser } = await guestEvent(server.url, { guests: false });
    const saved = await asOrganiser.post(`/events/${event.slug}/edit`, editForm(event, { guestsMayJoin: "on", partnersOnly: "on" }));
    expect(saved.status).toBe(400);
    const reply = await saved.text();
    expect(reply).toContain("Guests cannot join an exchange for partner members only");
    const after = db.select().from(events).where(eq(events.id, event.id)).get()!;
    expect([after.guestsMayJoin, after.partnersOnly]).toEqual([false, false]);
  });

  it("is on the edit form, labelled, and saved by it", async () => {
    const { event, asOrganiser } = await guestEvent(server.url);
    expect(event.guestsMayJoin).toBe(true);
    const form = await (await asOrganiser.get(`/events/${event.slug}/edit`)).text();
    expect(form).toMatch(/<input[^>]*name="guestsMayJoin"[^>]*checked/);
    expect(form).toContain("Guests may join with a name</label>");
    expect(form).toContain("Partner members only</label>");
  });

  it("a partners-only exchange refuses interest requests from outsiders, and writes no registration", async () => {
    const organiser = await makeUser();
    const upcoming = makeEvent({ organiserIds: [organiser.id] });
    const asOrganiser = client(server.url, await sessionCookieFor(organiser.id));
    expect((await asOrganiser.post(`/events/${upcoming.slug}/edit`, editForm(upcoming, { partnersOnly: "on" }))).status).toBe(302);
    const outsider = await makeUser();
    const answer = await client(server.url, await sessionCookieFor(outsider.id)).post(`/events/${upcoming.slug}/register`, {
      intent: "register",
      consent: "on",
    });
    expect(answer.status).toBe(403);
    expect(await answer.text()).toContain("for members of its partner organisations only");
    expect(db.select().from(registrations).where(eq(registrations.eventId, upcoming.id)).all()).toEqual([]);
  });
});

describe("the join page", () => {
  it("lets a signed-out person join with a name: a guest bound to the event, an httpOnly SameSite=Lax cookie for its pages", async () => {
    const { event, board } = await guestEvent(server.url);
    const link = joinPath(event.slug, event.joinKey, board.id);
    const page = await client(server.url).get(link);
    const html = await page.text();
    expect(html).toContain("Join as a guest");
    expect(html).toMatch(/<label[^>]*for="[^"]+"[^>]*>Name<\/label>/);

    // A signed-out visitor of the board is told where the join link is (it carries a key, ADR 028).
    const boardPage = await (await client(server.url).get(`/events/${event.slug}/boards/${board.id}`)).text();
    expect(boardPage).toContain("scan the QR code on the screen or open the join link the organisers shared");

    const browser = client(server.url);
    const joined = await browser.post(link, { name: "  Gus Guest  " });
    expect(joined.status).toBe(302);
    expect(joined.headers.get("location")).toBe(`/events/${event.slug}/boards/${board.id}`);
    const setCookie = joined.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^kx_guest=/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    expect(setCookie).toContain(`Path=/events/${event.slug}`);

    const [row] = guestRows(event.id);
    const user = db.select().from(users).where(eq(users.id, row.userId)).get()!;
    expect(user).toMatchObject({ name: "Gus Guest", email: null, deletedAt: null, isAdmin: false });
    // Only the token's hash is stored: the cookie's value is not in the table.
    const token = decodeURIComponent(setCookie.split(";")[0].slice("kx_guest=".length));
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(token).not.toContain(row.tokenHash);

    // Back on the join page, a guest goes straight on to the board.
    const again = await browser.get(link);
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe(`/events/${event.slug}/boards/${board.id}`);
  });

  it("sends signed-in people on to the board, or to the event without one", async () => {
    const { event, board } = await guestEvent(server.url);
    const person = client(server.url, await sessionCookieFor((await makeUser()).id));
    const toBoard = await person.get(`/events/${event.slug}/join?board=${board.id}`);
    expect(toBoard.status).toBe(302);
    expect(toBoard.headers.get("location")).toBe(`/events/${event.slug}/boards/${board.id}`);
    const toEvent = await person.get(`/events/${event.slug}/join`);
    expect(toEvent.headers.get("location")).toBe(`/events/${event.slug}`);
    expect(guestRows(event.id)).toEqual([]);
  });

  it("refuses an empty or too long name with a field message, 400, and writes nothing", async () => {
    const { event } = await guestEvent(server.url);
    const usersBefore = db.select().from(users).all().length;
    for (const name of ["", "   ", "x".repeat(61)]) {
      const answer = await client(server.url).post(joinPath(event.slug, event.joinKey), { name });
      expect(answer.status).toBe(400);
      const reply = await answer.text();
      expect(reply).toMatch(name.length > 60 ? /At most 60 characters/ : /Enter the name the others will see/);
      expect(answer.headers.get("set-cookie")).toBeNull();
    }
    expect(guestRows(event.id)).toEqual([]);
    expect(db.select().from(users).all().length).toBe(usersBefore);
  });

  it("answers 404 for a board of another event and for a draft event", async () => {
    const { event } = await guestEvent(server.url);
    const other = await guestEvent(server.url);
    expect((await client(server.url).get(`/events/${event.slug}/join?board=${other.board.id}`)).status).toBe(404);
    const { event: draft, asOrganiser } = await guestEvent(server.url, { guests: false });
    await asOrganiser.post(`/events/${draft.slug}/edit`, editForm(draft, { status: "draft", guestsMayJoin: "on" }));
    expect((await client(server.url).get(`/events/${draft.slug}/join`)).status).toBe(404);
    expect((await client(server.url).post(`/events/${draft.slug}/join`, { name: "Gus" })).status).toBe(404);
    expect(guestRows(draft.id)).toEqual([]);
  });
});

describe("the admin console", () => {
  it("counts and lists accounts only: a guest is no person with an account", async () => {
    const { event, board } = await guestEvent(server.url);
    const before = adminOverview().people;
    await joinedGuest(server.url, event, "Zed Unlisted Guest", board.id);
    expect(guestRows(event.id)).toHaveLength(1);
    expect(adminOverview().people).toBe(before);
    expect(searchPeople("Zed Unlisted Guest")).toEqual([]);
  });
});

describe("the privacy notice", () => {
  it("says what a guest leaves behind and when it is erased", async () => {
    const html = await (await client(server.url).get("/privacy")).text();
    expect(html).toContain("Joining as a guest: the name you give, which event, when you joined");
    expect(html).toContain("Your name and the token are erased with the event&#x27;s registration answers, 90 days after the event ends");
  });
});

describe("retention", () => {
  it("erases an event's guests with its answers: names and tokens go, their topics and dots stay as a former attendee's", async () => {
    const { event, board } = await guestEvent(server.url);
    const guest = await joinedGuest(server.url, event, "Gus Guest", board.id);
    const [row] = guestRows(event.id);
    expect((await guest.post(`/events/${event.slug}/boards/${board.id}`, { intent: "propose", title: "Guest topic" })).status).toBe(302);
    const topic = db.select().from(topics).where(eq(topics.boardId, board.id)).get()!;
    // The event ended long ago (as if): the purge is due.
    db.update(events)
      .set({ endsAt: new Date(Date.now() - 100 * DAY), startsAt: new Date(Date.now() - 100 * DAY - 3_600_000) })
      .where(eq(events.id, event.id))
      .run();
    const result = purgeExpiredAnswers({ now: new Date() });
    expect(result.events.map((e) => e.id)).toContain(event.id);
    expect(guestRows(event.id)).toEqual([]);
    const user = db.select().from(users).where(eq(users.id, row.userId)).get()!;
    expect(user.name).toBeNull();
    expect(user.deletedAt).not.toBeNull();
    // The topic stays, by a "former attendee" on the board; the old cookie is nobody now.
    expect(db.select().from(topics).where(eq(topics.id, topic.id)).get()?.authorId).toBe(row.userId);
    const page = await (await guest.get(`/events/${event.slug}/boards/${board.id}`)).text();
    expect(page).toContain("former attendee");
    expect(page).not.toContain("Gus Guest");
    const entry = db
      .select()
      .from(auditLog)
      .where(eq(auditLog.eventId, event.id))
      .all()
      .find((a) => a.action === "retention.purge_answers");
    expect(entry?.details).toMatchObject({ guests: 1 });
  });
});
