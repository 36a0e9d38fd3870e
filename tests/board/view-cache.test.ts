// The cached, viewer-independent part of the board view: one snapshot per board and live
// revision, rebuilt after every kind of change (each publishes a frame), with a short TTL
// for changes that publish nothing; the viewer's dots, role and own topics per request;
// and the server (another module copy of the board modules) sees changes made through this one.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { events, users } from "#db/schema";
import { createBoard, setPhase, updateBoardSettings } from "~/board/boards.server";
import { carryOverTopics } from "~/board/carry-over.server";
import { castRomanVote, endTimebox, extendTopic, finishTopic, startTopic } from "~/board/discussion.server";
import { castVote, retractVote } from "~/board/dot-votes.server";
import { BOARD_SNAPSHOT_TTL_MS, cachedBoardSnapshot } from "~/board/snapshot.server";
import { recordTakeaways } from "~/board/takeaways.server";
import { editTopic, mergeTopics, proposeTopic, withdrawTopic } from "~/board/topics.server";
import { getBoardView } from "~/board/view.server";
import { makeEvent } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { boardSettings, leanCoffee } from "./helpers";

const server = await startTestServer();
const snapshotOf = cachedBoardSnapshot;

describe("the board view cache", () => {
  it("serves repeated views from one snapshot and adds each viewer's own part", async () => {
    const { board, alice, bob, organiser } = await leanCoffee();
    const mineA = proposeTopic(board.id, { id: alice.id }, { title: "Alice's" });
    proposeTopic(board.id, { id: bob.id }, { title: "Bob's" });
    setPhase(board.id, "vote", { id: organiser.id });
    castVote(board.id, mineA.id, { id: bob.id });
    castVote(board.id, mineA.id, { id: bob.id });
    castVote(board.id, mineA.id, { id: alice.id });
    const asAlice = getBoardView(board.id, { id: alice.id });
    const first = snapshotOf(board.id);
    const asBob = getBoardView(board.id, { id: bob.id });
    const anonymous = getBoardView(board.id, null);
    expect(snapshotOf(board.id)).toBe(first);
    expect(asAlice.open.map((t) => [t.title, t.votes, t.myVotes, t.isMine])).toEqual([
      ["Alice's", 3, 1, true],
      ["Bob's", 0, 0, false],
    ]);
    expect(asBob.open.map((t) => [t.title, t.myVotes, t.isMine])).toEqual([
      ["Alice's", 2, false],
      ["Bob's", 0, true],
    ]);
    expect([asAlice.dotsLeft, asBob.dotsLeft, anonymous.role, anonymous.open[0].myVotes]).toEqual([2, 1, "viewer", 0]);
    expect(asAlice.live).toBe(asBob.live);
    // Nothing of one viewer leaks into the shared snapshot.
    expect(JSON.stringify(first)).not.toMatch(/myVotes|isMine/);
  });

  it("rebuilds after every kind of change", async () => {
    const a = await leanCoffee();
    const { board, alice, bob, organiser } = a;
    const f = { id: organiser.id };
    const view = (who: { id: number } | null = { id: alice.id }) => getBoardView(board.id, who);
    const titles = () => view().open.map((t) => t.title);
    const topic = (title: string) =>
      [...view().open, ...view().discussed, ...(view().discussing ? [view().discussing!] : [])].find((t) => t.title === title)!;
    view();
    const steps: [string, () => void, () => void][] = [
      ["propose", () => proposeTopic(board.id, { id: alice.id }, { title: "One" }), () => expect(titles()).toEqual(["One"])],
      ["propose again", () => proposeTopic(board.id, { id: bob.id }, { title: "Two" }), () => expect(titles()).toEqual(["One", "Two"])],
      ["propose a duplicate", () => proposeTopic(board.id, { id: bob.id }, { title: "Dup" }), () => expect(titles()).toHaveLength(3)],
      ["propose a fourth", () => proposeTopic(board.id, { id: bob.id }, { title: "Gone" }), () => expect(titles()).toHaveLength(4)],
      [
        "edit",
        () => editTopic(board.id, topic("One").id, { id: alice.id }, { title: "One!", description: "d" }),
        () => expect(topic("One!").description).toBe("d"),
      ],
      ["withdraw", () => withdrawTopic(board.id, topic("Gone").id, { id: bob.id }), () => expect(titles()).not.toContain("Gone")],
      [
        "settings",
        () => updateBoardSettings(board.id, boardSettings({ hideTallies: true }), f),
        () => expect(view().talliesVisible).toBe(false),
      ],
      ["settings back", () => updateBoardSettings(board.id, boardSettings(), f), () => expect(view().talliesVisible).toBe(true)],
      ["phase", () => setPhase(board.id, "vote", f), () => expect(view().board.phase).toBe("vote")],
      ["vote", () => castVote(board.id, topic("Two").id, { id: bob.id }), () => expect(topic("Two").votes).toBe(1)],
      ["vote on the duplicate", () => castVote(board.id, topic("Dup").id, { id: alice.id }), () => expect(topic("Dup").votes).toBe(1)],
      ["unvote", () => retractVote(board.id, topic("Two").id, { id: bob.id }), () => expect(topic("Two").votes).toBe(0)],
      [
        "merge",
        () => mergeTopics(board.id, topic("Dup").id, topic("Two").id, f),
        () => expect(topic("Two")).toMatchObject({ votes: 1, mergedTitles: ["Dup"] }),
      ],
      ["to discussion", () => setPhase(board.id, "discuss", f), () => expect(view().board.phase).toBe("discuss")],
      ["start", () => startTopic(board.id, topic("Two").id, f), () => expect(view().discussing?.title).toBe("Two")],
      ["end time-box", () => endTimebox(board.id, topic("Two").id, f), () => expect(view().roman?.open).toBe(true)],
      [
        "roman",
        () => castRomanVote(board.id, topic("Two").id, { id: bob.id }, "continue", new Date(Date.now() + 10)),
        () => expect(view().roman?.continue).toBe(1),
      ],
      ["extend", () => extendTopic(board.id, topic("Two").id, f), () => expect(view().roman).toMatchObject({ round: 1, continue: 0 })],
      ["finish", () => finishTopic(board.id, topic("Two").id, f), () => expect(view().discussed.map((t) => t.title)).toEqual(["Two"])],
      [
        "takeaways",
        () => recordTakeaways(board.id, topic("Two").id, f, { takeaways: "- noted" }),
        () => expect(topic("Two").noteId).not.toBeNull(),
      ],
      ["close", () => setPhase(board.id, "closed", f), () => expect(view().board.phase).toBe("closed")],
    ];
    for (const [name, change, check] of steps) {
      view(); // cached before the change
      change();
      try {
        check();
      } catch (error) {
        throw new Error(`after "${name}": ${(error as Error).message}`);
      }
    }
    // Carrying over changes both boards.
    const other = makeEvent({ format: "lean_coffee", organiserIds: [organiser.id] });
    const target = createBoard(other.id, f);
    expect(getBoardView(target.id, null).open).toHaveLength(0);
    carryOverTopics(board.id, target.id, f);
    expect(getBoardView(target.id, null).open.map((t) => t.title)).toEqual(["One!"]);
    expect(view().carriedOver.map((t) => t.title)).toEqual(["One!"]);
  });

  it("bounds staleness from changes that publish nothing with a short TTL", async () => {
    const { board, alice, event } = await leanCoffee();
    proposeTopic(board.id, { id: alice.id }, { title: "Renamed author" });
    expect(getBoardView(board.id, null).open[0].authorName).toBe("Alice Attendee");
    getDb().update(users).set({ name: "Alice Renamed" }).where(eq(users.id, alice.id)).run();
    getDb().update(events).set({ title: "Retitled" }).where(eq(events.id, event.id)).run();
    // The event is read per request; the author's name comes from the snapshot.
    const soon = getBoardView(board.id, null);
    expect(soon.event.title).toBe("Retitled");
    expect(soon.open[0].authorName).toBe("Alice Attendee");
    await new Promise((r) => setTimeout(r, BOARD_SNAPSHOT_TTL_MS + 50));
    expect(getBoardView(board.id, null).open[0].authorName).toBe("Alice Renamed");
  });

  it("is shared with the server's copy of the module: a change made here shows there at once", async () => {
    const { event, board, alice, bob, organiser } = await leanCoffee();
    const topic = proposeTopic(board.id, { id: alice.id }, { title: "Across copies" });
    setPhase(board.id, "vote", { id: organiser.id });
    const b = client(server.url, await sessionCookieFor(bob.id));
    const url = `/events/${event.slug}/boards/${board.id}?_data=${encodeURIComponent("routes/events.$slug.boards.$boardId")}`;
    const before = await (await b.get(url)).json();
    expect(before.view.open[0].votes).toBe(0);
    castVote(board.id, topic.id, { id: alice.id });
    const after = await (await b.get(url)).json();
    expect(after.view.open[0].votes).toBe(1);
    expect(after.view.live).not.toBe(before.view.live);
    // And through the server back here.
    await client(server.url, await sessionCookieFor(bob.id)).post(`/events/${event.slug}/boards/${board.id}`, {
      intent: "vote",
      topicId: String(topic.id),
    });
    expect(getBoardView(board.id, null).open[0].votes).toBe(2);
  });
});
