// Review of 7 Dec 2026, finding 14: DESIGN §2 lets authors withdraw their own topics while
// collecting only. In the Vote phase an author's "Withdraw" is refused (409, nothing written),
// and the facilitator's own topic shows "Remove" like any other: a facilitator's removal,
// audited like one.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, topics, votes } from "#db/schema";
import { setPhase } from "~/board/boards.server";
import { castVote } from "~/board/dot-votes.server";
import { proposeTopic } from "~/board/topics.server";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { leanCoffee } from "./helpers";

const server = await startTestServer();
const db = () => getDb();
const signedIn = async (userId: number) => client(server.url, await sessionCookieFor(userId));
const statusOf = (topicId: number) => db().select().from(topics).where(eq(topics.id, topicId)).get()!.status;
const removals = (eventId: number) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.eventId, eventId), eq(auditLog.action, "board.topic.remove")))
    .all();

describe("withdrawing a topic", () => {
  it("an author may withdraw while collecting (button and post)", async () => {
    const { event, board, alice } = await leanCoffee();
    const browser = await signedIn(alice.id);
    const topic = proposeTopic(board.id, { id: alice.id }, { title: "Still collecting" });
    expect(await (await browser.get(`/events/${event.slug}/board`)).text()).toContain("Withdraw “Still collecting”");
    expect((await browser.post(`/events/${event.slug}/board`, { intent: "withdraw", topicId: String(topic.id) })).status).toBe(302);
    expect(statusOf(topic.id)).toBe("withdrawn");
  });

  it("an author may not withdraw during voting: no button, 409 with a clear message, nothing written", async () => {
    const { event, board, alice, bob, organiser } = await leanCoffee();
    const topic = proposeTopic(board.id, { id: alice.id }, { title: "Voted on" });
    setPhase(board.id, "vote", { id: organiser.id });
    castVote(board.id, topic.id, { id: bob.id });
    const browser = await signedIn(alice.id);
    expect(await (await browser.get(`/events/${event.slug}/board`)).text()).not.toContain("Withdraw “Voted on”");
    const res = await browser.post(`/events/${event.slug}/board`, { intent: "withdraw", topicId: String(topic.id) });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("Topics can be withdrawn only while they are being collected.");
    expect(statusOf(topic.id)).toBe("open");
    expect(db().select().from(votes).where(eq(votes.topicId, topic.id)).all()).toHaveLength(1);
  });

  it("the facilitator's own topic during voting: “Remove”, not “Withdraw”, and audited as a removal", async () => {
    const { event, board, organiser } = await leanCoffee();
    const topic = proposeTopic(board.id, { id: organiser.id }, { title: "Facilitator's own" });
    setPhase(board.id, "vote", { id: organiser.id });
    const browser = await signedIn(organiser.id);
    const html = await (await browser.get(`/events/${event.slug}/board`)).text();
    expect(html).toContain("Remove “Facilitator&#x27;s own”");
    expect(html).not.toContain("Withdraw “Facilitator&#x27;s own”");
    expect((await browser.post(`/events/${event.slug}/board`, { intent: "withdraw", topicId: String(topic.id) })).status).toBe(302);
    expect(statusOf(topic.id)).toBe("withdrawn");
    expect(removals(event.id).map((a) => a.targetId)).toEqual([String(topic.id)]);
  });
});
