// Review of 7 Dec 2026, findings 10 and 17: a note's text cannot be saved blank (create and
// edit answer 400 with a field message and write nothing), and search excerpts keep the
// blocks of a note apart (a session note's template read as one run-on line).
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { notes } from "#db/schema";
import { plainExcerpt, stripMarkdown } from "~/notes/search-text";
import { sessionNotesTemplate } from "~/schedule/placement.server";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { makeNotesWorld } from "./helpers";

const server = await startTestServer();
const noteCount = () => getDb().select({ n: count() }).from(notes).get()!.n;
const signedIn = async (userId: number) => client(server.url, await sessionCookieFor(userId));
const template = sessionNotesTemplate({ hosts: "Bea Attendee", room: "Studio 1", time: "10:00–10:45" });

describe("a note's text is required", () => {
  it("refuses a new note with blank text, with the field message", async () => {
    const w = await makeNotesWorld();
    const before = noteCount();
    for (const body of ["", "  \n\t "]) {
      const response = await (
        await signedIn(w.attendee.id)
      ).post("/notes/new", { event: w.event.slug, title: "Blank", body, visibility: "public" });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("Write the note’s text.");
    }
    expect(noteCount()).toBe(before);
  });

  it("refuses to empty a note's text on edit, keeping the saved text", async () => {
    const w = await makeNotesWorld();
    const n = w.note({ title: "Keep me", body: "What we learned.", visibility: "public" });
    const response = await (
      await signedIn(w.attendee.id)
    ).post(`/notes/${n.id}/edit`, { title: "Keep me", body: " ", visibility: "public", version: "1" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Write the note’s text.");
    expect(getDb().select().from(notes).where(eq(notes.id, n.id)).get()).toMatchObject({ body: "What we learned.", version: 1 });
  });

  it("a session's notes template is not blank", () => {
    expect(template.trim()).not.toBe("");
  });
});

describe("excerpts keep blocks apart", () => {
  it("separates headings, list items, paragraphs and hard line breaks; wrapped lines and tables stay one run", () => {
    expect(stripMarkdown(template)).toBe(
      "Hosts: Bea Attendee · Room: Studio 1 · Time: 10:00–10:45 · What we discussed · Takeaways · Links and follow-ups",
    );
    expect(stripMarkdown("## Agenda\n## Decisions\n- ship it\n- Action items")).toBe("Agenda · Decisions · ship it · Action items");
    expect(stripMarkdown("First paragraph ends.\n\nSecond one\nwraps here.")).toBe("First paragraph ends. Second one wraps here.");
    expect(stripMarkdown("| a | b |\n|---|:-:|\n| 1 | 2 |")).toBe("a b 1 2");
    expect(plainExcerpt("## Takeaways\n- one\n- two", 12)).toBe("Takeaways…");
  });

  it("on the search page, with and without a query", async () => {
    const w = await makeNotesWorld();
    w.note({ title: "Runbooks session", body: template, visibility: "public" });
    const listed = await (await client(server.url).get(`/notes?event=${w.event.slug}`)).text();
    expect(listed).toContain("What we discussed · Takeaways · Links and follow-ups");
    const found = await (await client(server.url).get(`/notes?q=takeaways&event=${w.event.slug}`)).text();
    expect(found).toContain("What we discussed · <mark>Takeaways</mark> · Links and follow-ups");
  });
});
