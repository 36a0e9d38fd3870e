// Restoring an old version from a note's history (issue 17.7), through the real server:
// asked first, then written as a NEW version by the person restoring, audited; people who
// may not edit the note get 403 and nothing is written; stale or unknown versions are
// refused with a message.
import { and, asc, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, noteRevisions, notes, users } from "#db/schema";
import { updateNote } from "~/notes/edit-note.server";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { makeNotesWorld, viewerOf } from "./helpers";

const server = await startTestServer();
const signedIn = async (userId: number) => client(server.url, await sessionCookieFor(userId));

/** A public note by the world's attendee, edited twice: versions 1, 2 and 3. */
async function noteWithHistory() {
  const w = await makeNotesWorld();
  const note = w.note({ title: "Pager duty v1", body: "First text.", visibility: "public" });
  // The edit form names the authors by e-mail: the attendee stays the author.
  const email = getDb().select({ email: users.email }).from(users).where(eq(users.id, w.attendee.id)).get()!.email!;
  const editAs = (title: string, body: string, version: number) =>
    updateNote(note.id, { title, body, visibility: "public", tags: "", coAuthorEmails: email, version }, viewerOf(w.attendee));
  editAs("Pager duty v2", "Second text.", 1);
  editAs("Pager duty v3", "Third text.", 2);
  return { ...w, note };
}

const stateOf = (noteId: number) => ({
  note: getDb().select({ title: notes.title, body: notes.body, version: notes.version }).from(notes).where(eq(notes.id, noteId)).get(),
  revisions: getDb().select({ n: count() }).from(noteRevisions).where(eq(noteRevisions.noteId, noteId)).get()!.n,
  audits: getDb()
    .select({ n: count() })
    .from(auditLog)
    .where(and(eq(auditLog.action, "note.restore"), eq(auditLog.targetId, String(noteId))))
    .get()!.n,
});

describe("restoring an old version", () => {
  it("asks first, then writes the old text as a new version by the restorer, audited", async () => {
    const w = await noteWithHistory();
    const history = `/notes/${w.note.id}/history`;
    const organiser = await signedIn(w.organiser.id);

    const list = await (await organiser.get(history)).text();
    expect(list).toContain(`href="/notes/${w.note.id}/history?restore=1"`);
    expect(list).not.toContain("?restore=3");
    const asking = await (await organiser.get(`${history}?restore=1`)).text();
    expect(asking).toContain("Restore version 1?");
    expect(asking).toContain("Its title and text become version 4, with you as its author.");
    expect(stateOf(w.note.id)).toMatchObject({ note: { version: 3 }, revisions: 3, audits: 0 });

    const response = await organiser.post(`${history}?restore=1`, { intent: "restore", version: "1", currentVersion: "3" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${history}?from=3&to=4`);
    expect(stateOf(w.note.id)).toEqual({ note: { title: "Pager duty v1", body: "First text.", version: 4 }, revisions: 4, audits: 1 });
    const newest = getDb()
      .select()
      .from(noteRevisions)
      .where(eq(noteRevisions.noteId, w.note.id))
      .orderBy(asc(noteRevisions.version))
      .all()
      .at(-1)!;
    expect(newest).toMatchObject({ version: 4, title: "Pager duty v1", body: "First text.", editedById: w.organiser.id });
    const audit = getDb().select().from(auditLog).where(eq(auditLog.action, "note.restore")).all().at(-1)!;
    expect(audit).toMatchObject({ actorId: w.organiser.id, eventId: w.event.id, targetType: "note", targetId: String(w.note.id) });
    expect(audit.details).toEqual({ restoredVersion: 1, replacedVersion: 3, version: 4 });

    const after = await (await organiser.get(response.headers.get("location")!)).text();
    expect(after).toContain("Version restored: its title and text are the note");
    expect(after.replace(/<!-- -->/g, "")).toContain("Changes from version 3 to version 4");
    // The version it replaced stays readable and restorable.
    expect(after).toContain(`href="/notes/${w.note.id}/history?restore=3"`);
  });

  it("refuses people who may read but not edit the note (403), and signed-out visitors; nothing written", async () => {
    const w = await noteWithHistory();
    const history = `/notes/${w.note.id}/history`;
    const before = stateOf(w.note.id);
    for (const userId of [w.outsider.id, w.partnerMember.id]) {
      const browser = await signedIn(userId);
      expect(await (await browser.get(`${history}?restore=1`)).text()).not.toContain("Restore version");
      const response = await browser.post(history, { intent: "restore", version: "1", currentVersion: "3" });
      expect(response.status).toBe(403);
      expect(await response.text()).toContain("may restore its versions");
    }
    const visitor = await client(server.url).post(history, { intent: "restore", version: "1", currentVersion: "3" });
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("location")).toMatch(/^\/login/);
    expect(stateOf(w.note.id)).toEqual(before);
  });

  it.each([
    [{ version: "9", currentVersion: "3" }, 400, "This note has no such version."],
    [{ version: "abc", currentVersion: "3" }, 400, "Choose a version to restore."],
    [{ version: "1", currentVersion: "2" }, 409, "Someone else saved this note"],
    [{ version: "3", currentVersion: "3" }, 409, "This version is the current one already."],
  ])("refuses %j with %i and a message, writing nothing", async (fields, status, message) => {
    const w = await noteWithHistory();
    const before = stateOf(w.note.id);
    const response = await (await signedIn(w.attendee.id)).post(`/notes/${w.note.id}/history`, { intent: "restore", ...fields });
    expect(response.status).toBe(status);
    expect(await response.text()).toContain(message);
    expect(stateOf(w.note.id)).toEqual(before);
  });
});
