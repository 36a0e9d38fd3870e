// The board summary: topics in the order they were discussed, dots, time spent and the
// takeaways themselves (as far as the viewer may read the note), for the printable page.
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "#db/client";
import { eventPartners, notes, users } from "#db/schema";
import { getBoardView, type Actor } from "~/board/board.server";
import { renderMarkdown } from "~/utils/markdown.server";

/** memberOrganisationId: proven membership (app/accounts/membership.server.ts), never the typed label. */
type Viewer = (Actor & { memberOrganisationId?: number | null }) | null;

export function getBoardSummary(boardId: number, viewer: Viewer) {
  const view = getBoardView(boardId, viewer);
  const db = getDb();
  const noteIds = view.discussed.map((t) => t.noteId).filter((id): id is number => id !== null);
  const rows = noteIds.length
    ? db
        .select({ id: notes.id, body: notes.body, visibility: notes.visibility, createdById: notes.createdById, author: users.name })
        .from(notes)
        .leftJoin(users, eq(users.id, notes.createdById))
        .where(inArray(notes.id, noteIds))
        .all()
    : [];
  const isPartnerMember =
    viewer?.memberOrganisationId != null &&
    Boolean(
      db
        .select({ id: eventPartners.eventId })
        .from(eventPartners)
        .where(and(eq(eventPartners.eventId, view.event.id), eq(eventPartners.organisationId, viewer.memberOrganisationId)))
        .get(),
    );
  // Same rule as the notes archive: public for all; attendees for participants;
  // partners for members of partner organisations; organisers and authors always.
  const mayRead = (note: (typeof rows)[number]) =>
    note.visibility === "public" ||
    view.role === "facilitator" ||
    (viewer !== null && note.createdById === viewer.id) ||
    (note.visibility === "attendees" && view.role === "participant") ||
    (note.visibility === "partners" && isPartnerMember);
  const takeaways = new Map(
    rows.map((n) => [n.id, mayRead(n) ? { html: renderMarkdown(n.body), author: n.author ?? "former attendee" } : null]),
  );
  const totalSeconds = view.discussed.reduce((sum, t) => sum + (t.discussedSeconds ?? 0), 0);
  return {
    ...view,
    discussed: view.discussed.map((t) => ({ ...t, takeaways: t.noteId ? (takeaways.get(t.noteId) ?? null) : null })),
    totalSeconds,
  };
}
