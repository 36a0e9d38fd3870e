// Second new-user review, findings 4, 6 and 9 (7 Dec 2026), in real Chromium at 390 × 844 by
// visible labels. See /work/wt/review-user2-findings.md.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { expectAccessible } from "../helpers/axe";
import { newBrowserContext, signInContext } from "../helpers/browser";
import { makeEvent, makeUser } from "../helpers/factories";
import { sessionCookieFor, startTestServer } from "../helpers/server";
import { guestEvent } from "../guests/helpers";
import { joinPath } from "~/guests/join-link";
import { phoneSignedIn, walkInRefusedForAccount } from "../helpers/walk-in-door";

const server = await startTestServer();
const HOUR = 3_600_000;

const focusedLabel = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return el?.labels?.[0]?.textContent?.trim() ?? el?.tagName ?? "";
  });

async function doorEvent() {
  const organiser = await makeUser({ name: "Olu Organiser" });
  const event = makeEvent({
    title: "Door polish exchange",
    organiserIds: [organiser.id],
    startsAt: new Date(Date.now() - HOUR),
    endsAt: new Date(Date.now() + 6 * HOUR),
  });
  return { organiser, event };
}

/** The organiser on a phone, refused a walk-in whose address has an account; the button's place is checked. */
async function linkButtonUnderRefusal(javaScriptEnabled: boolean) {
  const { organiser, event } = await doorEvent();
  const person = await makeUser({ name: "Sam Seated", email: `sam.${Date.now()}.${String(javaScriptEnabled)}@door.example` });
  const context = await newBrowserContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled });
  await signInContext(context, server.url, await sessionCookieFor(organiser.id));
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${server.url}/events/${event.slug}/attendees`);
  await walkInRefusedForAccount(page, "Sam", person.email!);

  const refusal = page.getByText("This address already has an account, so only its owner can register it.");
  const button = page.getByRole("button", { name: "Send them a link to take this seat" });
  const below = await refusal.boundingBox();
  const at = await button.boundingBox();
  expect(at!.y).toBeGreaterThanOrEqual(below!.y + below!.height);
  expect(at!.y - (below!.y + below!.height)).toBeLessThan(80);
  return { page, button, person };
}

describe("a walk-in whose address has an account, on a phone", () => {
  it('offers "Send them a link to take this seat" right under the refusal on the e-mail field', async () => {
    const { page, button, person } = await linkButtonUnderRefusal(true);
    await expectAccessible(page);
    await button.click();
    await page.getByText(`We e-mailed a link to take this seat to ${person.email}.`).waitFor();
  });

  it("does so without JavaScript too, and the button sends the link", async () => {
    const { page, button, person } = await linkButtonUnderRefusal(false);
    await button.click();
    await page.getByText(`We e-mailed a link to take this seat to ${person.email}.`).waitFor();
  });
});

describe("the check-in search on a phone", () => {
  it("has a short placeholder that fits, and the instruction as the field's visible hint", async () => {
    const { organiser, event } = await doorEvent();
    const { page, problems } = await phoneSignedIn(server.url, organiser.id);
    await page.goto(`${server.url}/events/${event.slug}/attendees`);
    const search = page.getByLabel("Search by name or full e-mail address");
    expect(await search.getAttribute("placeholder")).toBe("Name or e-mail");
    const fits = await search.evaluate((input: HTMLInputElement) => {
      const style = getComputedStyle(input);
      const canvas = document.createElement("canvas").getContext("2d")!;
      canvas.font = `${style.fontSize} ${style.fontFamily}`;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return canvas.measureText(input.placeholder).width <= room;
    });
    expect(fits).toBe(true);
    await expect.poll(() => search.evaluate((input) => input.getAttribute("aria-describedby"))).not.toBeNull();
    const hintId = (await search.getAttribute("aria-describedby"))!;
    const hint = page.locator(`[id="${hintId}"]`);
    expect(await hint.isVisible()).toBe(true);
    expect(await hint.textContent()).toContain("press Enter");
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });
});

describe("refused forms put the focus on the first invalid field", () => {
  it("the guest join form with an empty name", async () => {
    const { event } = await guestEvent(server.url);
    const context = await newBrowserContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.url}${joinPath(event.slug, event.joinKey)}`);
    // As a person does: into the field, nothing typed, then the button.
    await page.getByLabel("Name", { exact: true }).click();
    await page.getByRole("button", { name: "Join as a guest" }).click();
    await page.getByText("Enter the name the others will see.").waitFor();
    await expect.poll(() => focusedLabel(page)).toBe("Name");
    expect(await page.getByLabel("Name", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page);
  });

  // Finding 9, event form: still fails (focus stays on "Save event" though only the Guests box
  // is marked invalid); left for the lead, see the polish branch report.
  it("the event form with both 'Partner members only' and 'Guests may join'", async () => {
    const { organiser, event } = await doorEvent();
    const { page, problems } = await phoneSignedIn(server.url, organiser.id);
    await page.goto(`${server.url}/events/${event.slug}/edit`);
    await page.getByLabel("Partner members only").check();
    await page.getByLabel("Guests may join with a name").check();
    await page.getByRole("button", { name: "Save event" }).click();
    await page.getByText("Guests cannot join an exchange for partner members only").waitFor();
    await expect.poll(() => focusedLabel(page)).toBe("Guests may join with a name");
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  for (const form of ["join", "event"] as const) {
    it(`without JavaScript the server's reply marks the field (${form} form)`, async () => {
      const context = await newBrowserContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
      let field: string;
      let message: string;
      if (form === "join") {
        const { event } = await guestEvent(server.url);
        const page = await context.newPage();
        await page.goto(`${server.url}${joinPath(event.slug, event.joinKey)}`);
        await page.getByRole("button", { name: "Join as a guest" }).click();
        field = "Name";
        message = "Enter the name the others will see.";
        await check(page);
      } else {
        const { organiser, event } = await doorEvent();
        await signInContext(context, server.url, await sessionCookieFor(organiser.id));
        const page = await context.newPage();
        await page.goto(`${server.url}/events/${event.slug}/edit`);
        await page.getByLabel("Partner members only").check();
        await page.getByLabel("Guests may join with a name").check();
        await page.getByRole("button", { name: "Save event" }).click();
        field = "Guests may join with a name";
        message = "Guests cannot join an exchange for partner members only: turn one of the two off.";
        await check(page);
      }
      async function check(page: Page) {
        await page.getByText(message).waitFor();
        const input = page.getByLabel(field, { exact: true });
        expect(await input.getAttribute("aria-invalid")).toBe("true");
        const described = (await input.getAttribute("aria-describedby")) ?? "";
        const texts = await Promise.all(described.split(" ").map((id) => page.locator(`[id="${id}"]`).textContent()));
        expect(texts.join(" ")).toContain(message);
      }
    });
  }
});
