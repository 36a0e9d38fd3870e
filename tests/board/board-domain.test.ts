// Board rules tested without HTTP, against the real SQLite database.
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, noteAuthors, notes, romanVotes, scheduleSessions, sessionHosts, topics, votes } from "#db/schema";
import { setPhase, updateBoardSettings } from "~/board/boards.server";
import { carryOverTopics } from "~/board/carry-over.server";
import { castRomanVote, endTimebox, extendTopic, finishTopic, startTopic } from "~/board/discussion.server";
import { castVote, retractVote } from "~/board/dot-votes.server";
import { recordTakeaways } from "~/board/takeaways.server";
import { editTopic, mergeTopics, proposeTopic, withdrawTopic } from "~/board/topics.server";
import { getBoardView } from "~/board/view.server";
import { promoteTopicToSession } from "~/board/promote.server";
import { DomainError } from "~/utils/errors.server";
import { makeEvent, makeUser } from "../helpers/factories";
import { boardSettings, confirm, leanCoffee } from "./helpers";

const db = () => getDb();
const voteCount = (boardId: number) => db().select({ n: count() }).from(votes).where(eq(votes.boardId, boardId)).get()!.n;

function expectDomainError(fn: () => unknown, status: number, message?: RegExp) {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  expect((caught as DomainError).status).toBe(status);
  if (message) expect((caught as DomainError).message).toMatch(message);
}

describe("boards and phases", () => {
  it("creates a board with the defaults of the spec", async () => {
    const { board } = await leanCoffee();
    expect(board).toMatchObject({
      phase: "collect",
      votesPerPerson: 3,
      allowStacking: true,
      hideTallies: false,
      timeboxSeconds: 480,
      extensionSeconds: 240,
      takeawaysBy: "facilitator",
    });
  });

  it("lets only facilitators change the phase, and audits it", async () => {
    const { board, alice, organiser, event } = await leanCoffee();
    expectDomainError(() => setPhase(board.id, "vote", { id: alice.id }), 403);
    setPhase(board.id, "vote", { id: organiser.id, ip: "10.0.0.1" });
    expect(getBoardView(board.id, null).board.phase).toBe("vote");
    const entry = db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.eventId, event.id), eq(auditLog.action, "board.phase")))
      .get();
    expect(entry).toMatchObject({ actorId: organiser.id, ip: "10.0.0.1" });
  });

  it("lets an organiser of event A no power over event B's board", async () => {
    const a = await leanCoffee();
    const b = await leanCoffee();
    expectDomainError(() => setPhase(b.board.id, "vote", { id: a.organiser.id }), 403);
    expectDomainError(() => updateBoardSettings(b.board.id, boardSettings(), { id: a.organiser.id }), 403);
  });
});

describe("topics", () => {
  it("lets confirmed attendees propose while collecting, and nobody else", async () => {
    const { board, alice, outsider, organiser, event } = await leanCoffee();
    const waitlisted = await makeUser();
    confirm(waitlisted.id, event.id, "waitlisted");
    const topic = proposeTopic(board.id, { id: alice.id }, { title: "Monorepos", description: "Worth it?" });
    expect(topic).toMatchObject({ title: "Monorepos", authorId: alice.id, status: "open" });
    proposeTopic(board.id, { id: organiser.id }, { title: "Facilitators take part too" });
    expectDomainError(() => proposeTopic(board.id, { id: outsider.id }, { title: "x" }), 403);
    expectDomainError(() => proposeTopic(board.id, { id: waitlisted.id }, { title: "x" }), 403);
    setPhase(board.id, "vote", { id: organiser.id });
    expectDomainError(() => proposeTopic(board.id, { id: alice.id }, { title: "late" }), 409);
  });

  it("lets authors edit and withdraw their own topics while collecting, not others'", async () => {
    const { board, alice, bob, organiser } = await leanCoffee();
    const topic = proposeTopic(board.id, { id: alice.id }, { title: "Typo" });
    expectDomainError(() => editTopic(board.id, topic.id, { id: bob.id }, { title: "Hijack" }), 403);
    expectDomainError(() => withdrawTopic(board.id, topic.id, { id: bob.id }), 403);
    editTopic(board.id, topic.id, { id: alice.id }, { title: "Fixed", description: "now" });
    expect(db().select().from(topics).where(eq(topics.id, topic.id)).get()).toMatchObject({ title: "Fixed", description: "now" });
    setPhase(board.id, "vote", { id: organiser.id });
    expectDomainError(() => editTopic(board.id, topic.id, { id: alice.id }, { title: "Late edit" }), 409);
    expectDomainError(() => withdrawTopic(board.id, topic.id, { id: alice.id }), 409);
    setPhase(board.id, "collect", { id: organiser.id });
    withdrawTopic(board.id, topic.id, { id: alice.id });
    expect(getBoardView(board.id, null).open).toHaveLength(0);
  });

  it("lets a facilitator remove any open topic and gives its dots back", async () => {
    const { board, alice, bob, organiser } = await leanCoffee();
    const topic = proposeTopic(board.id, { id: alice.id }, { title: "Off topic" });
    setPhase(board.id, "vote", { id: organiser.id });
    castVote(board.id, topic.id, { id: bob.id });
    withdrawTopic(board.id, topic.id, { id: organiser.id });
    expect(voteCount(board.id)).toBe(0);
    expect(getBoardView(board.id, { id: bob.id }).dotsLeft).toBe(3);
  });

  it("refuses a topic of another board", async () => {
    const a = await leanCoffee();
    const b = await leanCoffee();
    const foreign = proposeTopic(b.board.id, { id: b.alice.id }, { title: "Elsewhere" });
    setPhase(a.board.id, "vote", { id: a.organiser.id });
    expectDomainError(() => castVote(a.board.id, foreign.id, { id: a.alice.id }), 404);
    expect(voteCount(b.board.id)).toBe(0);
  });
});

describe("dot voting", () => {
  it("keeps the budget, allows stacking and taking dots back, only while voting", async () => {
    const { board, alice, bob, organiser } = await leanCoffee();
    const t1 = proposeTopic(board.id, { id: alice.id }, { title: "One" });
    const t2 = proposeTopic(board.id, { id: bob.id }, { title: "Two" });
    expectDomainError(() => castVote(board.id, t1.id, { id: alice.id }), 409, /voting is open/);
    setPhase(board.id, "vote", { id: organiser.id });
    expect(castVote(board.id, t1.id, { id: alice.id }).dotsLeft).toBe(2);
    castVote(board.id, t1.id, { id: alice.id });
    castVote(board.id, t2.id, { id: alice.id });
    expectDomainError(() => castVote(board.id, t2.id, { id: alice.id }), 409, /all 3 of your dots/);
    retractVote(board.id, t1.id, { id: alice.id });
    expect(getBoardView(board.id, { id: alice.id }).dotsLeft).toBe(1);
    castVote(board.id, t2.id, { id: alice.id });
    expectDomainError(() => retractVote(board.id, t1.id, { id: bob.id }), 409, /no dot/);
    const view = getBoardView(board.id, { id: alice.id });
    expect(view.open.map((t) => [t.title, t.votes, t.myVotes])).toEqual([
      ["Two", 2, 2],
      ["One", 1, 1],
    ]);
    setPhase(board.id, "discuss", { id: organiser.id });
    expectDomainError(() => retractVote(board.id, t1.id, { id: alice.id }), 409);
    expect(voteCount(board.id)).toBe(3);
  });

  it("allows one dot per topic when stacking is off", async () => {
    const { board, alice, organiser } = await leanCoffee();
    updateBoardSettings(board.id, boardSettings({ allowStacking: false }), { id: organiser.id });
    const t1 = proposeTopic(board.id, { id: alice.id }, { title: "One" });
    setPhase(board.id, "vote", { id: organiser.id });
    castVote(board.id, t1.id, { id: alice.id });
    expectDomainError(() => castVote(board.id, t1.id, { id: alice.id }), 409, /one dot per topic/);
  });

  it("refuses unregistered people", async () => {
    const { board, alice, outsider, organiser } = await leanCoffee();
    const t1 = proposeTopic(board.id, { id: alice.id }, { title: "One" });
    setPhase(board.id, "vote", { id: organiser.id });
    expectDomainError(() => castVote(board.id, t1.id, { id: outsider.id }), 403);
    expect(voteCount(board.id)).toBe(0);
  });

  it("hides tallies (and their order) from everyone but facilitators until voting closes, and never shows voters", async () => {
    const { board, alice, bob, organiser } = await leanCoffee();
    updateBoardSettings(board.id, boardSettings({ hideTallies: true }), { id: organiser.id });
    const first = proposeTopic(board.id, { id: alice.id }, { title: "First" });
    const second = proposeTopic(board.id, { id: alice.id }, { title: "Second" });
    setPhase(board.id, "vote", { id: organiser.id });
    castVote(board.id, second.id, { id: bob.id });
    castVote(board.id, second.id, { id: bob.id });
    const aliceView = getBoardView(board.id, { id: alice.id });
    expect(aliceView.talliesVisible).toBe(false);
    expect(aliceView.open.map((t) => [t.id, t.votes])).toEqual([
      [first.id, null],
      [second.id, null],
    ]);
    expect(getBoardView(board.id, null).open.every((t) => t.votes === null)).toBe(true);
    // Bob sees his own dots, not the tally.
    expect(getBoardView(board.id, { id: bob.id }).open.find((t) => t.id === second.id)).toMatchObject({ votes: null, myVotes: 2 });
    const facilitatorView = getBoardView(board.id, { id: organiser.id });
    expect(facilitatorView.open.map((t) => [t.id, t.votes])).toEqual([
      [second.id, 2],
      [first.id, 0],
    ]);
    // Nothing in any view names a voter.
    expect(JSON.stringify(facilitatorView)).not.toContain(`"userId"`);
    expect(JSON.stringify(facilitatorView)).not.toContain("Bob Attendee");
    setPhase(board.id, "discuss", { id: organiser.id });
    expect(getBoardView(board.id, { id: alice.id }).open.map((t) => t.votes)).toEqual([2, 0]);
  });
});

describe("merging duplicates", () => {
  it("moves the dots along and keeps budgets (refunding double dots without stacking)", async () => {
    const { board, alice, bob, organiser } = await leanCoffee();
    updateBoardSettings(board.id, boardSettings({ allowStacking: false }), { id: organiser.id });
    const keep = proposeTopic(board.id, { id: alice.id }, { title: "CI speed" });
    const dup = proposeTopic(board.id, { id: bob.id }, { title: "Faster builds" });
    setPhase(board.id, "vote", { id: organiser.id });
    castVote(board.id, keep.id, { id: alice.id });
    castVote(board.id, dup.id, { id: alice.id });
    castVote(board.id, dup.id, { id: bob.id });
    expectDomainError(() => mergeTopics(board.id, dup.id, keep.id, { id: alice.id }), 403);
    mergeTopics(board.id, dup.id, keep.id, { id: organiser.id });
    const view = getBoardView(board.id, { id: alice.id });
    expect(view.open).toHaveLength(1);
    expect(view.open[0]).toMatchObject({ id: keep.id, votes: 2, myVotes: 1, mergedTitles: ["Faster builds"] });
    expect(view.dotsLeft).toBe(2);
    expect(db().select().from(topics).where(eq(topics.id, dup.id)).get()).toMatchObject({ status: "merged", mergedIntoId: keep.id });
  });
});

describe("discussion", () => {
  async function discussing() {
    const setup = await leanCoffee();
    const { board, alice, bob, organiser } = setup;
    const t1 = proposeTopic(board.id, { id: alice.id }, { title: "Observability" });
    const t2 = proposeTopic(board.id, { id: bob.id }, { title: "On-call" });
    setPhase(board.id, "vote", { id: organiser.id });
    castVote(board.id, t1.id, { id: bob.id });
    setPhase(board.id, "discuss", { id: organiser.id });
    return { ...setup, t1, t2 };
  }

  it("stores the time-box as an end time, refuses a second topic and attendees starting", async () => {
    const { board, alice, organiser, t1, t2 } = await discussing();
    const now = new Date("2030-01-01T10:00:00Z");
    expectDomainError(() => startTopic(board.id, t1.id, { id: alice.id }, now), 403);
    startTopic(board.id, t1.id, { id: organiser.id }, now);
    const row = db().select().from(topics).where(eq(topics.id, t1.id)).get()!;
    expect(row.status).toBe("discussing");
    expect(row.timerEndsAt?.toISOString()).toBe("2030-01-01T10:08:00.000Z");
    expectDomainError(() => startTopic(board.id, t2.id, { id: organiser.id }, now), 409, /still being discussed/);
    expect(db().select().from(topics).where(eq(topics.id, t2.id)).get()!.status).toBe("open");
    expectDomainError(() => setPhase(board.id, "closed", { id: organiser.id }), 409);
  });

  it("runs Roman votes per round, extends by the extension and records time spent", async () => {
    const { board, alice, bob, organiser, outsider, t1 } = await discussing();
    const t0 = new Date("2030-01-01T10:00:00Z");
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    startTopic(board.id, t1.id, { id: organiser.id }, t0);
    expectDomainError(() => castRomanVote(board.id, t1.id, { id: alice.id }, "continue", at(60)), 409, /opens when the time-box runs out/);
    castRomanVote(board.id, t1.id, { id: alice.id }, "continue", at(481));
    castRomanVote(board.id, t1.id, { id: bob.id }, "move_on", at(482));
    castRomanVote(board.id, t1.id, { id: bob.id }, "continue", at(483)); // changes his mind: still one vote
    expectDomainError(() => castRomanVote(board.id, t1.id, { id: outsider.id }, "continue", at(484)), 403);
    const view = getBoardView(board.id, { id: alice.id }, at(485));
    expect(view.roman).toMatchObject({ round: 0, continue: 2, move_on: 0, neutral: 0, mine: "continue", open: true });

    extendTopic(board.id, t1.id, { id: organiser.id }, at(490));
    const extended = db().select().from(topics).where(eq(topics.id, t1.id)).get()!;
    expect(extended.extensions).toBe(1);
    expect(extended.timerEndsAt?.getTime()).toBe(at(490 + 240).getTime());
    // A new round starts empty and closed until the extension runs out.
    expect(getBoardView(board.id, { id: alice.id }, at(500)).roman).toMatchObject({ round: 1, continue: 0, open: false });
    endTimebox(board.id, t1.id, { id: organiser.id }, at(600));
    castRomanVote(board.id, t1.id, { id: alice.id }, "move_on", at(601));
    expect(db().select({ n: count() }).from(romanVotes).where(eq(romanVotes.topicId, t1.id)).get()!.n).toBe(3);

    expectDomainError(() => finishTopic(board.id, t1.id, { id: alice.id }, {}, at(700)), 403);
    finishTopic(board.id, t1.id, { id: organiser.id }, {}, at(700));
    const done = db().select().from(topics).where(eq(topics.id, t1.id)).get()!;
    expect(done).toMatchObject({ status: "discussed", discussedSeconds: 700, timerEndsAt: null });
  });

  it("turns takeaways into a note linked to topic and event, authored by the writer", async () => {
    const { board, event, alice, bob, organiser, t1, t2 } = await discussing();
    startTopic(board.id, t1.id, { id: organiser.id });
    const note = finishTopic(board.id, t1.id, { id: organiser.id }, { takeaways: "- Use **OpenTelemetry**", visibility: "public" });
    expect(note).toMatchObject({
      eventId: event.id,
      topicId: t1.id,
      title: "Takeaways: Observability",
      body: "- Use **OpenTelemetry**",
      visibility: "public",
    });
    expect(db().select().from(noteAuthors).where(eq(noteAuthors.noteId, note!.id)).all()).toEqual([
      { noteId: note!.id, userId: organiser.id },
    ]);
    expect(getBoardView(board.id, null).discussed[0].noteId).toBe(note!.id);

    // Second topic finished without takeaways; attendees may add them only when the board allows.
    startTopic(board.id, t2.id, { id: organiser.id });
    finishTopic(board.id, t2.id, { id: organiser.id });
    expectDomainError(() => recordTakeaways(board.id, t2.id, { id: alice.id }, { takeaways: "x" }), 403);
    updateBoardSettings(board.id, boardSettings({ takeawaysBy: "anyone" }), { id: organiser.id });
    const byAlice = recordTakeaways(board.id, t2.id, { id: alice.id }, { takeaways: "Rotate weekly" });
    expect(byAlice).toMatchObject({ createdById: alice.id, topicId: t2.id, visibility: "attendees" });
    expectDomainError(() => recordTakeaways(board.id, t2.id, { id: bob.id }, { takeaways: "again" }), 409, /already/);
    expect(db().select({ n: count() }).from(notes).where(eq(notes.eventId, event.id)).get()!.n).toBe(2);
  });
});

describe("after the session", () => {
  it("carries undiscussed topics over to another event's board, with their history", async () => {
    const a = await leanCoffee();
    const next = makeEvent({ format: "lean_coffee", organiserIds: [a.organiser.id] });
    const { createBoard } = await import("~/board/boards.server");
    const target = createBoard(next.id, { id: a.organiser.id });
    const t1 = proposeTopic(a.board.id, { id: a.alice.id }, { title: "Left over" });
    const t2 = proposeTopic(a.board.id, { id: a.alice.id }, { title: "Done" });
    setPhase(a.board.id, "vote", { id: a.organiser.id });
    castVote(a.board.id, t1.id, { id: a.bob.id });
    setPhase(a.board.id, "discuss", { id: a.organiser.id });
    startTopic(a.board.id, t2.id, { id: a.organiser.id });
    finishTopic(a.board.id, t2.id, { id: a.organiser.id });
    setPhase(a.board.id, "closed", { id: a.organiser.id });

    const stranger = await leanCoffee();
    expectDomainError(() => carryOverTopics(a.board.id, stranger.board.id, { id: a.organiser.id }), 403);
    expectDomainError(() => carryOverTopics(a.board.id, target.id, { id: a.alice.id }), 403);
    expect(carryOverTopics(a.board.id, target.id, { id: a.organiser.id })).toBe(1);
    const view = getBoardView(target.id, null);
    expect(view.open).toHaveLength(1);
    expect(view.open[0]).toMatchObject({
      title: "Left over",
      authorName: "Alice Attendee",
      carriedFrom: { eventTitle: a.event.title, votes: 1 },
    });
    expect(getBoardView(a.board.id, null).carriedOver.map((t) => t.id)).toEqual([t1.id]);
    expectDomainError(() => carryOverTopics(a.board.id, target.id, { id: a.organiser.id }), 409);
  });

  it("promotes a topic to an unconference session proposal with the author as host", async () => {
    const a = await leanCoffee();
    const unconf = makeEvent({ format: "unconference", organiserIds: [a.organiser.id] });
    const otherUnconf = makeEvent({ format: "unconference" });
    const topic = proposeTopic(a.board.id, { id: a.alice.id }, { title: "Platform teams", description: "How big?" });
    expectDomainError(() => promoteTopicToSession(topic.id, unconf.id, { id: a.alice.id }), 403);
    expectDomainError(() => promoteTopicToSession(topic.id, otherUnconf.id, { id: a.organiser.id }), 403);
    expectDomainError(() => promoteTopicToSession(topic.id, a.event.id, { id: a.organiser.id }), 400);
    const { session } = promoteTopicToSession(topic.id, unconf.id, { id: a.organiser.id });
    expect(session).toMatchObject({
      eventId: unconf.id,
      title: "Platform teams",
      abstract: "How big?",
      status: "proposed",
      format: "discussion",
      promotedFromTopicId: topic.id,
      proposedById: a.alice.id,
    });
    expect(db().select().from(sessionHosts).where(eq(sessionHosts.sessionId, session.id)).all()).toEqual([
      { sessionId: session.id, userId: a.alice.id },
    ]);
    expectDomainError(() => promoteTopicToSession(topic.id, unconf.id, { id: a.organiser.id }), 409);
    expect(db().select({ n: count() }).from(scheduleSessions).get()!.n).toBe(1);
  });
});
