// The search's fast paths (ADR 006) keep their meaning: prefix indexes up to 12 characters
// and the slower path beyond them, the title tier as an id set (also across pages), the
// ranking window's integer rowid bound, and the migration that rebuilds the index.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDb, openDatabase } from "#db/client";
import { migrationsFolder, runMigrations } from "#db/migrate";
import { parseNoteSearch } from "~/notes/note-schema";
import { searchNotes } from "~/notes/search.server";
import { makeNotesWorld, viewerOf } from "./helpers";

const search = (query: string, viewer: Parameters<typeof searchNotes>[1] = null, pageSize?: number) =>
  searchNotes(parseNoteSearch(new URLSearchParams(query)), viewer, { pageSize });

describe("prefix matching", () => {
  it("finds and highlights prefixes of every length, also longer than the longest prefix index", async () => {
    const { note } = await makeNotesWorld();
    note({ title: "Plain title", body: "We met the internationalisationteam about locales.", visibility: "public" });
    for (const typed of ["in", "inte", "internati", "internationa", "internationali", "internationalisationte"]) {
      const outcome = search(`q=${typed}`);
      expect(outcome.total, typed).toBe(1);
      expect(outcome.results[0].snippetHtml, typed).toContain("<mark>internationalisationteam</mark>");
    }
    // A finished word (trailing space) is not a prefix.
    expect(search("q=internationali%20").total).toBe(0);
  });

  it("matches every word sharing a long prefix, not only the first", async () => {
    const { note } = await makeNotesWorld();
    note({ title: "One", body: "about the reconciliationjobs", visibility: "public" });
    note({ title: "Two", body: "about the reconciliationjournal", visibility: "public" });
    note({ title: "Three", body: "about the reconciliation", visibility: "public" });
    expect(
      search("q=reconciliationj")
        .results.map((r) => r.title)
        .sort(),
    ).toEqual(["One", "Two"]);
    expect(search("q=reconciliation").total).toBe(3);
  });
});

describe("relevance tiers", () => {
  it("puts a note with any query term in its title above notes that only mention the terms", async () => {
    const { note } = await makeNotesWorld();
    note({ title: "Misc", body: "lantern harbour lantern harbour lantern harbour lantern harbour", visibility: "public" });
    note({ title: "Harbour cranes", body: "a lantern on the quay", visibility: "public" });
    note({ title: "Lanterns", body: "nothing about the other word", visibility: "public" });
    const titles = search("q=lantern+harbour").results.map((r) => r.title);
    expect(titles).toEqual(["Harbour cranes", "Misc"]);
  });

  it("pages through title hits, then the other matches, without gaps or repeats", async () => {
    const { note } = await makeNotesWorld();
    const inTitle = [1, 2, 3].map((i) => note({ title: `Gazebo plan ${i}`, body: "gazebo", visibility: "public" }).id);
    const inBody = [1, 2, 3, 4].map((i) => note({ title: `Garden ${i}`, body: `the gazebo, item ${i}`, visibility: "public" }).id);
    const pages = [1, 2, 3, 4].map((page) => search(`q=gazebo&page=${page}`, null, 2).results.map((r) => r.id));
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1]);
    const order = pages.flat();
    expect(new Set(order).size).toBe(7);
    expect(new Set(order.slice(0, 3))).toEqual(new Set(inTitle));
    expect(new Set(order.slice(3))).toEqual(new Set(inBody));
  });

  it("keeps hidden notes out of both tiers and the count", async () => {
    const w = await makeNotesWorld();
    w.note({ title: "Quokka secrets", body: "quokka", visibility: "attendees" });
    w.note({ title: "Elsewhere", body: "a quokka", visibility: "partners" });
    w.note({ title: "Open", body: "quokka for all", visibility: "public" });
    expect(search("q=quokka").results.map((r) => r.title)).toEqual(["Open"]);
    expect(search("q=quokka").total).toBe(1);
    expect(search("q=quokka", viewerOf(w.partnerMember)).results.map((r) => r.title)).toEqual(["Elsewhere", "Open"]);
  });
});

describe("filters with a text query", () => {
  it("combines event, tag, author and organisation filters (all must hold), in the count and both sorts", async () => {
    const a = await makeNotesWorld();
    const b = await makeNotesWorld();
    const hit = a.note({ title: "Heron one", body: "heron", tags: ["wading"], visibility: "public", authorIds: [a.partnerMember.id] });
    a.note({ title: "Heron other tag", body: "heron", tags: ["other"], visibility: "public", authorIds: [a.partnerMember.id] });
    a.note({ title: "Heron other author", body: "heron", tags: ["wading"], visibility: "public", authorIds: [a.attendee.id] });
    b.note({ title: "Heron other event", body: "heron", tags: ["wading"], visibility: "public", authorIds: [b.partnerMember.id] });
    a.note({ title: "Heron hidden", body: "heron", tags: ["wading"], visibility: "attendees", authorIds: [a.partnerMember.id] });
    const filters = `event=${a.event.slug}&tag=wading&organisation=${a.partnerOrg.id}&author=${a.partnerMember.id}`;
    for (const sort of ["", "&sort=newest"]) {
      const outcome = search(`q=heron&${filters}${sort}`);
      expect(outcome.results.map((r) => r.id)).toEqual([hit.id]);
      expect(outcome.total).toBe(1);
    }
    expect(search(`q=heron&tag=wading&organisation=${a.partnerOrg.id}`, viewerOf(a.organiser)).total).toBe(2);
  });
});

describe("the ranking window", () => {
  it("ranks only the newest matches of a very common word, whatever the older ones score", async () => {
    const { event, attendee, note } = await makeNotesWorld();
    // An old, strong title hit, then more than RANK_WINDOW (5,000) newer matches.
    const old = note({ title: "Walrus walrus walrus", body: "walrus", visibility: "public" });
    const db = getDb().$client;
    const insert = db.prepare(
      "INSERT INTO notes (event_id, title, body, visibility, version, created_by_id, created_at, updated_at) VALUES (?, ?, ?, 'public', 1, ?, ?, ?)",
    );
    const now = Date.now();
    db.transaction(() => {
      for (let i = 0; i < 5100; i++) insert.run(event.id, `Entry ${i}`, `a walrus sighting ${i}`, attendee.id, now, now);
    })();
    const fresh = note({ title: "Walrus census", body: "walrus", visibility: "public" });
    const outcome = search("q=walrus");
    expect(outcome.totalIsCapped).toBe(true);
    expect(outcome.results[0].id).toBe(fresh.id);
    expect(outcome.results.map((r) => r.id)).not.toContain(old.id);
    // Newest first is not windowed: the old note is simply last.
    expect(search("q=walrus&sort=newest&page=50").results.length).toBe(20);
  });

  it("ranks every match when the newest ones are hidden from the viewer, so no page the count promises is empty", async () => {
    const { event, attendee, note } = await makeNotesWorld();
    const visible = Array.from({ length: 30 }, (_, i) => note({ title: `Open ibis ${i}`, body: "ibis", visibility: "public" }).id);
    const db = getDb().$client;
    const insert = db.prepare(
      "INSERT INTO notes (event_id, title, body, visibility, version, created_by_id, created_at, updated_at) VALUES (?, ?, ?, 'attendees', 1, ?, ?, ?)",
    );
    const now = Date.now();
    db.transaction(() => {
      for (let i = 0; i < 5100; i++) insert.run(event.id, `Ibis ${i}`, `ibis ${i}`, attendee.id, now, now);
    })();
    const page1 = search("q=ibis");
    const page2 = search("q=ibis&page=2");
    expect(page1.total).toBe(30);
    expect(page1.results).toHaveLength(20);
    expect(page2.results).toHaveLength(10);
    expect(new Set([...page1.results, ...page2.results].map((r) => r.id))).toEqual(new Set(visible));
    // The attendee (an author of the hidden ones) sees the newest window, all of it theirs.
    expect(search("q=ibis", viewerOf(attendee)).results).toHaveLength(20);
  });
});

describe("migration 0004 (prefix indexes)", () => {
  it("re-indexes notes written before it, so they are found by prefix", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kx-mig-"));
    try {
      const before = path.join(dir, "migrations");
      fs.cpSync(migrationsFolder, before, { recursive: true });
      fs.rmSync(path.join(before, "0004_notes_fts_prefixes.sql"));
      const journalFile = path.join(before, "meta/_journal.json");
      const journal = JSON.parse(fs.readFileSync(journalFile, "utf8"));
      journal.entries = journal.entries.filter((e: { idx: number }) => e.idx < 4);
      fs.writeFileSync(journalFile, JSON.stringify(journal));

      const db = openDatabase(path.join(dir, "old.db"));
      runMigrations(db, before);
      const sqlite = db.$client;
      const now = Date.now();
      sqlite.prepare("INSERT INTO organisations (name, slug, created_at) VALUES ('Org', 'org', ?)").run(now);
      sqlite
        .prepare(
          `INSERT INTO events (slug, title, format, time_zone, starts_at, ends_at, capacity, status, created_at, updated_at)
           VALUES ('e', 'E', 'mixed', 'UTC', ?, ?, 10, 'published', ?, ?)`,
        )
        .run(now, now, now, now);
      sqlite
        .prepare("INSERT INTO users (email, name, organisation_id, created_at, updated_at) VALUES ('a@x.test', 'A', 1, ?, ?)")
        .run(now, now);
      sqlite
        .prepare(
          "INSERT INTO notes (event_id, title, body, visibility, version, created_by_id, created_at, updated_at) VALUES (1, 'Old note', 'about flamingoes', 'public', 1, 1, ?, ?)",
        )
        .run(now, now);

      runMigrations(db);
      const found = (match: string) => sqlite.prepare("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH ?").pluck().get(match);
      expect(found('"flamin"*')).toBe(1);
      expect(found('"flamingoes"')).toBe(1);
      sqlite.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("migration 0005 (FTS5 automerge)", () => {
  it("stores automerge=2 with the index, and notes written one at a time are found as before", async () => {
    const { note } = await makeNotesWorld();
    const sqlite = getDb().$client;
    // The difference only shows at scale (57 against 9 segments after 1,000 single writes on
    // top of 100,000 notes, ADR 006); here: the setting is in place and merging loses nothing.
    expect(sqlite.prepare("SELECT v FROM notes_fts_config WHERE k = 'automerge'").pluck().get()).toBe(2);
    for (let i = 0; i < 64; i++) note({ title: `Note ${i}`, body: `about the bittern number ${i}`, visibility: "public" });
    expect(search("q=bittern%20").total).toBe(64);
    expect(search("q=bittern%20number%2042%20").results.map((r) => r.title)).toEqual(["Note 42"]);
    expect(sqlite.prepare("INSERT INTO notes_fts(notes_fts, rank) VALUES ('integrity-check', 1)").run().changes).toBeGreaterThanOrEqual(0);
  });
});
