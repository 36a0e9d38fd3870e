// Before restoring an old version, the history shows what restoring undoes: the changes from
// that version to the current one (review of 7 Dec 2026: the confirmation showed the last
// edit's diff, so nobody could see what "Restore version 1" brings back).
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { users } from "#db/schema";
import { updateNote } from "~/notes/edit-note.server";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { makeNotesWorld, viewerOf } from "./helpers";

const server = await startTestServer();

describe("asking to restore a version", () => {
  it("compares that version with the current one unless two versions were chosen", async () => {
    const w = await makeNotesWorld();
    const note = w.note({ title: "Pager duty", body: "First text.", visibility: "public" });
    const email = getDb().select({ email: users.email }).from(users).where(eq(users.id, w.attendee.id)).get()!.email!;
    const editAs = (body: string, version: number) =>
      updateNote(
        note.id,
        { title: "Pager duty", body, visibility: "public", tags: "", coAuthorEmails: email, version },
        viewerOf(w.attendee),
      );
    editAs("Second text.", 1);
    editAs("Third text.", 2);
    const organiser = client(server.url, await sessionCookieFor(w.organiser.id));
    const history = `/notes/${note.id}/history`;

    const asking = (await (await organiser.get(`${history}?restore=1`)).text()).replace(/<!-- -->/g, "");
    expect(asking).toContain("Restore version 1?");
    expect(asking).toContain("Changes from version 1 to version 3");
    expect(asking).toMatch(/<del[^>]*>First<\/del>/);

    const chosen = (await (await organiser.get(`${history}?restore=1&from=2&to=3`)).text()).replace(/<!-- -->/g, "");
    expect(chosen).toContain("Changes from version 2 to version 3");
    expect(chosen).toMatch(/<del[^>]*>Second<\/del>/);
    expect(chosen).not.toMatch(/<del[^>]*>First<\/del>/);
  });
});
