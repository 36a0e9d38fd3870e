// The archive's issue-17.7 pages in real Chromium, found by visible labels and names: on a
// phone (390×844) the filters fold behind one "Filters" button that counts the active ones,
// and the results start without scrolling; on a desktop the fields show. A note's history
// restores an old version after asking; the board summary states who may read takeaways.
// axe on each changed page.
import { describe, expect, it } from "vitest";
import { createBoard, setPhase } from "~/board/boards.server";
import { finishTopic, startTopic } from "~/board/discussion.server";
import { proposeTopic } from "~/board/topics.server";
import { updateNote } from "~/notes/edit-note.server";
import { getDb } from "#db/client";
import { users } from "#db/schema";
import { eq } from "drizzle-orm";
import { expectAccessible } from "../helpers/axe";
import { newBrowserContext, signInContext, watchPage } from "../helpers/browser";
import { sessionCookieFor, startTestServer } from "../helpers/server";
import { makeNotesWorld, viewerOf } from "./helpers";

const server = await startTestServer();
const world = await makeNotesWorld({ title: "Phone exchange", format: "lean_coffee" });
for (let i = 1; i <= 6; i++) {
  world.note({
    title: `Runbook review ${i}`,
    body: `Our runbooks, part ${i}: who is on-call and what they read first.`,
    visibility: "public",
  });
}

const phone = await newBrowserContext({ viewport: { width: 390, height: 844 } });
const phoneWithoutJs = await newBrowserContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
const desktop = await newBrowserContext({ viewport: { width: 1280, height: 900 } });
await signInContext(desktop, server.url, await sessionCookieFor(world.attendee.id));

describe("the archive on a phone", () => {
  it("folds the seven filters behind one button that counts the active ones; results above the fold", async () => {
    for (const context of [phone, phoneWithoutJs]) {
      const page = await context.newPage();
      const problems = watchPage(page);
      await page.goto(`${server.url}/notes?q=oncall+&event=${world.event.slug}&sort=newest`);
      const withJs = context === phone;
      const fold = page.getByText("Filters (2 active)", { exact: true });
      await fold.waitFor();
      await expect(page.getByLabel("Search notes").isVisible()).resolves.toBe(true);
      for (const label of ["Event", "Event series", "Authors’ organisation", "Tag", "Written from", "Written until", "Sort by"]) {
        await expect(page.getByLabel(label, { exact: true }).isVisible(), label).resolves.toBe(false);
      }
      // The forgiving search found the on-call notes; the first results show without scrolling.
      const results = page.getByRole("list", { name: "Search results" });
      const first = results.getByRole("link", { name: /Runbook review 6/ });
      await first.waitFor();
      const box = (await first.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(844);
      const second = (await results.getByRole("link", { name: /Runbook review 5/ }).boundingBox())!;
      expect(second.y + second.height).toBeLessThanOrEqual(844);
      // (page.evaluate needs JavaScript: scroll checks and axe run with it.)
      if (withJs) {
        expect(await page.evaluate(() => [window.scrollY, document.documentElement.scrollWidth])).toEqual([0, 390]);
        await expectAccessible(page);
      }

      await fold.click();
      await expect(page.getByLabel("Event", { exact: true }).isVisible()).resolves.toBe(true);
      await expect(page.getByLabel("Sort by").inputValue()).resolves.toBe("newest");
      await expect(page.getByRole("button", { name: "Apply filters" }).isVisible()).resolves.toBe(true);
      if (withJs) await expectAccessible(page);
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  it("says just 'Filters' when none is active, and shows the fields without a button on a desktop", async () => {
    const page = await phone.newPage();
    await page.goto(`${server.url}/notes`);
    await page.getByText("Filters", { exact: true }).waitFor();
    const wide = await desktop.newPage();
    await wide.goto(`${server.url}/notes?tag=x`);
    await expect(wide.getByLabel("Event", { exact: true }).isVisible()).resolves.toBe(true);
    await expect(wide.getByLabel("Tag", { exact: true }).inputValue()).resolves.toBe("x");
    await expect(wide.getByText("Filters (1 active)", { exact: true }).isVisible()).resolves.toBe(false);
    await expectAccessible(wide);
  });
});

describe("history and summary", () => {
  it("restores an old version after asking", async () => {
    const note = world.note({ title: "Escalation v1", body: "Page the lead.", visibility: "public" });
    const email = getDb().select({ email: users.email }).from(users).where(eq(users.id, world.attendee.id)).get()!.email!;
    updateNote(
      note.id,
      { title: "Escalation v2", body: "Page the team.", visibility: "public", tags: "", coAuthorEmails: email, version: 1 },
      viewerOf(world.attendee),
    );
    const page = await desktop.newPage();
    const problems = watchPage(page);
    await page.goto(`${server.url}/notes/${note.id}/history`);
    await page.getByRole("link", { name: "Restore version 1" }).click();
    await page.getByRole("heading", { name: "Restore version 1?" }).waitFor();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Restore version 1" }).click();
    await page.getByText("Version restored: its title and text are the note").waitFor();
    await page.getByRole("heading", { name: "3 versions" }).waitFor();
    await expectAccessible(page);
    await page.goto(`${server.url}/notes/${note.id}`);
    await page.getByRole("heading", { name: "Escalation v1" }).waitFor();
    expect(problems).toEqual([]);
  });

  it("states on the board summary who may read each topic's takeaways", async () => {
    const board = createBoard(world.event.id, { id: world.organiser.id });
    const topic = proposeTopic(board.id, { id: world.attendee.id }, { title: "Hiring bands" });
    setPhase(board.id, "discuss", { id: world.organiser.id });
    startTopic(board.id, topic.id, { id: world.organiser.id });
    finishTopic(board.id, topic.id, { id: world.organiser.id }, { takeaways: "Bands are published.", visibility: "partners" });
    const page = await desktop.newPage();
    await page.goto(`${server.url}/events/${world.event.slug}/boards/${board.id}/summary`);
    await page.getByText("Takeaways recorded for members of the partner organisations only; not shared with you.").waitFor();
    await expectAccessible(page);
  });
});
