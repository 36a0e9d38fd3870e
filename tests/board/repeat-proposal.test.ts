// Proposing the same topic twice within seconds (three quick taps on "Add topic", a
// retried post on a slow network) is one topic: the same author posting the same title
// (trimmed, case-insensitive, whitespace collapsed) on the same board within the window
// gets the existing topic back, with the same reply, no second row and no second frame.
import { and, asc, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { topics } from "#db/schema";
import { boardChannel, boardRevision } from "~/board/live-channel.server";
import { proposeTopic, REPEAT_PROPOSAL_WINDOW_MS, withdrawTopic } from "~/board/topics.server";
import { createBoard } from "~/board/boards.server";
import { getPubSub } from "~/live/pubsub.server";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { leanCoffee } from "./helpers";

const server = await startTestServer();

const topicRows = (boardId: number) => getDb().select().from(topics).where(eq(topics.boardId, boardId)).orderBy(asc(topics.id)).all();
const topicFrames = (boardId: number, since: string) =>
  (getPubSub().since(boardChannel(boardId), since) ?? []).filter((frame) => (frame.data as { kind?: string }).kind === "topic");

describe("proposing the same topic twice within seconds", () => {
  it("gives the author their existing topic back for the same title however it is spaced or cased", async () => {
    const { board, alice } = await leanCoffee();
    const before = boardRevision(board.id);
    const first = proposeTopic(board.id, { id: alice.id }, { title: "Data contracts in practice", description: "Who owns them?" });
    const again = proposeTopic(board.id, { id: alice.id }, { title: "  data   CONTRACTS in practice ", description: "" });
    expect(again.id).toBe(first.id);
    const rows = topicRows(board.id);
    expect(rows.map((t) => [t.title, t.description])).toEqual([["Data contracts in practice", "Who owns them?"]]);
    expect(topicFrames(board.id, before)).toHaveLength(1);
  });

  it("makes a new topic once the window has passed, for another person, on another board, or after a withdrawal", async () => {
    const { event, board, alice, bob, organiser } = await leanCoffee();
    const start = new Date();
    const first = proposeTopic(board.id, { id: alice.id }, { title: "Retros" }, start);
    const later = new Date(start.getTime() + REPEAT_PROPOSAL_WINDOW_MS + 1);
    const afterWindow = proposeTopic(board.id, { id: alice.id }, { title: "Retros" }, later);
    expect(afterWindow.id).not.toBe(first.id);

    const byBob = proposeTopic(board.id, { id: bob.id }, { title: "retros" });
    expect(byBob.id).not.toBe(first.id);
    expect(byBob.authorId).toBe(bob.id);

    const second = createBoard(event.id, { id: organiser.id }, "Second table");
    const elsewhere = proposeTopic(second.id, { id: alice.id }, { title: "Retros" });
    expect(elsewhere.boardId).toBe(second.id);

    const fresh = proposeTopic(board.id, { id: bob.id }, { title: "Pairing" });
    withdrawTopic(board.id, fresh.id, { id: bob.id });
    const reproposed = proposeTopic(board.id, { id: bob.id }, { title: "Pairing" });
    expect(reproposed.id).not.toBe(fresh.id);
    expect(topicRows(board.id).map((t) => [t.title, t.authorId, t.status])).toEqual([
      ["Retros", alice.id, "open"],
      ["Retros", alice.id, "open"],
      ["retros", bob.id, "open"],
      ["Pairing", bob.id, "withdrawn"],
      ["Pairing", bob.id, "open"],
    ]);
  });

  it("creates exactly one topic from 20 identical posts sent at once over HTTP, each answered as a success", async () => {
    const { event, board, alice } = await leanCoffee();
    const browser = client(server.url, await sessionCookieFor(alice.id));
    const url = `/events/${event.slug}/boards/${board.id}`;
    const before = boardRevision(board.id);
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => browser.post(url, { intent: "propose", title: "Three quick taps", description: "" })),
    );
    const rows = getDb()
      .select({ id: topics.id, title: topics.title, authorId: topics.authorId })
      .from(topics)
      .where(and(eq(topics.boardId, board.id), eq(topics.title, "Three quick taps")))
      .all();
    expect(rows).toEqual([{ id: rows[0]?.id, title: "Three quick taps", authorId: alice.id }]);
    expect(getDb().select({ n: count() }).from(topics).where(eq(topics.boardId, board.id)).get()!.n).toBe(1);
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(302));
    expect(new Set(replies.map((r) => r.headers.get("location")))).toEqual(new Set([`${url}#topic-${rows[0]!.id}`]));
    expect(topicFrames(board.id, before)).toHaveLength(1);
  });
});
