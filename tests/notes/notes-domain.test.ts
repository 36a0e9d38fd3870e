// The notes domain without HTTP: search (FTS5 safety, ranking, snippets, filters,
// visibility inside the query), editing with optimistic concurrency, verification,
// revisions and diffs. Real SQLite, migrated by the real migrations.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { events, noteRevisions, notes } from "#db/schema";
import { noteCreateSchema, noteEditSchema, parseNoteSearch } from "~/notes/note-schema";
import { createNoteForUser } from "~/notes/new-note.server";
import { getNoteForViewer } from "~/notes/note-access.server";
import { NoteConflictError, updateNote } from "~/notes/edit-note.server";
import { verifyNote } from "~/notes/verify-note.server";
import { compareRevisions, listRevisions } from "~/notes/revisions.server";
import { markedToHtml, toFtsQuery } from "~/notes/search-text";
import { searchNotes } from "~/notes/search.server";
import { DomainError } from "~/utils/errors.server";
import { makeUser } from "../helpers/factories";
import { confirm, eraseUser, makeNotesWorld, viewerOf } from "./helpers";

const search = (query: string, viewer: Parameters<typeof searchNotes>[1] = null) =>
  searchNotes(parseNoteSearch(new URLSearchParams(query)), viewer);

describe("FTS query building", () => {
  it("quotes every term and prefix-matches the last one while typing", () => {
    expect(toFtsQuery("kubernetes upgr")).toBe('"kubernetes" "upgr"*');
    expect(toFtsQuery("kubernetes upgrade ")).toBe('"kubernetes" "upgrade"');
    expect(toFtsQuery("")).toBeNull();
    expect(toFtsQuery('"*-()')).toBeNull();
  });

  it.each([
    ['"unbalanced quote'],
    ["trailing star*"],
    ["-excluded -"],
    ["NEAR(alpha beta, 2)"],
    ["((( unbalanced"],
    ["a) OR (b"],
    ["title: body:"],
    ["AND OR NOT"],
    ["^caret {col} +plus"],
    ["\u0002fake\u0003 mark"],
  ])("treats %j as plain text and never errors", async (input) => {
    const { note } = await makeNotesWorld();
    note({
      title: "Syntax probe",
      body: "alpha beta trailing star excluded unbalanced quote near and or not caret col plus title body fake mark",
      visibility: "public",
    });
    expect(() => search(`q=${encodeURIComponent(input)}`)).not.toThrow();
  });

  it("finds words that look like operators as words", async () => {
    const { note } = await makeNotesWorld();
    note({
      title: "Operators as words",
      body: "We discussed NEAR-shore teams and why NOT every team needs OR-tools",
      visibility: "public",
    });
    const outcome = search(`q=${encodeURIComponent("NEAR shore NOT")}`);
    expect(outcome.results.map((r) => r.title)).toContain("Operators as words");
  });
});

describe("search", () => {
  it("indexes notes written through createNote (triggers) and follows edits and deletions", async () => {
    const { note, event } = await makeNotesWorld();
    const created = note({ title: "Zyxwvut trigger check", body: "first body", visibility: "public" });
    expect(search("q=zyxwvut").total).toBe(1);
    getDb().update(notes).set({ body: "quuxlemon replaced" }).where(eq(notes.id, created.id)).run();
    expect(search("q=quuxlemon").total).toBe(1);
    expect(search("q=first+body+zyxwvut").total).toBe(0);
    getDb().delete(events).where(eq(events.id, event.id)).run();
    expect(search("q=quuxlemon").total).toBe(0);
  });

  it("ranks a title match above body matches (bm25, title weighted)", async () => {
    const { note } = await makeNotesWorld();
    note({ title: "Misc thoughts", body: "gravlax gravlax gravlax mentioned many times in the body gravlax", visibility: "public" });
    note({ title: "Gravlax", body: "A short body about fish.", visibility: "public" });
    const outcome = search("q=gravlax");
    expect(outcome.results.map((r) => r.title)).toEqual(["Gravlax", "Misc thoughts"]);
  });

  it("matches prefixes as you type", async () => {
    const { note } = await makeNotesWorld();
    note({ title: "Observability budgets", body: "", visibility: "public" });
    expect(search("q=observab").results.map((r) => r.title)).toContain("Observability budgets");
    expect(search("q=observab%20").total).toBe(0);
  });

  it("highlights with <mark> and escapes the note text around it", async () => {
    const { note } = await makeNotesWorld();
    note({
      title: "<img src=x onerror=alert(1)> snippetword",
      body: "before <script>alert(1)</script> snippetword after & more",
      visibility: "public",
    });
    const [hit] = search("q=snippetword").results;
    expect(hit.snippetHtml).toContain("<mark>snippetword</mark>");
    expect(hit.snippetHtml).toContain("&lt;script&gt;");
    expect(hit.snippetHtml).not.toContain("<script");
    expect(hit.titleHtml).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(hit.titleHtml).toContain("<mark>snippetword</mark>");
    // Stray markers can only produce balanced, empty-of-markup highlights.
    expect(markedToHtml("a\u0003b\u0002<c>")).toBe("ab<mark>&lt;c&gt;</mark>");
  });

  it("applies visibility inside the query: results, counts and snippets", async () => {
    const w = await makeNotesWorld();
    w.note({ title: "Public hjortron", body: "hjortron for everyone", visibility: "public" });
    w.note({ title: "Attendee hjortron", body: "hjortron secret for attendees", visibility: "attendees" });
    w.note({ title: "Partner hjortron", body: "hjortron secret for partners", visibility: "partners" });
    const titles = (viewer: Parameters<typeof searchNotes>[1]) =>
      search("q=hjortron", viewer)
        .results.map((r) => r.title)
        .sort();
    expect(titles(null)).toEqual(["Public hjortron"]);
    expect(search("q=hjortron").total).toBe(1);
    expect(search("q=secret").total).toBe(0);
    expect(titles(viewerOf(w.outsider))).toEqual(["Public hjortron"]);
    expect(titles(viewerOf(w.attendee))).toEqual(["Attendee hjortron", "Partner hjortron", "Public hjortron"]); // author of all three
    const reader = await makeUser({ organisationId: w.otherOrg.id });
    confirm(w.event.id, reader.id);
    expect(titles(viewerOf(reader))).toEqual(["Attendee hjortron", "Public hjortron"]);
    expect(titles(viewerOf(w.partnerMember))).toEqual(["Partner hjortron", "Public hjortron"]);
    // One rule with registration (rules.test.ts): the partner's name typed on another
    // domain, or the partner's domain without a verified address, grants nothing.
    const typedName = await makeUser({ email: `typed-${w.event.id}@elsewhere.example`, organisationId: w.partnerOrg.id });
    expect(typedName.organisationId).toBe(w.partnerOrg.id);
    expect(titles(viewerOf(typedName))).toEqual(["Public hjortron"]);
    const unverified = await makeUser({ email: `unproven-${w.event.id}@${w.partnerDomain}`, verified: false });
    expect(titles(viewerOf(unverified))).toEqual(["Public hjortron"]);
    expect(search("q=secret", viewerOf(unverified)).total).toBe(0);
    expect(titles(viewerOf(w.organiser))).toHaveLength(3);
    expect(titles(viewerOf(w.outsider, true))).toHaveLength(3);
  });

  it("hides notes of draft events from everyone but their organisers", async () => {
    const w = await makeNotesWorld({ status: "draft" });
    w.note({ title: "Draft event sprocket", visibility: "public" });
    expect(search("q=sprocket").total).toBe(0);
    expect(search("q=sprocket", viewerOf(w.organiser)).total).toBe(1);
  });

  it("filters by event, series, tag, organisation, author and date; sorts by newest; paginates", async () => {
    const a = await makeNotesWorld({ series: "Filter series" });
    const b = await makeNotesWorld();
    const old = a.note({ title: "Fjord old", tags: ["Data Contracts"], visibility: "public" });
    getDb()
      .update(notes)
      .set({ createdAt: new Date("2024-01-10T12:00:00Z") })
      .where(eq(notes.id, old.id))
      .run();
    a.note({ title: "Fjord new", tags: ["other"], visibility: "public", authorIds: [a.partnerMember.id] });
    b.note({ title: "Fjord elsewhere", visibility: "public", authorIds: [b.outsider.id] });
    const titles = (q: string) => search(q).results.map((r) => r.title);
    expect(titles(`q=fjord&event=${a.event.slug}`).sort()).toEqual(["Fjord new", "Fjord old"]);
    expect(titles("q=fjord&series=Filter+series").sort()).toEqual(["Fjord new", "Fjord old"]);
    expect(titles("q=fjord&tag=data-contracts")).toEqual(["Fjord old"]);
    expect(titles(`q=fjord&organisation=${a.partnerOrg.id}`)).toEqual(["Fjord new"]);
    expect(titles(`q=fjord&author=${b.outsider.id}`)).toEqual(["Fjord elsewhere"]);
    expect(titles("q=fjord&from=2024-01-01&to=2024-01-31")).toEqual(["Fjord old"]);
    expect(titles("q=fjord&to=2024-01-09")).toEqual([]);
    expect(titles("q=fjord&sort=newest")[2]).toBe("Fjord old");
    expect(titles(`event=${a.event.slug}`)).toEqual(["Fjord new", "Fjord old"]);

    const c = await makeNotesWorld();
    for (let i = 0; i < 45; i++) c.note({ title: `Pagination marmot ${i}`, visibility: "public" });
    const page1 = search("q=marmot");
    const page3 = search("q=marmot&page=3");
    expect(page1).toMatchObject({ total: 45, pageCount: 3 });
    expect(page1.results).toHaveLength(20);
    expect(page3.results).toHaveLength(5);
    expect(new Set([...page1.results, ...search("q=marmot&page=2").results, ...page3.results].map((r) => r.id)).size).toBe(45);
    expect(search("q=marmot&page=9").results).toHaveLength(0);
  });

  it("shows a deleted author as a former attendee, without organisation", async () => {
    const w = await makeNotesWorld();
    const n = w.note({ title: "Authored by someone who left", visibility: "public", authorIds: [w.outsider.id] });
    eraseUser(w.outsider.id);
    const { card } = getNoteForViewer(n.id, null);
    expect(card.authors).toEqual([{ id: w.outsider.id, name: null, organisation: null }]);
  });
});

describe("writing and editing", () => {
  it("refuses an empty title and a 1 MB body in the shared schema", () => {
    const base = { event: "x", title: "Fine", body: "ok", visibility: "public" };
    expect(noteCreateSchema.safeParse({ ...base, title: "   " }).success).toBe(false);
    const huge = noteCreateSchema.safeParse({ ...base, body: "x".repeat(1024 * 1024) });
    expect(huge.success).toBe(false);
    expect(huge.error?.issues[0].message).toMatch(/At most 100,000 characters/);
  });

  it("lets attendees write notes, not outsiders", async () => {
    const w = await makeNotesWorld();
    const input = noteCreateSchema.parse({
      event: w.event.slug,
      title: "Mine",
      body: "text",
      visibility: "attendees",
      tags: "A, b c",
      coAuthorEmails: w.partnerMember.email!,
    });
    const note = createNoteForUser(input, viewerOf(w.attendee));
    const { card } = getNoteForViewer(note.id, viewerOf(w.attendee));
    expect(card.tags).toEqual(["a", "b-c"]);
    expect(card.authors.map((a) => a.id).sort()).toEqual([w.attendee.id, w.partnerMember.id].sort());
    expect(() => createNoteForUser(input, viewerOf(w.outsider))).toThrow(expect.objectContaining({ status: 403 }));
    const bad = noteCreateSchema.parse({ ...input, event: w.event.slug, coAuthorEmails: "nobody@nowhere.example" });
    expect(() => createNoteForUser(bad, viewerOf(w.attendee))).toThrow(expect.objectContaining({ status: 400 }));
  });

  it("keeps a revision per save and refuses a stale save (409) without writing", async () => {
    const w = await makeNotesWorld();
    const n = w.note({ title: "Concurrent", body: "v1", visibility: "public" });
    const edit = (body: string, version: number, who = w.attendee) =>
      updateNote(
        n.id,
        noteEditSchema.parse({ title: "Concurrent", body, visibility: "public", version, coAuthorEmails: w.attendee.email! }),
        viewerOf(who),
      );
    edit("v2 by attendee", 1);
    let error: unknown;
    try {
      edit("v2 by organiser, started from v1", 1, w.organiser);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NoteConflictError);
    expect((error as NoteConflictError).status).toBe(409);
    expect((error as NoteConflictError).currentVersion).toBe(2);
    expect(getDb().select().from(notes).where(eq(notes.id, n.id)).get()).toMatchObject({ body: "v2 by attendee", version: 2 });
    edit("v3 by organiser", 2, w.organiser);
    expect(listRevisions(n.id).map((r) => r.version)).toEqual([3, 2, 1]);
    // A save without changes is not a new version.
    edit("v3 by organiser", 3);
    expect(getDb().select({ n: noteRevisions.id }).from(noteRevisions).where(eq(noteRevisions.noteId, n.id)).all()).toHaveLength(3);
  });

  it("allows co-authors, the event's organisers and admins to edit; nobody else", async () => {
    const w = await makeNotesWorld();
    const other = await makeNotesWorld();
    const n = w.note({ title: "Guarded", body: "text", visibility: "public" });
    const tryEdit = (viewer: ReturnType<typeof viewerOf>) => {
      const version = getDb().select().from(notes).where(eq(notes.id, n.id)).get()!.version;
      return updateNote(
        n.id,
        noteEditSchema.parse({
          title: "Guarded",
          body: `edit ${Math.random()}`,
          visibility: "public",
          version,
          coAuthorEmails: w.attendee.email!,
        }),
        viewer,
      );
    };
    expect(() => tryEdit(viewerOf(w.outsider))).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => tryEdit(viewerOf(w.partnerMember))).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => tryEdit(viewerOf(other.organiser))).toThrow(expect.objectContaining({ status: 403 }));
    expect(tryEdit(viewerOf(w.organiser)).changed).toBe(true);
    expect(tryEdit(viewerOf(w.outsider, true)).changed).toBe(true);
    expect(tryEdit(viewerOf(w.attendee)).changed).toBe(true);
  });

  it("answers 404 for a hidden note, like for an unknown one", async () => {
    const w = await makeNotesWorld();
    const n = w.note({ title: "Hidden", visibility: "attendees" });
    for (const id of [n.id, 999_999]) {
      expect(() => getNoteForViewer(id, null)).toThrow(expect.objectContaining({ status: 404 }));
    }
    expect(() => getNoteForViewer(n.id, viewerOf(w.outsider))).toThrow(DomainError);
  });
});

describe("verification and diffs", () => {
  it("lets only the event's organisers verify, and marks later changes", async () => {
    const w = await makeNotesWorld();
    const other = await makeNotesWorld();
    const n = w.note({ title: "Verify me", body: "line one\nline two\nline three", visibility: "public" });
    expect(() => verifyNote(n.id, 1, viewerOf(w.attendee))).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => verifyNote(n.id, 1, viewerOf(other.organiser))).toThrow(expect.objectContaining({ status: 403 }));
    verifyNote(n.id, 1, viewerOf(w.organiser));
    let card = getNoteForViewer(n.id, null).card;
    expect(card.verification).toMatchObject({ by: w.organiser.name, version: 1, changedSince: false });

    updateNote(
      n.id,
      noteEditSchema.parse({
        title: "Verify me",
        body: "line one\nline 2 changed\nline three\nline four",
        visibility: "public",
        version: 1,
        coAuthorEmails: w.attendee.email!,
      }),
      viewerOf(w.attendee),
    );
    card = getNoteForViewer(n.id, null).card;
    expect(card.verification?.changedSince).toBe(true);
    expect(() => verifyNote(n.id, 1, viewerOf(w.organiser))).toThrow(expect.objectContaining({ status: 409 }));

    const diff = compareRevisions(n.id, 1, 2);
    expect(diff.body).toMatchObject({ added: 2, removed: 1 });
    const changed = diff.body.blocks.find((b) => b.kind === "changed");
    expect(changed && "parts" in changed && changed.parts.some((p) => p.change === "added" && p.text.includes("2 changed"))).toBe(true);
    expect(diff.body.blocks.some((b) => b.kind === "added" && b.lines.includes("line four"))).toBe(true);
  });

  it("collapses long unchanged stretches", async () => {
    const w = await makeNotesWorld();
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i}`);
    const n = w.note({ title: "Long", body: lines.join("\n"), visibility: "public" });
    const changed = [...lines];
    changed[20] = "line twenty";
    updateNote(
      n.id,
      noteEditSchema.parse({
        title: "Long",
        body: changed.join("\n"),
        visibility: "public",
        version: 1,
        coAuthorEmails: w.attendee.email!,
      }),
      viewerOf(w.attendee),
    );
    const { blocks } = compareRevisions(n.id, 1, 2).body;
    expect(blocks.filter((b) => b.kind === "skipped")).toHaveLength(2);
  });
});
