// No double taps (issue 17.4): on a slow network, three quick taps on a form's submit
// button send one post. The button says what it is doing ("Adding…", "Saving…"), is marked
// busy and aria-disabled while the post is in flight, and is usable again afterwards.
// This is the browser's guard alone: the test counts the posts that leave the page.
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { noteRevisions, topics } from "#db/schema";
import { openSignedIn } from "../helpers/browser";
import { sessionCookieFor, startTestServer } from "../helpers/server";
import { leanCoffee } from "../board/helpers";
import { makeNotesWorld } from "../notes/helpers";

const server = await startTestServer();

/**
 * A slow network: holds every POST of `page` until `release()`, and counts them. Held until
 * the test has looked, not for a fixed time, which a loaded machine could use up before the
 * test saw the busy button.
 */
async function heldPosts(page: Page) {
  const posts: string[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/*", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    posts.push(route.request().url());
    await released;
    await route.continue();
  });
  return { posts, release };
}

/** Three taps as quick as a thumb: no wait for the button to be enabled between them. */
async function tapThreeTimes(page: Page, name: RegExp) {
  const button = page.getByRole("button", { name });
  for (let i = 0; i < 3; i++) await button.click({ force: true, noWaitAfter: true });
}

describe("three quick taps on a slow network", () => {
  it("adds one topic on the board, and the button shows it is adding", async () => {
    const { event, board, alice } = await leanCoffee({ title: "Double tap Lean Coffee" });
    const { page, problems } = await openSignedIn(server.url, await sessionCookieFor(alice.id), `/events/${event.slug}/board`);
    await page.locator('[data-live-status="live"]').waitFor({ timeout: 5_000 });
    const { posts, release } = await heldPosts(page);

    await page.getByLabel("Topic", { exact: true }).fill("Flaky tests on a Friday");
    await tapThreeTimes(page, /^(Add topic|Adding…)$/);

    const pending = page.getByRole("button", { name: "Adding…" });
    await pending.waitFor();
    expect(await pending.getAttribute("aria-disabled")).toBe("true");
    expect(await pending.getAttribute("aria-busy")).toBe("true");
    release();

    await page.getByRole("heading", { name: "Flaky tests on a Friday" }).waitFor({ timeout: 10_000 });
    const ready = page.getByRole("button", { name: "Add topic" });
    await ready.waitFor({ timeout: 10_000 });
    expect(await ready.getAttribute("aria-disabled")).toBeNull();

    expect(posts).toHaveLength(1);
    const rows = getDb()
      .select({ id: topics.id, authorId: topics.authorId })
      .from(topics)
      .where(and(eq(topics.boardId, board.id), eq(topics.title, "Flaky tests on a Friday")))
      .all();
    expect(rows).toEqual([{ id: expect.any(Number), authorId: alice.id }]);

    // Taps faster than React can re-render (three clicks in one task): the form's own
    // listener still lets only the first through.
    await page.getByLabel("Topic", { exact: true }).fill("Pairing across companies");
    await ready.evaluate((button: HTMLButtonElement) => {
      for (let i = 0; i < 3; i++) button.click();
    });
    await page.getByRole("heading", { name: "Pairing across companies" }).waitFor({ timeout: 10_000 });
    await page.getByRole("button", { name: "Add topic" }).waitFor({ timeout: 10_000 });
    expect(posts).toHaveLength(2);
    const titles = getDb().select({ title: topics.title }).from(topics).where(eq(topics.boardId, board.id)).all();
    expect(titles.map((t) => t.title).sort()).toEqual(["Flaky tests on a Friday", "Pairing across companies"]);
    expect(problems).toEqual([]);
  });

  it("saves a note once, and the button shows it is saving", async () => {
    const world = await makeNotesWorld({ title: "Double tap exchange" });
    const note = world.note({ title: "Runbooks we trust", body: "First draft." });
    const { page, problems } = await openSignedIn(server.url, await sessionCookieFor(world.attendee.id), `/notes/${note.id}/edit`);
    await page.waitForLoadState("networkidle");
    const { posts, release } = await heldPosts(page);

    await page.getByLabel("Note", { exact: true }).fill("Second draft, after the session.");
    await tapThreeTimes(page, /^(Save changes|Saving…)$/);

    const pending = page.getByRole("button", { name: "Saving…" });
    await pending.waitFor();
    expect(await pending.getAttribute("aria-disabled")).toBe("true");
    expect(await pending.getAttribute("aria-busy")).toBe("true");
    release();

    await page.waitForURL(`${server.url}/notes/${note.id}`, { timeout: 10_000 });
    await page.getByText("Second draft, after the session.").waitFor();

    expect(posts).toHaveLength(1);
    const revisions = getDb()
      .select({ version: noteRevisions.version, body: noteRevisions.body })
      .from(noteRevisions)
      .where(eq(noteRevisions.noteId, note.id))
      .all()
      .sort((a, b) => a.version - b.version);
    expect(revisions.map((r) => r.body)).toEqual(["First draft.", "Second draft, after the session."]);
    expect(problems).toEqual([]);
  });
});
