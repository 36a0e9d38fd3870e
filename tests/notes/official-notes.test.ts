// Issue 18, finding 4: the official note of a topic (its takeaways) and of a session (its
// notes page) is stored on the topic or session and set only through the board's
// takeaways or the schedule's placement. Any other note about it is a related note: it
// never takes the official note's place and never blocks it.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { notes, scheduleSessions, topics } from "#db/schema";
import { setPhase, updateBoardSettings } from "~/board/boards.server";
import { finishTopic, startTopic } from "~/board/discussion.server";
import { recordTakeaways } from "~/board/takeaways.server";
import { proposeTopic } from "~/board/topics.server";
import { getBoardView } from "~/board/view.server";
import { getBoardSummary } from "~/board/summary.server";
import { createNoteForUser } from "~/notes/new-note.server";
import { getNoteForViewer, relatedNotes } from "~/notes/note-access.server";
import { updateNote } from "~/notes/edit-note.server";
import { placeSession } from "~/schedule/placement.server";
import { loadSession } from "~/schedule/sessions.server";
import { boardSettings, leanCoffee } from "../board/helpers";
import { client, startTestServer } from "../helpers/server";
import { asActor, makeUnconference, propose } from "../schedule/helpers";
import { viewerOf } from "./helpers";

const server = await startTestServer();

async function discussedTopic() {
  const world = await leanCoffee();
  const { board, alice, organiser } = world;
  const topic = proposeTopic(board.id, { id: alice.id }, { title: "Flaky tests" });
  setPhase(board.id, "discuss", { id: organiser.id });
  startTopic(board.id, topic.id, { id: organiser.id });
  finishTopic(board.id, topic.id, { id: organiser.id });
  return { ...world, topic };
}

const officialOf = (topicId: number) => getDb().select({ id: topics.officialNoteId }).from(topics).where(eq(topics.id, topicId)).get()!.id;

describe("a topic's takeaways", () => {
  it("are not replaced or blocked by an attendee's note about the topic", async () => {
    const { board, event, alice, organiser, topic } = await discussedTopic();
    const attendeeNote = createNoteForUser(
      { event: event.slug, title: "My own takeaways", body: "Mute the flaky ones forever", visibility: "public", topicId: topic.id },
      viewerOf(alice),
    );
    expect(officialOf(topic.id)).toBeNull();
    expect(getBoardView(board.id, null).discussed[0].noteId).toBeNull();
    expect(getBoardSummary(board.id, null).discussed[0].takeaways).toBeNull();

    // The facilitator's takeaways are not refused ("already in the archive") and become official.
    const official = recordTakeaways(board.id, topic.id, { id: organiser.id }, { takeaways: "Quarantine, then fix", visibility: "public" });
    expect(officialOf(topic.id)).toBe(official.id);
    expect(getBoardView(board.id, null).discussed[0].noteId).toBe(official.id);
    expect(getBoardSummary(board.id, null).discussed[0].takeaways?.html).toContain("Quarantine, then fix");

    // The board page links the official takeaways; the summary lists the attendee's note as related.
    const visitor = client(server.url);
    const page = await (await visitor.get(`/events/${event.slug}/boards/${board.id}`)).text();
    expect(page).toContain(`href="/notes/${official.id}"`);
    expect(page).not.toContain(`href="/notes/${attendeeNote.id}"`);
    expect(relatedNotes({ topicId: topic.id }, null).map((n) => n.id)).toEqual([attendeeNote.id]);
    const summary = await (await visitor.get(`/events/${event.slug}/boards/${board.id}/summary`)).text();
    expect(summary).toContain("Related notes");
    expect(summary).toContain(`href="/notes/${attendeeNote.id}"`);
    // The note pages say which one is official.
    expect(getNoteForViewer(official.id, null).card.official).toBe(true);
    expect(getNoteForViewer(attendeeNote.id, null).card.official).toBe(false);
    expect(await (await visitor.get(`/notes/${official.id}`)).text()).toMatch(
      /Official takeaways of Lean Coffee topic(<!-- -->)?: (<!-- -->)?Flaky tests/,
    );
    expect(await (await visitor.get(`/notes/${attendeeNote.id}`)).text()).toMatch(
      /Related to Lean Coffee topic(<!-- -->)?: (<!-- -->)?Flaky tests/,
    );
  });

  it("with takeaways by anyone: the first recorded through the board are official, later ones are refused", async () => {
    const { board, alice, bob, organiser, topic } = await discussedTopic();
    updateBoardSettings(board.id, boardSettings({ takeawaysBy: "anyone" }), { id: organiser.id });
    const first = recordTakeaways(board.id, topic.id, { id: alice.id }, { takeaways: "Rotate weekly" });
    expect(officialOf(topic.id)).toBe(first.id);
    expect(() => recordTakeaways(board.id, topic.id, { id: bob.id }, { takeaways: "Again" })).toThrow(/already/);
    expect(getDb().select().from(notes).where(eq(notes.topicId, topic.id)).all()).toHaveLength(1);
  });
});

describe("a session's notes page", () => {
  it("is created for the hosts on placement even when an attendee wrote about the session first", async () => {
    const { event, organiser, attendees, rooms, slots } = await makeUnconference();
    const session = propose(event, attendees[0], "Observability on a budget", [attendees[0].id], { organiser });
    const early = createNoteForUser(
      { event: event.slug, title: "Notes page (not really)", body: "Mine now", visibility: "public", sessionId: session.id },
      viewerOf(attendees[1]),
    );
    placeSession(event, asActor(organiser), { sessionId: session.id, roomId: rooms.big.id, slotId: slots.ten.id });
    const row = getDb().select().from(scheduleSessions).where(eq(scheduleSessions.id, session.id)).get()!;
    expect(row.officialNoteId).not.toBeNull();
    expect(row.officialNoteId).not.toBe(early.id);
    const hostsPage = getDb().select().from(notes).where(eq(notes.id, row.officialNoteId!)).get()!;
    expect(hostsPage.body).toContain("## Takeaways");
    expect(hostsPage.createdById).toBe(attendees[0].id);
    expect(loadSession(event.id, session.id).noteId).toBe(hostsPage.id);

    const page = await (await client(server.url).get(`/events/${event.slug}/sessions/${session.id}`)).text();
    expect(page).toContain(`href="/notes/${hostsPage.id}"`);
    expect(page).toContain("Notes page (not really)");
    expect(relatedNotes({ sessionId: session.id }, null).map((n) => n.id)).toEqual([early.id]);
  });
});

describe("reading related notes", () => {
  it("lists only the related notes the viewer may read", async () => {
    const { event, alice, bob, topic } = await discussedTopic();
    const hidden = createNoteForUser(
      { event: event.slug, title: "Attendees only", body: "x", visibility: "attendees", topicId: topic.id },
      viewerOf(alice),
    );
    expect(relatedNotes({ topicId: topic.id }, null)).toEqual([]);
    expect(relatedNotes({ topicId: topic.id }, viewerOf(bob)).map((n) => n.id)).toEqual([hidden.id]);
  });
});

describe("the board summary", () => {
  it("shows takeaways only to those who may read the note now (not to a removed co-author)", async () => {
    const { board, alice, organiser, topic } = await discussedTopic();
    updateBoardSettings(board.id, boardSettings({ takeawaysBy: "anyone" }), { id: organiser.id });
    const note = recordTakeaways(board.id, topic.id, { id: alice.id }, { takeaways: "Alice's draft", visibility: "attendees" });
    expect(getBoardSummary(board.id, viewerOf(alice)).discussed[0].takeaways?.html).toContain("draft");
    updateNote(
      note.id,
      { title: note.title, body: "For partners only", visibility: "partners", version: 1, coAuthorEmails: organiser.email! },
      viewerOf(organiser),
    );
    expect(getBoardSummary(board.id, viewerOf(alice)).discussed[0].takeaways).toBeNull();
    expect(getBoardSummary(board.id, viewerOf(organiser)).discussed[0].takeaways?.html).toContain("For partners only");
  });
});
