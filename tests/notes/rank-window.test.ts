// A word found in most of a large archive is ranked over the newest matches only
// (RANK_WINDOW in app/notes/search.server.ts), which keeps it fast; results stay
// correct, visible and ranked within that window.
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { notes } from "#db/schema";
import { parseNoteSearch } from "~/notes/note-schema";
import { searchNotes } from "~/notes/search.server";
import { makeNotesWorld } from "./helpers";

describe("relevance over a very common word", () => {
  it("answers from the newest matches, title hits first, with a capped count", async () => {
    const { event, attendee, note } = await makeNotesWorld();
    const db = getDb();
    db.transaction((tx) => {
      for (let i = 0; i < 5200; i++) {
        tx.insert(notes)
          .values({
            eventId: event.id,
            title: `Note ${i}`,
            body: `the team met about item ${i}`,
            visibility: "public",
            createdById: attendee.id,
          })
          .run();
      }
    });
    const newestTitleHit = note({ title: "Team rituals that work", body: "the team", visibility: "public" });
    const outcome = searchNotes(parseNoteSearch(new URLSearchParams("q=team")), null);
    expect(outcome.totalIsCapped).toBe(true);
    expect(outcome.results).toHaveLength(20);
    expect(outcome.results[0].id).toBe(newestTitleHit.id);
    expect(new Set(outcome.results.map((r) => r.id)).size).toBe(20);
  });
});
