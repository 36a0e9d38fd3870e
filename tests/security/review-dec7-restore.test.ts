// Security review, 7 Dec 2026: restoring an old version of a note (issue 17.7) is an edit,
// so it follows the CURRENT right to edit: a co-author removed since, an organiser of
// another event and someone who may not even read the note restore nothing, and a note
// they may not read is not named in the refusal.
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, noteRevisions, notes, users } from "#db/schema";
import { updateNote } from "~/notes/edit-note.server";
import { makeEvent, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { makeNotesWorld, viewerOf } from "../notes/helpers";

const server = await startTestServer();
const db = getDb();
const signedIn = async (userId: number) => client(server.url, await sessionCookieFor(userId));
const emailOf = (userId: number) => db.select({ email: users.email }).from(users).where(eq(users.id, userId)).get()!.email!;

const stateOf = (noteId: number) => ({
  note: db.select({ title: notes.title, body: notes.body, version: notes.version }).from(notes).where(eq(notes.id, noteId)).get(),
  revisions: db.select({ n: count() }).from(noteRevisions).where(eq(noteRevisions.noteId, noteId)).get()!.n,
  audits: db
    .select({ n: count() })
    .from(auditLog)
    .where(and(eq(auditLog.action, "note.restore"), eq(auditLog.targetId, String(noteId))))
    .get()!.n,
});

describe("restoring a version needs the right to edit the note now", () => {
  it("refuses a co-author removed since (403), and restores nothing", async () => {
    const w = await makeNotesWorld();
    const coAuthor = await makeUser({ name: "Cora Coauthor" });
    const note = w.note({ title: "Runbook v1", body: "Cora's first text.", visibility: "public", authorIds: [w.attendee.id, coAuthor.id] });
    const edit = (title: string, version: number, coAuthorEmails: string) =>
      updateNote(note.id, { title, body: `${title} text.`, visibility: "public", tags: "", coAuthorEmails, version }, viewerOf(w.attendee));
    edit("Runbook v2", 1, emailOf(w.attendee.id)); // Cora is no longer a co-author
    edit("Runbook v3", 2, emailOf(w.attendee.id));
    const before = stateOf(note.id);
    expect(before).toMatchObject({ note: { version: 3 }, revisions: 3, audits: 0 });

    const cora = await signedIn(coAuthor.id);
    const history = `/notes/${note.id}/history`;
    expect(await (await cora.get(`${history}?restore=1`)).text()).not.toContain("Restore version 1?");
    const refused = await cora.post(`${history}?restore=1`, { intent: "restore", version: "1", currentVersion: "3" });
    expect(refused.status).toBe(403);
    expect(stateOf(note.id)).toEqual(before);
  });

  it("refuses an organiser of another event and a person who may not read the note: 404, its title not named", async () => {
    const w = await makeNotesWorld();
    const note = w.note({ title: "Attendees-only incident review", body: "First.", visibility: "attendees" });
    updateNote(
      note.id,
      {
        title: "Attendees-only incident review",
        body: "Second.",
        visibility: "attendees",
        tags: "",
        coAuthorEmails: emailOf(w.attendee.id),
        version: 1,
      },
      viewerOf(w.attendee),
    );
    const before = stateOf(note.id);
    const history = `/notes/${note.id}/history`;

    const otherOrganiser = await makeUser({ name: "Otto Organiser" });
    makeEvent({ organiserIds: [otherOrganiser.id] });
    const other = await signedIn(otherOrganiser.id);
    const asOther = await other.post(history, { intent: "restore", version: "1", currentVersion: "2" });
    expect(asOther.status).toBe(404);
    expect(await asOther.text()).not.toContain("incident review");

    const outsider = await signedIn(w.outsider.id);
    const asOutsider = await outsider.post(history, { intent: "restore", version: "1", currentVersion: "2" });
    expect(asOutsider.status).toBe(404);
    expect(await asOutsider.text()).not.toContain("incident review");
    expect(await (await outsider.get(`${history}?restore=1`)).text()).not.toContain("incident review");
    expect(stateOf(note.id)).toEqual(before);
  });
});
