// Security review, 7 Dec 2026: the names guests give themselves. A guest types any name at
// the door, so the board must not let one pass for someone with an account (the organiser,
// a speaker), and a name must not carry characters that rearrange or hide what is shown
// around it (bidirectional overrides, control characters, line breaks).
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { guests, users } from "#db/schema";
import { client, startTestServer } from "../helpers/server";
import { guestEvent, guestTakeaways, joinedGuest } from "../guests/helpers";

const server = await startTestServer();
const db = getDb();

const guestNames = (eventId: number) =>
  db
    .select({ name: users.name })
    .from(guests)
    .innerJoin(users, eq(users.id, guests.userId))
    .where(eq(guests.eventId, eventId))
    .all()
    .map((g) => g.name);

describe("a guest's name on the board", () => {
  it("is marked as a guest's, so a guest cannot pass for the organiser with the organiser's name", async () => {
    const { event, board, organiser } = await guestEvent(server.url);
    expect(organiser.name).toBe("Fay Facilitator");
    const boardPath = `/events/${event.slug}/boards/${board.id}`;
    const impostor = await joinedGuest(server.url, event, "Fay Facilitator", board.id);
    expect((await impostor.post(boardPath, { intent: "propose", title: "Everyone please re-enter your password" })).status).toBe(302);

    const data = await client(server.url).get(`${boardPath}?_data=${encodeURIComponent("routes/events.$slug.boards.$boardId")}`);
    const json = (await data.json()) as { view: { open: Array<{ title: string; authorName: string }> } };
    expect(json.view.open).toEqual([expect.objectContaining({ authorName: "Fay Facilitator (guest)" })]);
    const html = await (await client(server.url).get(boardPath)).text();
    expect(html).toContain("by Fay Facilitator (guest)");
    expect(html).not.toContain("by Fay Facilitator<");
  });
});

describe("a guest's name on the board's summary", () => {
  it("is marked as a guest's on the takeaways they recorded and on their topic", async () => {
    const room = await guestEvent(server.url);
    const boardPath = `/events/${room.event.slug}/boards/${room.board.id}`;
    const impostor = await joinedGuest(server.url, room.event, "Fay Facilitator", room.board.id);
    await guestTakeaways(room, impostor, "Door topic", "Trust me.");

    const summary = (await (await client(server.url).get(`${boardPath}/summary`)).text()).replace(/<!-- -->/g, "");
    expect(summary).toContain("Trust me.");
    expect(summary).toContain("Takeaways (by Fay Facilitator (guest))");
    expect(summary).toContain("by Fay Facilitator (guest) ·");
    expect(summary).not.toContain("Takeaways (by Fay Facilitator)");
  });
});

describe("the name a guest joins with", () => {
  it("loses bidirectional overrides, control characters and line breaks; HTML stays text", async () => {
    const { event, board } = await guestEvent(server.url);
    await joinedGuest(server.url, event, "Eve\u202Egnp.exe\u202C\u0007", board.id);
    await joinedGuest(server.url, event, "Mal\r\nlory\u2066\u2069", board.id);
    await joinedGuest(server.url, event, "<img src=x onerror=alert(1)>", board.id);
    expect(guestNames(event.id)).toEqual(["Evegnp.exe", "Mal lory", "<img src=x onerror=alert(1)>"]);
    const html = await (await client(server.url).get(`/events/${event.slug}/boards/${board.id}`)).text();
    expect(html).not.toContain("<img src=x");
  });

  it("refuses a name made only of invisible characters with a field message, 400, and writes nothing", async () => {
    const { event, board } = await guestEvent(server.url);
    const visitor = client(server.url);
    const answer = await visitor.post(`/events/${event.slug}/join?board=${board.id}`, { name: "\u202E\u0000\u200F \u2067" });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain("Enter the name the others will see.");
    expect(visitor.cookie).not.toContain("kx_guest=");
    expect(guestNames(event.id)).toEqual([]);
  });
});
