// An event's notes as one document: a Markdown file or a printable page. Obeys the
// same visibility rule as search (the SQL condition), so an export never carries more
// than the person may read.
import type { Db } from "#db/client";
import { getDb } from "#db/client";
import type { Event } from "#db/schema";
import { loadNoteCards, type NoteCard } from "~/notes/note-cards.server";
import { viewerScope, type Viewer } from "~/notes/visibility.server";
import { eventNoteRows } from "~/notes/visible-notes.sql.server";
import { formatDate, formatRange } from "~/utils/dates";

export type ExportedNote = NoteCard & { body: string };

export function eventNotesForExport(event: Pick<Event, "id">, viewer: Viewer, db: Db = getDb()): ExportedNote[] {
  const rows = eventNoteRows(event.id, viewerScope(viewer, db), db);
  const bodies = new Map(rows.map((r) => [r.id, r.body]));
  return loadNoteCards(
    rows.map((r) => r.id),
    db,
  ).map((card) => ({ ...card, body: bodies.get(card.id) ?? "" }));
}

const authorsText = (note: NoteCard) =>
  note.authors.map((a) => (a.name === null ? "former attendee" : a.organisation ? `${a.name} (${a.organisation})` : a.name)).join(", ");

/** One Markdown file: a heading per note, its trust signals as a short list, then its text. */
export function eventNotesMarkdown(
  event: Pick<Event, "title" | "startsAt" | "endsAt" | "timeZone" | "venue" | "slug">,
  notes: ExportedNote[],
  origin: string,
  now = new Date(),
) {
  const tz = event.timeZone;
  const lines = [
    `# Notes: ${event.title}`,
    "",
    `${formatRange(event.startsAt, event.endsAt, tz)}${event.venue ? ` · ${event.venue}` : ""}`,
    "",
    `${notes.length} ${notes.length === 1 ? "note" : "notes"}, exported ${formatDate(now, tz)} from ${origin}/events/${event.slug}`,
    "",
  ];
  for (const note of notes) {
    const meta = [
      `- Authors: ${authorsText(note)}`,
      note.session ? `- Session: ${note.session.title}` : null,
      note.topic ? `- Lean Coffee topic: ${note.topic.title}` : null,
      `- Written ${formatDate(note.createdAt, tz)}, updated ${formatDate(note.updatedAt, tz)} (version ${note.version})`,
      note.verification
        ? `- Verified by ${note.verification.by ?? "a former organiser"} on ${formatDate(note.verification.at, tz)}${
            note.verification.changedSince ? " (changed since verification)" : ""
          }`
        : "- Not verified",
      note.tags.length ? `- Tags: ${note.tags.join(", ")}` : null,
      `- Link: ${origin}/notes/${note.id}`,
    ].filter(Boolean);
    lines.push("---", "", `## ${note.title}`, "", ...(meta as string[]), "", nestHeadings(note.body.trim()), "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/** A note's own headings sit below its "## title" in the export (outside code fences). */
export function nestHeadings(markdown: string) {
  let fence: string | null = null;
  return markdown
    .split("\n")
    .map((line) => {
      const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (marker && (fence === null || marker.startsWith(fence))) {
        fence = fence === null ? marker : null;
        return line;
      }
      if (fence !== null) return line;
      return line.replace(
        /^( {0,3})(#{1,6})(?=\s|$)/,
        (_, indent: string, hashes: string) => `${indent}${"#".repeat(Math.min(6, hashes.length + 2))}`,
      );
    })
    .join("\n");
}
