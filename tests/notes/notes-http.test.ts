// The notes archive through the real server: forms and their bad input, authorisation
// per note, 404 for hidden notes, safe Markdown, the Atom feed (parsed as XML) and the
// event exports.
import { count, eq } from "drizzle-orm";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { noteRevisions, notes } from "#db/schema";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { makeNotesWorld } from "./helpers";

const server = await startTestServer();
const noteCount = () => getDb().select({ n: count() }).from(notes).get()!.n;
const signedIn = async (userId: number) => client(server.url, await sessionCookieFor(userId));

describe("writing a note", () => {
  it("creates a note with revision 1 and redirects to it", async () => {
    const w = await makeNotesWorld();
    const browser = await signedIn(w.attendee.id);
    const response = await browser.post("/notes/new", {
      event: w.event.slug,
      title: "HTTP note",
      body: "Some **bold** text",
      visibility: "public",
      tags: "http, testing",
    });
    expect(response.status).toBe(302);
    const id = Number(response.headers.get("location")!.split("/").pop());
    expect(getDb().select().from(notes).where(eq(notes.id, id)).get()).toMatchObject({ title: "HTTP note", version: 1 });
    const page = await (await browser.get(`/notes/${id}`)).text();
    expect(page).toContain("<strong>bold</strong>");
  });

  it.each([
    [{ title: "" }, "Give the note a title."],
    [{ title: "x".repeat(500) }, "At most 160 characters."],
    [{ body: "x".repeat(1024 * 1024) }, "At most 100,000 characters"],
    [{ visibility: "everyone" }, "Choose who may read the note."],
    [{ coAuthorEmails: "not-an-email" }, "is not an e-mail address"],
    [{ coAuthorEmails: "nobody@nowhere.example" }, "No account for nobody@nowhere.example"],
  ])("refuses bad input %# with a field message, status 400 and nothing written", async (fields, message) => {
    const w = await makeNotesWorld();
    const before = noteCount();
    const response = await (
      await signedIn(w.attendee.id)
    ).post("/notes/new", {
      event: w.event.slug,
      title: "Fine title",
      body: "fine",
      visibility: "public",
      ...fields,
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
    expect(noteCount()).toBe(before);
  });

  it("refuses people who are not part of the event (403) and signed-out visitors (login)", async () => {
    const w = await makeNotesWorld();
    const before = noteCount();
    const outsider = await (
      await signedIn(w.outsider.id)
    ).post("/notes/new", { event: w.event.slug, title: "Nope", body: "Not theirs to write.", visibility: "public" });
    expect(outsider.status).toBe(403);
    const anonymous = await client(server.url).post("/notes/new", {
      event: w.event.slug,
      title: "Nope",
      body: "Not theirs to write.",
      visibility: "public",
    });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toContain("/login");
    expect(noteCount()).toBe(before);
  });
});

describe("editing", () => {
  it("refuses someone else's note (403) and writes nothing", async () => {
    const w = await makeNotesWorld();
    const n = w.note({ title: "Not yours", body: "original", visibility: "public" });
    for (const userId of [w.outsider.id, w.partnerMember.id]) {
      const browser = await signedIn(userId);
      expect((await browser.get(`/notes/${n.id}/edit`)).status).toBe(403);
      const response = await browser.post(`/notes/${n.id}/edit`, {
        title: "Hijacked",
        body: "changed",
        visibility: "public",
        version: "1",
      });
      expect(response.status).toBe(403);
    }
    expect(getDb().select().from(notes).where(eq(notes.id, n.id)).get()).toMatchObject({
      title: "Not yours",
      body: "original",
      version: 1,
    });
  });

  it("refuses a stale save with 409, keeps the text in the form and overwrites nothing", async () => {
    const w = await makeNotesWorld();
    const n = w.note({ title: "Shared", body: "start", visibility: "public" });
    const author = await signedIn(w.attendee.id);
    const organiser = await signedIn(w.organiser.id);
    const first = await author.post(`/notes/${n.id}/edit`, {
      title: "Shared",
      body: "author's edit",
      visibility: "public",
      version: "1",
      coAuthorEmails: w.attendee.email!,
    });
    expect(first.status).toBe(302);
    const second = await organiser.post(`/notes/${n.id}/edit`, {
      title: "Shared",
      body: "organiser's unsaved words",
      visibility: "public",
      version: "1",
      coAuthorEmails: w.attendee.email!,
    });
    expect(second.status).toBe(409);
    const html = await second.text();
    expect(html).toContain("Someone else saved this note while you were editing");
    expect(html).toContain("organiser&#x27;s unsaved words");
    expect(getDb().select().from(notes).where(eq(notes.id, n.id)).get()).toMatchObject({ body: "author's edit", version: 2 });
    expect(getDb().select({ n: count() }).from(noteRevisions).where(eq(noteRevisions.noteId, n.id)).get()!.n).toBe(2);
  });

  it("keeps concurrent saves from the same version to exactly one winner", async () => {
    const w = await makeNotesWorld();
    const n = w.note({ title: "Race", body: "start", visibility: "public" });
    const browsers = await Promise.all(Array.from({ length: 8 }, () => signedIn(w.attendee.id)));
    const responses = await Promise.all(
      browsers.map((b, i) =>
        b.post(`/notes/${n.id}/edit`, {
          title: "Race",
          body: `writer ${i}`,
          visibility: "public",
          version: "1",
          coAuthorEmails: w.attendee.email!,
        }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 302)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    expect(getDb().select().from(notes).where(eq(notes.id, n.id)).get()!.version).toBe(2);
  });
});

describe("reading", () => {
  it("answers 404 (not 403) for an attendees-only note requested anonymously, also for its history", async () => {
    const w = await makeNotesWorld();
    const n = w.note({ title: "Attendees only", body: "secret", visibility: "attendees" });
    const anonymous = client(server.url);
    // Reading: 404 without a word of the note. Editing needs an account first: to log in.
    for (const path of [`/notes/${n.id}`, `/notes/${n.id}/history`]) {
      const response = await anonymous.get(path);
      expect(response.status, path).toBe(404);
      const text = await response.text();
      expect(text).not.toContain("secret");
      expect(text).not.toContain("Attendees only");
    }
    const edit = await anonymous.get(`/notes/${n.id}/edit`);
    expect(edit.status).toBe(302);
    expect(edit.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`/notes/${n.id}/edit`)}`);
    expect(await edit.text()).not.toContain("secret");
    expect((await anonymous.get(`/notes/${n.id}`)).status).toBe(404);
    expect((await (await signedIn(w.outsider.id)).get(`/notes/${n.id}`)).status).toBe(404);
    expect((await (await signedIn(w.attendee.id)).get(`/notes/${n.id}`)).status).toBe(200);
    expect((await anonymous.get("/notes/not-a-number")).status).toBe(404);
  });

  it("renders malicious Markdown inert", async () => {
    const w = await makeNotesWorld();
    const n = w.note({
      title: "XSS attempts",
      visibility: "public",
      body: [
        "<script>alert('script')</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "[click2](JAVASCRIPT:alert(1))",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        '<svg onload="alert(1)"></svg>',
        "[safe](https://example.com)",
      ].join("\n\n"),
    });
    const html = await (await client(server.url).get(`/notes/${n.id}`)).text();
    const body = html.slice(html.indexOf('class="prose-note'));
    expect(body).not.toMatch(/<script(?![^>]*nonce)/i);
    expect(body).not.toMatch(/<img[^>]+onerror/i);
    expect(body).not.toMatch(/<svg/i);
    expect(body).not.toMatch(/href="(javascript|data):/i);
    expect(body).not.toMatch(/src="data:image\/svg/i);
    expect(body).toContain('<a href="https://example.com" rel="nofollow ugc noopener noreferrer">safe</a>');
  });

  it("searches with FTS syntax characters without errors and highlights matches", async () => {
    const w = await makeNotesWorld();
    w.note({ title: "Kanelbulle retrospective", body: "We baked kanelbulle near the retro room.", visibility: "public" });
    for (const q of ['"kanelbulle', "kanelbulle*", "-kanelbulle", "NEAR(kanelbulle", "((kanelbulle", "kanelbulle)"]) {
      const response = await client(server.url).get(`/notes?q=${encodeURIComponent(q)}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("<mark>kanelbulle</mark>");
    }
  });

  it("verifies a note by an organiser of its event only", async () => {
    const w = await makeNotesWorld();
    const other = await makeNotesWorld();
    const n = w.note({ title: "Verify over HTTP", visibility: "public" });
    expect((await (await signedIn(w.attendee.id)).post(`/notes/${n.id}`, { intent: "verify", version: "1" })).status).toBe(403);
    expect((await (await signedIn(other.organiser.id)).post(`/notes/${n.id}`, { intent: "verify", version: "1" })).status).toBe(403);
    expect(getDb().select().from(notes).where(eq(notes.id, n.id)).get()!.verifiedById).toBeNull();
    expect((await (await signedIn(w.organiser.id)).post(`/notes/${n.id}`, { intent: "verify", version: "1" })).status).toBe(200);
    expect(getDb().select().from(notes).where(eq(notes.id, n.id)).get()).toMatchObject({
      verifiedById: w.organiser.id,
      verifiedVersion: 1,
    });
    const page = (await (await client(server.url).get(`/notes/${n.id}`)).text()).replaceAll("<!-- -->", "");
    expect(page).toContain(`Verified by ${w.organiser.name}`);
  });
});

describe("feed and export", () => {
  it("serves an Atom feed of public notes only, valid XML", async () => {
    const w = await makeNotesWorld();
    const pub = w.note({ title: "Feed public <&> note", body: "Hello *feed*", visibility: "public", tags: ["feeds"] });
    w.note({ title: "Feed hidden note", visibility: "attendees" });
    const response = await client(server.url).get("/notes/feed.xml");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/atom+xml");
    const xml = await response.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml);
    expect(parsed.feed["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
    const entries = [parsed.feed.entry].flat();
    const titles = entries.map((e: { title: string | { "#text": string } }) => (typeof e.title === "string" ? e.title : e.title["#text"]));
    expect(titles).toContain("Feed public <&> note");
    expect(titles).not.toContain("Feed hidden note");
    const entry = entries[titles.indexOf("Feed public <&> note")];
    expect(entry.id).toBe(`${server.url}/notes/${pub.id}`);
    expect(JSON.stringify(entry.content)).toContain("<em>feed</em>");
  });

  it("exports an event's notes as Markdown and as a printable page, obeying visibility", async () => {
    const w = await makeNotesWorld();
    w.note({ title: "Exported public", body: "## Heading\n\nBody text", visibility: "public" });
    w.note({ title: "Exported attendees", body: "only for attendees", visibility: "attendees" });
    const anonymous = await client(server.url).get(`/events/${w.event.slug}/notes.md`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get("content-type")).toContain("text/markdown");
    expect(anonymous.headers.get("content-disposition")).toContain(`${w.event.slug}-notes.md`);
    const md = await anonymous.text();
    expect(md).toContain("## Exported public");
    expect(md).not.toContain("Exported attendees");
    const attendeeMd = await (await (await signedIn(w.attendee.id)).get(`/events/${w.event.slug}/notes.md`)).text();
    expect(attendeeMd).toContain("## Exported attendees");
    const print = await (await client(server.url).get(`/events/${w.event.slug}/notes/print`)).text();
    expect(print).toContain("Exported public");
    expect(print).not.toContain("Exported attendees");
    expect((await client(server.url).get("/events/no-such-event/notes.md")).status).toBe(404);
  });
});
