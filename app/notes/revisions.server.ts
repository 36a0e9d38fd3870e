// A note's history: every saved version with who and when, and a readable diff between
// any two of them (line diff from the `diff` library, refined to words where a line
// was changed rather than added or removed).
import { diffLines, diffWordsWithSpace } from "diff";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { getDb } from "#db/client";
import { noteRevisions, users } from "#db/schema";
import { isGuestUser, markGuest } from "~/utils/author-byline";
import { invalid } from "~/utils/errors.server";

export function listRevisions(noteId: number, db: Db = getDb()) {
  return db
    .select({
      version: noteRevisions.version,
      title: noteRevisions.title,
      createdAt: noteRevisions.createdAt,
      editorName: users.name,
      editorIsGuest: isGuestUser(users.id),
      editorId: users.id,
      length: noteRevisions.body,
    })
    .from(noteRevisions)
    .leftJoin(users, eq(users.id, noteRevisions.editedById))
    .where(eq(noteRevisions.noteId, noteId))
    .orderBy(desc(noteRevisions.version))
    .all()
    .map(({ length, editorIsGuest, ...r }) => ({
      ...r,
      characters: length.length,
      editorName: r.editorId ? markGuest(r.editorName, editorIsGuest) : null,
    }));
}

export type WordPart = { text: string; change: "same" | "added" | "removed" };
export type DiffBlock =
  | { kind: "same"; lines: string[] }
  | { kind: "skipped"; count: number }
  | { kind: "added" | "removed"; lines: string[] }
  | { kind: "changed"; parts: WordPart[] };

const CONTEXT = 3;

function splitLines(value: string) {
  const lines = value.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

function words(before: string, after: string): WordPart[] {
  return diffWordsWithSpace(before, after).map((c) => ({
    text: c.value,
    change: c.added ? "added" : c.removed ? "removed" : "same",
  }));
}

/** Line blocks with unchanged stretches collapsed to a few lines of context. */
export function diffText(before: string, after: string): { blocks: DiffBlock[]; added: number; removed: number } {
  // A missing final newline would make the last line look changed.
  const normalise = (text: string) => {
    const unix = text.replace(/\r\n/g, "\n");
    return unix === "" || unix.endsWith("\n") ? unix : `${unix}\n`;
  };
  const changes = diffLines(normalise(before), normalise(after));
  const blocks: DiffBlock[] = [];
  let added = 0;
  let removed = 0;
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i];
    const lines = splitLines(change.value);
    if (change.removed && changes[i + 1]?.added) {
      const next = changes[i + 1];
      removed += lines.length;
      added += splitLines(next.value).length;
      blocks.push({ kind: "changed", parts: words(change.value, next.value) });
      i++;
    } else if (change.added) {
      added += lines.length;
      blocks.push({ kind: "added", lines });
    } else if (change.removed) {
      removed += lines.length;
      blocks.push({ kind: "removed", lines });
    } else {
      const first = i === 0;
      const last = i === changes.length - 1;
      const keepStart = first ? 0 : CONTEXT;
      const keepEnd = last ? 0 : CONTEXT;
      if (lines.length > keepStart + keepEnd + 1) {
        if (keepStart) blocks.push({ kind: "same", lines: lines.slice(0, keepStart) });
        blocks.push({ kind: "skipped", count: lines.length - keepStart - keepEnd });
        if (keepEnd) blocks.push({ kind: "same", lines: lines.slice(lines.length - keepEnd) });
      } else {
        blocks.push({ kind: "same", lines });
      }
    }
  }
  return { blocks, added, removed };
}

export function compareRevisions(noteId: number, fromVersion: number, toVersion: number, db: Db = getDb()) {
  const load = (version: number) =>
    db
      .select({ version: noteRevisions.version, title: noteRevisions.title, body: noteRevisions.body, createdAt: noteRevisions.createdAt })
      .from(noteRevisions)
      .where(and(eq(noteRevisions.noteId, noteId), eq(noteRevisions.version, version)))
      .get();
  const from = load(fromVersion);
  const to = load(toVersion);
  if (!from || !to) throw invalid("Choose two versions of this note.", { from: ["Unknown version."] });
  return {
    from: { version: from.version, createdAt: from.createdAt },
    to: { version: to.version, createdAt: to.createdAt },
    title: from.title === to.title ? null : words(from.title, to.title),
    body: diffText(from.body, to.body),
  };
}
