// Security review, 7 Dec 2026: the projector. The presenter page is what the facilitator
// puts on the wall, so it must show the room no more than an attendee may see: while a
// board hides its tallies, no counts and no ranking by votes, even on the facilitator's
// own presenter page (which the facilitator's session opens, to have the keys).
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { topics, votes } from "#db/schema";
import { client, type TestClient } from "../helpers/server";
import { startTestServer } from "../helpers/server";
import { facilitate, guestEvent, joinedGuest, settingsForm } from "../guests/helpers";

const server = await startTestServer();
const db = getDb();

type PresenterJson = {
  view: { talliesVisible: boolean; role: string; open: Array<{ title: string; votes: number | null }> } | null;
};

async function presenter(browser: TestClient, path: string) {
  const page = await browser.get(path);
  expect(page.status).toBe(200);
  const data = await browser.get(`${path}?_data=${encodeURIComponent("routes/events.$slug.boards.$boardId_.present")}`);
  expect(data.status).toBe(200);
  return { html: await page.text(), json: (await data.json()) as PresenterJson };
}

describe("the presenter page while tallies are hidden", () => {
  it("shows the facilitator's projector no counts and keeps the topics in arrival order, like everyone's", async () => {
    const { event, board, asOrganiser } = await guestEvent(server.url);
    const boardPath = `/events/${event.slug}/boards/${board.id}`;
    const guest = await joinedGuest(server.url, event, "Gus Guest", board.id);
    for (const title of ["First proposed", "Second proposed"]) {
      expect((await guest.post(boardPath, { intent: "propose", title })).status).toBe(302);
    }
    await facilitate(asOrganiser, event, board.id, settingsForm({ hideTallies: "on", votesPerPerson: "3" }));
    await facilitate(asOrganiser, event, board.id, { intent: "phase", phase: "vote" });
    const second = db.select().from(topics).where(eq(topics.title, "Second proposed")).get()!;
    for (let i = 0; i < 3; i++) expect((await guest.post(boardPath, { intent: "vote", topicId: String(second.id) })).status).toBe(302);
    expect(db.select().from(votes).where(eq(votes.topicId, second.id)).all()).toHaveLength(3);

    const path = `${boardPath}/present`;
    const seen = await presenter(asOrganiser, path);
    // Still the facilitator's page: the keys are there.
    expect(seen.json.view?.role).toBe("facilitator");
    expect(seen.html).toContain("Facilitator keys");
    // …but what the room sees holds no tally.
    expect(seen.json.view?.talliesVisible).toBe(false);
    expect(seen.json.view?.open).toEqual([
      expect.objectContaining({ title: "First proposed", votes: null }),
      expect.objectContaining({ title: "Second proposed", votes: null }),
    ]);
    expect(seen.html).toContain("Tallies stay hidden until voting closes.");
    expect(seen.html).not.toMatch(/tabular-nums">3</);
    // The same page for a signed-out visitor (the control).
    const outsider = await presenter(client(server.url), path);
    expect(outsider.json.view?.open.map((t) => t.votes)).toEqual([null, null]);

    // Once the discussion starts the tallies are public, on the wall too.
    await facilitate(asOrganiser, event, board.id, { intent: "phase", phase: "discuss" });
    const revealed = await presenter(asOrganiser, path);
    expect(revealed.json.view?.talliesVisible).toBe(true);
    expect(revealed.json.view?.open[0]).toMatchObject({ title: "Second proposed", votes: 3 });
  });
});
