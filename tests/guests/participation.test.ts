// A guest takes part in its event's boards like a confirmed attendee, and reaches nothing
// else (issue 17.1, ADR 025): through the real server, joined through the join page.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { boards, events, guests, notes, topics, votes } from "#db/schema";
import { createNoteForUser } from "~/notes/new-note.server";
import { startTestServer, type TestClient } from "../helpers/server";
import { editForm } from "../installments/helpers";
import { facilitate, guestEvent, joinedGuest, settingsForm } from "./helpers";

const server = await startTestServer();
const db = getDb();
const guestIdOf = (eventId: number) => db.select().from(guests).where(eq(guests.eventId, eventId)).get()!.userId;
const dot = (browser: TestClient, slug: string, boardId: number, topicId: number, intent = "vote") =>
  browser.post(`/events/${slug}/boards/${boardId}/dots`, { intent, topicId: String(topicId) });

describe("a guest on its event's board", () => {
  it("proposes topics, edits its own, and votes within the budget (form and dot endpoint)", async () => {
    const { event, board, asOrganiser } = await guestEvent(server.url);
    const guest = await joinedGuest(server.url, event, "Gus Guest", board.id);
    const guestId = guestIdOf(event.id);
    const boardPath = `/events/${event.slug}/boards/${board.id}`;

    const page = await (await guest.get(boardPath)).text();
    expect(page).toContain("You take part as a guest: <strong>Gus Guest</strong>");
    expect(page).toContain("Add topic");

    const proposed = await guest.post(boardPath, { intent: "propose", title: "Walk-in wisdom", description: "From the door" });
    expect(proposed.status).toBe(302);
    const topic = db.select().from(topics).where(eq(topics.boardId, board.id)).get()!;
    expect(topic).toMatchObject({ title: "Walk-in wisdom", authorId: guestId, status: "open" });
    expect(
      (await guest.post(boardPath, { intent: "edit-topic", topicId: String(topic.id), title: "Walk-in wisdom, revised" })).status,
    ).toBe(302);
    expect(db.select().from(topics).where(eq(topics.id, topic.id)).get()!.title).toBe("Walk-in wisdom, revised");
    expect(await (await guest.get(boardPath)).text()).toContain("Gus Guest");

    await facilitate(asOrganiser, event, board.id, settingsForm({ votesPerPerson: "2" }));
    await facilitate(asOrganiser, event, board.id, { intent: "phase", phase: "vote" });
    expect((await guest.post(boardPath, { intent: "vote", topicId: String(topic.id) })).status).toBe(302);
    const second = await dot(guest, event.slug, board.id, topic.id);
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ ok: true, myVotes: 2, dotsLeft: 0 });
    const over = await dot(guest, event.slug, board.id, topic.id);
    expect(over.status).toBe(409);
    const overForm = await guest.post(boardPath, { intent: "vote", topicId: String(topic.id) });
    expect(overForm.status).toBe(409);
    expect(
      db
        .select()
        .from(votes)
        .where(and(eq(votes.boardId, board.id), eq(votes.userId, guestId)))
        .all(),
    ).toHaveLength(2);
    // A dot taken back frees the budget again.
    expect((await dot(guest, event.slug, board.id, topic.id, "unvote")).status).toBe(200);
    expect(db.select().from(votes).where(eq(votes.userId, guestId)).all()).toHaveLength(1);
  });

  it("casts a Roman vote and records takeaways where attendees may", async () => {
    const { event, board, asOrganiser } = await guestEvent(server.url);
    const guest = await joinedGuest(server.url, event, "Tia Takeaway", board.id);
    const guestId = guestIdOf(event.id);
    const boardPath = `/events/${event.slug}/boards/${board.id}`;
    await guest.post(boardPath, { intent: "propose", title: "Guest topic" });
    const topic = db.select().from(topics).where(eq(topics.boardId, board.id)).get()!;
    const step = (fields: Record<string, string>) => facilitate(asOrganiser, event, board.id, fields);
    await step(settingsForm({ takeawaysBy: "anyone" }));
    await step({ intent: "phase", phase: "discuss" });
    await step({ intent: "start", topicId: String(topic.id) });
    await step({ intent: "end-timebox", topicId: String(topic.id) });
    expect((await guest.post(boardPath, { intent: "roman", topicId: String(topic.id), value: "move_on" })).status).toBe(302);
    // The facilitator's steps stay the facilitator's.
    const refused = await guest.post(boardPath, { intent: "finish", topicId: String(topic.id), takeaways: "", visibility: "public" });
    expect(refused.status).toBe(403);
    expect(db.select().from(topics).where(eq(topics.id, topic.id)).get()!.status).toBe("discussing");
    await step({ intent: "finish", topicId: String(topic.id), takeaways: "", visibility: "public" });
    const took = await guest.post(boardPath, {
      intent: "takeaways",
      topicId: String(topic.id),
      takeaways: "Ask the room first.",
      visibility: "public",
    });
    expect(took.status).toBe(302);
    const note = db.select().from(notes).where(eq(notes.topicId, topic.id)).get()!;
    expect(note).toMatchObject({ createdById: guestId });
    expect(note.body).toContain("Ask the room first.");
  });

  it("may not facilitate: phase, settings, start, new boards are refused and nothing changes", async () => {
    const { event, board } = await guestEvent(server.url);
    const guest = await joinedGuest(server.url, event, "Gus Guest", board.id);
    const boardPath = `/events/${event.slug}/boards/${board.id}`;
    const forms: Record<string, string>[] = [
      { intent: "phase", phase: "vote" },
      { intent: "create-board", title: "Mine" },
    ];
    for (const fields of forms) {
      expect((await guest.post(boardPath, fields)).status).toBe(403);
    }
    expect(
      db
        .select()
        .from(topics)
        .all()
        .filter((t) => t.boardId === board.id),
    ).toEqual([]);
  });
});

describe("a guest reaches nothing else", () => {
  it("is a signed-out visitor on another event's board, on account, admin and notes pages", async () => {
    const { event, board, organiser, asOrganiser: organiserBrowser } = await guestEvent(server.url);
    const asOrganiser = { id: organiser.id, isAdmin: false, memberOrganisationId: null };
    const other = await guestEvent(server.url);
    const guest = await joinedGuest(server.url, event, "Gus Guest", board.id);
    const otherBoard = `/events/${other.event.slug}/boards/${other.board.id}`;

    // Another event that also takes guests: this guest is nobody there.
    const page = await (await guest.get(otherBoard)).text();
    expect(page).toContain("You are looking at this board read-only");
    expect(page).not.toContain("Gus Guest");
    const propose = await guest.post(otherBoard, { intent: "propose", title: "Sneaking in" });
    expect(propose.status).toBe(302);
    expect(propose.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    await facilitate(other.asOrganiser, other.event, other.board.id, { intent: "phase", phase: "vote" });
    expect((await dot(guest, other.event.slug, other.board.id, 1)).status).toBe(401);
    expect(db.select().from(topics).where(eq(topics.boardId, other.board.id)).all()).toEqual([]);

    for (const path of [
      "/account",
      "/account/export.json",
      "/admin",
      "/notes/new",
      `/events/${event.slug}/agenda`,
      `/events/${event.slug}/sessions/new`,
    ]) {
      const answer = await guest.get(path);
      expect([path, answer.status, answer.headers.get("location")?.startsWith("/login")]).toEqual([path, 302, true]);
    }
    expect((await guest.get(`/events/${event.slug}/attendees`)).headers.get("location")).toMatch(/^\/login/);

    // The event's attendees-only note is not the guest's to read; its public note is.
    const secret = createNoteForUser(
      { event: event.slug, title: "Attendees only", body: "secret", visibility: "attendees", tags: "" },
      asOrganiser,
    );
    const open = createNoteForUser(
      { event: event.slug, title: "For everyone", body: "hello", visibility: "public", tags: "" },
      asOrganiser,
    );
    expect((await guest.get(`/notes/${secret.id}`)).status).toBe(404);
    expect((await guest.get(`/notes/${open.id}`)).status).toBe(200);
    expect(await (await guest.get("/notes")).text()).not.toContain("Attendees only");

    // A second board of its own event: the guest takes part there too.
    await facilitate(organiserBrowser, event, board.id, { intent: "create-board", title: "Afternoon" });
    const second = db
      .select()
      .from(boards)
      .where(and(eq(boards.eventId, event.id), eq(boards.title, "Afternoon")))
      .get()!;
    expect((await guest.post(`/events/${event.slug}/boards/${second.id}`, { intent: "propose", title: "Afternoon topic" })).status).toBe(
      302,
    );
    expect(db.select().from(topics).where(eq(topics.boardId, second.id)).get()?.title).toBe("Afternoon topic");
  });

  it("loses the board once the organisers turn guests off", async () => {
    const { event, board, asOrganiser } = await guestEvent(server.url);
    const guest = await joinedGuest(server.url, event, "Gus Guest", board.id);
    // The form as the organiser sends it with the box unticked.
    const { guestsMayJoin: _on, ...values } = editForm(event);
    expect((await asOrganiser.post(`/events/${event.slug}/edit`, values)).status).toBe(302);
    expect(db.select().from(events).where(eq(events.id, event.id)).get()!.guestsMayJoin).toBe(false);
    const answer = await guest.post(`/events/${event.slug}/boards/${board.id}`, { intent: "propose", title: "Too late" });
    expect(answer.headers.get("location")).toMatch(/^\/login/);
    expect(db.select().from(topics).where(eq(topics.boardId, board.id)).all()).toEqual([]);
  });
});
