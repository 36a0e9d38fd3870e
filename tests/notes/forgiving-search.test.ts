// Search that forgives (issue 17.7, ADR 026): plurals and hyphenation find each other
// through the forgiving index (migration 0013), exact matches rank above them, and the
// index follows edits and deletions like the exact one.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { notes } from "#db/schema";
import { parseNoteSearch } from "~/notes/note-schema";
import { toForgivingFtsQuery } from "~/notes/search-text";
import { searchNotes } from "~/notes/search.server";
import { makeNotesWorld } from "./helpers";

async function archive() {
  const world = await makeNotesWorld();
  const search = (q: string, extra = "") =>
    searchNotes(parseNoteSearch(new URLSearchParams(`q=${encodeURIComponent(q)}&event=${world.event.slug}${extra}`)), null);
  const titles = (q: string, extra = "") => search(q, extra).results.map((r) => r.title);
  return { ...world, search, titles };
}

describe("forgiving query", () => {
  it("joins hyphenated words and quotes every term, without a prefix", () => {
    expect(toForgivingFtsQuery("on-call runbooks")).toBe('"oncall" "runbooks"');
    expect(toForgivingFtsQuery("follow-the-sun")).toBe('"followthesun"');
    expect(toForgivingFtsQuery("- -")).toBeNull();
    expect(toForgivingFtsQuery('"* NEAR(')).toBe('"NEAR"');
  });
});

describe("search that forgives", () => {
  it("finds notes about on-call when searching oncall, and back", async () => {
    const w = await archive();
    const hyphen = w.note({ title: "On-call without burnout", body: "A weekly on-call review.", visibility: "public" });
    const joined = w.note({ title: "Oncall handbook", body: "Our oncall rota.", visibility: "public" });
    w.note({ title: "Call notes", body: "Nothing about rotas.", visibility: "public" });
    for (const q of ["oncall", "oncall ", "on-call", "on-call ", "On-Call"]) {
      expect(new Set(w.search(q).results.map((r) => r.id)), q).toEqual(new Set([hyphen.id, joined.id]));
    }
  });

  it("finds as many notes for runbooks as for runbook", async () => {
    const w = await archive();
    const singular = w.note({ title: "Alert hygiene", body: "No alert without a runbook.", visibility: "public" });
    const plural = w.note({ title: "Writing runbooks", body: "Runbooks age fast.", visibility: "public" });
    w.note({ title: "Unrelated", body: "Dashboards and budgets.", visibility: "public" });
    for (const q of ["runbook", "runbooks", "runbook ", "runbooks "]) {
      const outcome = w.search(q);
      expect(outcome.total, q).toBe(2);
      expect(new Set(outcome.results.map((r) => r.id)), q).toEqual(new Set([singular.id, plural.id]));
    }
  });

  it("ranks exact matches above forgiving ones, whatever bm25 says", async () => {
    const w = await archive();
    // The forgiving match has the word in its title (ten times the weight): exact still wins.
    const forgiving = w.note({ title: "Runbook", body: "runbook runbook runbook", visibility: "public" });
    const exact = w.note({ title: "Alerts", body: "Links to the runbooks of every service.", visibility: "public" });
    expect(w.search("runbooks ").results.map((r) => r.id)).toEqual([exact.id, forgiving.id]);
    const hyphen = w.note({ title: "Escalation", body: "Who is on-call at night.", visibility: "public" });
    const joined = w.note({ title: "Oncall", body: "oncall oncall", visibility: "public" });
    expect(w.search("on-call ").results.map((r) => r.id)).toEqual([hyphen.id, joined.id]);
    expect(w.search("oncall ").results.map((r) => r.id)).toEqual([joined.id, hyphen.id]);
    // Newest first puts both kinds in date order, counted once.
    const newest = w.search("oncall ", "&sort=newest");
    expect(newest.total).toBe(2);
    expect(newest.results.map((r) => r.id)).toEqual([joined.id, hyphen.id]);
  });

  it("pages across the exact and forgiving matches without repeating or losing one", async () => {
    const w = await archive();
    const exact = Array.from({ length: 3 }, (_, i) => w.note({ title: `Exact ${i}`, body: "the runbooks", visibility: "public" }).id);
    const forgiving = Array.from(
      { length: 4 },
      (_, i) => w.note({ title: `Forgiving ${i}`, body: "the runbook", visibility: "public" }).id,
    );
    const page = (n: number) =>
      searchNotes(parseNoteSearch(new URLSearchParams(`q=runbooks+&event=${w.event.slug}&page=${n}`)), null, { pageSize: 2 });
    const seen = [1, 2, 3, 4].flatMap((n) => page(n).results.map((r) => r.id));
    expect(page(1).total).toBe(7);
    expect(page(1).pageCount).toBe(4);
    expect(new Set(seen.slice(0, 3))).toEqual(new Set(exact));
    expect(new Set(seen.slice(3))).toEqual(new Set(forgiving));
    expect(seen).toHaveLength(7);
  });

  it("shows a forgiving match with the start of its text and keeps hidden notes out", async () => {
    const w = await archive();
    w.note({ title: "Rota", body: "The oncall **rota** changes weekly.", visibility: "public" });
    w.note({ title: "Secret rota", body: "Partner oncall pay.", visibility: "partners" });
    const outcome = w.search("on-call ");
    expect(outcome.total).toBe(1);
    expect(outcome.results[0].snippetHtml).toBe("The oncall rota changes weekly.");
  });

  it("follows edits and deletions", async () => {
    const w = await archive();
    const note = w.note({ title: "Pager", body: "The on-call pager.", visibility: "public" });
    expect(w.titles("oncall ")).toEqual(["Pager"]);
    getDb().update(notes).set({ body: "The pager." }).where(eq(notes.id, note.id)).run();
    expect(w.titles("oncall ")).toEqual([]);
    getDb().update(notes).set({ body: "Runbooks for the pager." }).where(eq(notes.id, note.id)).run();
    expect(w.titles("runbook ")).toEqual(["Pager"]);
    getDb().delete(notes).where(eq(notes.id, note.id)).run();
    expect(w.titles("runbook ")).toEqual([]);
  });
});
