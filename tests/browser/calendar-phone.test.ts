// The private calendar link on a phone (issue 17.6), in real Chromium at 390×844: one
// button for the first link; then a one-tap `webcal:` subscribe and a Copy button, with no
// sideways scroll; making a new link is out of the way (a disclosure) and needs the
// confirmation that the old link stops working.
import { describe, expect, it } from "vitest";
import { expectAccessible } from "../helpers/axe";
import { newBrowserContext, signInContext, watchPage } from "../helpers/browser";
import { sessionCookieFor, startTestServer } from "../helpers/server";
import { makeUnconference } from "../schedule/helpers";

const server = await startTestServer();
const PHONE = { width: 390, height: 844 };

describe("calendar link on a phone", () => {
  it("copies the link, offers webcal: by name, fits the screen, and keeps 'Create a new link' behind a confirmed disclosure", async () => {
    const { event, attendees } = await makeUnconference({ attendees: 1 });
    const context = await newBrowserContext({ viewport: PHONE });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    await signInContext(context, server.url, await sessionCookieFor(attendees[0].id));
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(`${server.url}/events/${event.slug}/agenda`);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

    expect(await page.getByRole("button", { name: "Create a new link" }).count()).toBe(0);
    await page.getByRole("button", { name: "Create private link" }).click();
    const feedUrl = await page.getByLabel("Your private calendar link").inputValue();
    expect(feedUrl).toMatch(new RegExp(`^${server.url}/events/${event.slug}/agenda\\.ics\\?token=[\\w-]{20,}$`));
    const subscribe = page.getByRole("link", { name: "Subscribe in your calendar app" });
    expect(await subscribe.getAttribute("href")).toBe(feedUrl.replace(/^http:/, "webcal:"));
    // Brought into view: on a phone the card sits below the agenda.
    await expect.poll(async () => (await subscribe.boundingBox())!.y).toBeGreaterThanOrEqual(0);
    expect((await subscribe.boundingBox())!.y).toBeLessThan(PHONE.height);
    await page.getByRole("button", { name: "Copy link" }).click();
    await page.getByRole("status").getByText("Copied.").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(feedUrl);
    expect(await overflow()).toBe(0);
    await expectAccessible(page);

    // Later visits: the link cannot be shown again; a new one is behind the disclosure.
    await page.goto(`${server.url}/events/${event.slug}/agenda`);
    await page.getByText("You have a private calendar link.").waitFor();
    const createNew = page.getByRole("button", { name: "Create a new link" });
    expect(await createNew.isVisible()).toBe(false);
    await page.getByText("Lost the link or shared it by mistake?").click();
    await createNew.waitFor();
    // The confirmation is required: the browser refuses the form until it is ticked.
    expect(
      await page
        .getByRole("checkbox", { name: "Yes, my old link stops working" })
        .evaluate((el) => (el as HTMLInputElement).validity.valueMissing),
    ).toBe(true);
    await page.getByRole("checkbox", { name: "Yes, my old link stops working" }).check();
    await createNew.click();
    const replaced = await page.getByLabel("Your private calendar link").inputValue();
    expect(replaced).not.toBe(feedUrl);
    expect((await fetch(feedUrl)).status).toBe(410);
    expect((await fetch(replaced)).status).toBe(200);
    expect(await overflow()).toBe(0);
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });
});
