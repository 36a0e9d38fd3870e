// Search results render plain <a href> links (cheaper to server-render than <Link>); with
// JavaScript the results list follows them client-side, without a full page load. Real
// Chromium against the real server.
import { afterAll, describe, expect, it } from "vitest";
import { newBrowserContext, watchPage } from "../helpers/browser";
import { startTestServer } from "../helpers/server";
import { makeNotesWorld } from "./helpers";

const server = await startTestServer();
const world = await makeNotesWorld({ title: "Linking exchange" });
const target = world.note({ title: "Pelican routing notes", body: "pelican and more", tags: ["birds"], visibility: "public" });
world.note({ title: "Second pelican", body: "pelican", visibility: "public" });

const context = await newBrowserContext();
const page = await context.newPage();
page.setDefaultTimeout(20_000);
const problems = watchPage(page);
afterAll(() => context.close());

async function searchPelican() {
  await page.goto(`${server.url}/notes?q=pelican`);
  await page.waitForLoadState("networkidle");
  // Survives client-side navigations, not a document load.
  await page.evaluate(() => ((window as unknown as { kxMarker: number }).kxMarker = 42));
}
const marker = () => page.evaluate(() => (window as unknown as { kxMarker?: number }).kxMarker ?? null);

describe("search result links", () => {
  it("are ordinary links in the HTML (they work without JavaScript)", async () => {
    const html = await (await fetch(`${server.url}/notes?q=pelican`)).text();
    expect(html).toContain(`href="/notes/${target.id}"`);
    expect(html).toContain(`href="/notes?tag=birds"`);
    expect(html).toContain(`href="/events/${world.event.slug}"`);
  });

  it("open the note, the author filter and the tag filter client-side", async () => {
    await searchPelican();
    await page.getByRole("list", { name: "Search results" }).getByRole("link", { name: "Pelican routing notes" }).click();
    await page.waitForURL(`${server.url}/notes/${target.id}`);
    await page.getByRole("heading", { name: "Pelican routing notes" }).waitFor();
    expect(await marker()).toBe(42);

    await page.goBack();
    await page.getByRole("list", { name: "Search results" }).waitFor();
    expect(await marker()).toBe(42);
    await page.getByRole("list", { name: "Search results" }).getByRole("link", { name: "#birds" }).click();
    await page.waitForURL(/\/notes\?tag=birds$/);
    await page.getByRole("link", { name: /Tag: #birds/ }).waitFor();
    expect(await marker()).toBe(42);

    await searchPelican();
    const author = world.attendee;
    await page.getByRole("list", { name: "Search results" }).getByRole("link", { name: author.name! }).first().click();
    await page.waitForURL(new RegExp(`/notes\\?author=${author.id}$`));
    expect(await marker()).toBe(42);
    expect(problems).toEqual([]);
  });

  it("leave modified clicks to the browser (a new tab keeps this page as it is)", async () => {
    await searchPelican();
    const [popup] = await Promise.all([
      context.waitForEvent("page"),
      page
        .getByRole("list", { name: "Search results" })
        .getByRole("link", { name: "Second pelican" })
        .click({ modifiers: ["Control"] }),
    ]);
    await popup.waitForLoadState();
    expect(popup.url()).toMatch(/\/notes\/\d+$/);
    expect(page.url()).toBe(`${server.url}/notes?q=pelican`);
    await popup.close();
  });
});
