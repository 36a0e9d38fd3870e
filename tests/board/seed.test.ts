// The demo seed: a past board with discussed topics and takeaways in the archive, and an
// upcoming board still collecting topics (one carried over with its history).
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { events, notes } from "#db/schema";
import { seedDemo } from "#db/seed/index";
import { getFirstBoard } from "~/board/boards.server";
import { getBoardView } from "~/board/view.server";
import { getBoardSummary } from "~/board/summary.server";

describe("demo boards", () => {
  it("seeds a past Lean Coffee board and an upcoming one in the collect phase", async () => {
    const db = getDb();
    await seedDemo(db);
    const leanCoffee = db.select().from(events).where(eq(events.slug, "lean-coffee-aurora-beacon")).get()!;
    const unconference = db.select().from(events).where(eq(events.slug, "unconference-aurora-beacon")).get()!;
    const past = getBoardView(getFirstBoard(leanCoffee.id)!.id, null);
    expect(past.board.phase).toBe("closed");
    expect(past.discussed.length).toBeGreaterThanOrEqual(3);
    expect(past.discussed.every((t) => t.noteId !== null && (t.discussedSeconds ?? 0) > 0)).toBe(true);
    const takeaways = db
      .select()
      .from(notes)
      .where(eq(notes.eventId, leanCoffee.id))
      .all()
      .filter((n) => n.topicId !== null);
    expect(takeaways.length).toBe(past.discussed.length);
    expect(takeaways.every((n) => n.visibility === "public")).toBe(true);
    // A visitor reads them in the summary.
    expect(getBoardSummary(past.board.id, null).discussed.every((t) => t.takeaways?.html.includes("<li>"))).toBe(true);

    const upcoming = getBoardView(getFirstBoard(unconference.id)!.id, null);
    expect(upcoming.board.phase).toBe("collect");
    expect(upcoming.open.length).toBeGreaterThanOrEqual(3);
    expect(upcoming.open.some((t) => t.carriedFrom?.eventTitle === leanCoffee.title)).toBe(true);
  });
});
