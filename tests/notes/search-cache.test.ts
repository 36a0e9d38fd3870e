// Search outcomes are cached per database state, parameters and visibility scope (ADR 006):
// every write — through the app's domain functions, raw SQL, or another connection —
// must show in the next search, and one viewer's outcome must never answer another's.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, openDatabase } from "#db/client";
import { events, notes } from "#db/schema";
import { parseNoteSearch } from "~/notes/note-schema";
import { updateNote } from "~/notes/edit-note.server";
import { searchNotes } from "~/notes/search.server";
import { confirm, makeNotesWorld, viewerOf } from "./helpers";
import { makeUser } from "../helpers/factories";

const search = (query: string, viewer: Parameters<typeof searchNotes>[1] = null) =>
  searchNotes(parseNoteSearch(new URLSearchParams(query)), viewer);
const titles = (query: string, viewer: Parameters<typeof searchNotes>[1] = null) =>
  search(query, viewer)
    .results.map((r) => r.title)
    .sort();

describe("the search outcome cache", () => {
  it("answers a repeated search from the cache while nothing was written", async () => {
    const { note } = await makeNotesWorld();
    note({ title: "Cormorant one", body: "cormorant", visibility: "public" });
    const first = search("q=cormorant");
    expect(search("q=cormorant")).toBe(first);
    expect(search("q=cormorant&sort=newest")).not.toBe(first);
  });

  it("shows a new note, an edit, a new co-author and a visibility change at once", async () => {
    const w = await makeNotesWorld();
    const member = viewerOf(w.partnerMember);
    expect(titles("q=puffin")).toEqual([]);
    const n = w.note({ title: "Puffin colony", body: "puffin", visibility: "attendees" });
    expect(titles("q=puffin")).toEqual([]); // hidden from visitors
    expect(titles("q=puffin", viewerOf(w.attendee))).toEqual(["Puffin colony"]); // the author
    expect(titles("q=puffin", member)).toEqual([]);

    // The partner member becomes a co-author through the edit form's domain function.
    updateNote(
      n.id,
      {
        title: "Puffin colony counts",
        body: "puffin",
        visibility: "attendees",
        tags: "",
        coAuthorEmails: `${w.attendee.email} ${w.partnerMember.email}`,
        version: 1,
      },
      viewerOf(w.attendee),
    );
    expect(titles("q=puffin", member)).toEqual(["Puffin colony counts"]);
    expect(titles(`q=puffin&author=${w.partnerMember.id}`, member)).toEqual(["Puffin colony counts"]);

    updateNote(
      n.id,
      { title: "Puffin colony counts", body: "puffin", visibility: "public", tags: "", coAuthorEmails: `${w.attendee.email}`, version: 2 },
      viewerOf(w.attendee),
    );
    expect(titles("q=puffin")).toEqual(["Puffin colony counts"]);
    expect(titles(`q=puffin&author=${w.partnerMember.id}`, member)).toEqual([]);

    getDb().delete(notes).where(eq(notes.id, n.id)).run();
    expect(titles("q=puffin")).toEqual([]);
  });

  it("follows changes to who may see what: a registration, an event back in draft", async () => {
    const w = await makeNotesWorld();
    w.note({ title: "Gannet notes", body: "gannet", visibility: "attendees" });
    w.note({ title: "Gannet public", body: "gannet", visibility: "public" });
    const reader = viewerOf(w.outsider);
    expect(titles("q=gannet", reader)).toEqual(["Gannet public"]);
    confirm(w.event.id, w.outsider.id);
    expect(titles("q=gannet", reader)).toEqual(["Gannet notes", "Gannet public"]);
    getDb().update(events).set({ status: "draft" }).where(eq(events.id, w.event.id)).run();
    expect(titles("q=gannet")).toEqual([]);
    expect(titles("q=gannet", reader)).toEqual([]);
    expect(titles("q=gannet", viewerOf(w.organiser))).toEqual(["Gannet notes", "Gannet public"]);
  });

  it("never answers one viewer with another's outcome", async () => {
    const w = await makeNotesWorld();
    w.note({ title: "Shag secret", body: "shag", visibility: "partners" });
    expect(titles("q=shag", viewerOf(w.partnerMember))).toEqual(["Shag secret"]);
    expect(titles("q=shag")).toEqual([]);
    expect(titles("q=shag", viewerOf(w.outsider))).toEqual([]);
    expect(titles("q=shag", viewerOf(w.partnerMember))).toEqual(["Shag secret"]);
    // The partner's name typed on another domain is a label: no cached answer leaks to it.
    const typedName = await makeUser({ email: `typed-${w.event.id}@elsewhere.example`, organisationId: w.partnerOrg.id });
    expect(titles("q=shag", viewerOf(typedName))).toEqual([]);
  });

  it("sees writes made through another connection to the same database", async () => {
    const { note } = await makeNotesWorld();
    const n = note({ title: "Tern log", body: "tern", visibility: "public" });
    expect(titles("q=tern")).toEqual(["Tern log"]);
    const other = openDatabase(process.env.DATABASE_PATH!);
    try {
      other.$client.prepare("UPDATE notes SET title = 'Tern census' WHERE id = ?").run(n.id);
    } finally {
      other.$client.close();
    }
    expect(titles("q=tern")).toEqual(["Tern census"]);
  });
});
