// QA regression checks for the Lean Coffee board after the performance work (slim vote
// form, in-place live tallies, dot endpoint, anonymous page cache), as users see them
// in real Chromium: keyboard voting keeps the focus where the voter is and says clearly
// when the dots are used up, a phone has no sideways scroll and no serious axe finding,
// every vote works without JavaScript, and the anonymous event page shows a cancelled
// seat at once while a signed-in visitor never gets a cached page.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { setPhase } from "~/board/boards.server";
import { endTimebox, startTopic } from "~/board/discussion.server";
import { proposeTopic } from "~/board/topics.server";
import { findA11yViolations } from "../helpers/axe";
import { makeEvent } from "../helpers/factories";
import { newBrowserContext, openSignedIn } from "../helpers/browser";
import { sessionCookieFor, startTestServer } from "../helpers/server";
import { leanCoffee } from "../board/helpers";

const server = await startTestServer();
const LIVE = 5_000;

const openAs = async (userId: number, path: string, options: Parameters<typeof openSignedIn>[3] = {}) =>
  openSignedIn(server.url, await sessionCookieFor(userId), path, options);

const focusedName = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.tagName);

describe("the board in the hand: keyboard voting, dots used up, going offline", () => {
  it("keeps a keyboard voter's focus in the topic's vote form and says when the dots are used up (phone size)", async () => {
    const { event, board, alice, organiser } = await leanCoffee({ title: "Keyboard Lean Coffee" });
    proposeTopic(board.id, { id: alice.id }, { title: "Pairing remotely" });
    proposeTopic(board.id, { id: organiser.id }, { title: "On-call fatigue" });
    setPhase(board.id, "vote", { id: organiser.id });
    const { page, problems } = await openAs(alice.id, `/events/${event.slug}/board`, { viewport: { width: 390, height: 844 } });
    await page.locator('[data-live-status="live"]').waitFor({ timeout: LIVE });

    const add = page.getByRole("button", { name: "Add a dot to “Pairing remotely”" });
    await add.focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("dots-left").getByText("2 of 3 dots left").waitFor({ timeout: LIVE });
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    await page.getByTestId("dots-left").getByText("0 of 3 dots left").waitFor({ timeout: LIVE });
    // Out of dots: "+" is disabled everywhere, the bar says what to do, and the focus
    // moved to "take a dot back" on the same topic instead of the top of the page.
    await page.getByTestId("dots-left").getByText("All your dots are placed: take one back to move it.").waitFor();
    await expect.poll(() => add.isDisabled()).toBe(true);
    await expect.poll(() => page.getByRole("button", { name: "Add a dot to “On-call fatigue”" }).isDisabled()).toBe(true);
    await expect.poll(() => focusedName(page)).toBe("Take a dot back from “Pairing remotely”");

    // Taking all three back by keyboard: when "−" goes away, the focus lands on "+".
    await page.keyboard.press("Space");
    await page.getByTestId("dots-left").getByText("1 of 3 dots left").waitFor({ timeout: LIVE });
    await page.keyboard.press("Space");
    await page.keyboard.press("Space");
    await page.getByTestId("dots-left").getByText("3 of 3 dots left").waitFor({ timeout: LIVE });
    await expect.poll(() => focusedName(page)).toBe("Add a dot to “Pairing remotely”");
    expect(await page.getByTestId("dots-left").textContent()).toBe("3 of 3 dots left");

    // A reload shows the server's state; the phone has no sideways scroll, axe is clean.
    await page.reload();
    await page.getByTestId("dots-left").getByText("3 of 3 dots left").waitFor({ timeout: LIVE });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await findA11yViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("keeps the board when a vote cannot reach the server (offline) and carries on once back online", async () => {
    const { event, board, bob, organiser } = await leanCoffee({ title: "Offline Lean Coffee" });
    proposeTopic(board.id, { id: organiser.id }, { title: "Trunk-based development" });
    setPhase(board.id, "vote", { id: organiser.id });
    const { page, problems } = await openAs(bob.id, `/events/${event.slug}/board`);
    await page.locator('[data-live-status="live"]').waitFor({ timeout: LIVE });
    const add = page.getByRole("button", { name: "Add a dot to “Trunk-based development”" });

    await page.context().setOffline(true);
    await add.click();
    // Before: the failed vote reloaded the route data, which failed too and replaced the
    // whole board with "Something went wrong" for good.
    await page.getByRole("alert").getByText("That vote did not reach the server. Please try again.").waitFor({ timeout: LIVE });
    expect(await page.getByRole("heading", { name: "Something went wrong" }).count()).toBe(0);
    expect(await page.getByTestId("dots-left").textContent()).toBe("3 of 3 dots left");

    await page.context().setOffline(false);
    await page.locator('[data-live-status="live"]').waitFor({ timeout: 10_000 });
    await add.click();
    await page.getByTestId("dots-left").getByText("2 of 3 dots left").waitFor({ timeout: LIVE });
    await page.reload();
    await page.getByTestId("dots-left").getByText("2 of 3 dots left").waitFor({ timeout: LIVE });
    expect(problems).toEqual([]);
  });

  it('gives every facilitator control its own name: one "Topic" field (proposing), the promote list says what it is for', async () => {
    const { event, board, organiser } = await leanCoffee({ title: "Names Lean Coffee" });
    proposeTopic(board.id, { id: organiser.id }, { title: "Observability budgets" });
    makeEvent({ format: "unconference", title: "Names Unconference", organiserIds: [organiser.id] });
    const { page, problems } = await openAs(organiser.id, `/events/${event.slug}/board`);
    await page.locator('[data-live-status="live"]').waitFor({ timeout: LIVE });
    expect(await page.getByLabel("Topic", { exact: true }).count()).toBe(1);
    expect(await page.getByRole("textbox", { name: "Topic", exact: true }).count()).toBe(1);
    await page.getByText("Promote a topic to an unconference session").click();
    await page.getByRole("combobox", { name: "Topic to propose as a session" }).waitFor();
    expect(await page.getByRole("combobox", { name: "Topic to propose as a session" }).count()).toBe(1);
    expect(await findA11yViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("fits the Roman vote's buttons on a 320 px phone and takes a keyboard vote", async () => {
    const { event, board, alice, organiser } = await leanCoffee({ title: "Narrow Lean Coffee" });
    const topic = proposeTopic(board.id, { id: alice.id }, { title: "Retro formats" });
    setPhase(board.id, "vote", { id: organiser.id });
    setPhase(board.id, "discuss", { id: organiser.id });
    startTopic(board.id, topic.id, { id: organiser.id });
    endTimebox(board.id, topic.id, { id: organiser.id });
    const { page, problems } = await openAs(alice.id, `/events/${event.slug}/board`, { viewport: { width: 320, height: 700 } });
    await page.locator('[data-live-status="live"]').waitFor({ timeout: LIVE });
    const buttons = page.getByRole("region", { name: /Roman vote/ }).getByRole("button");
    expect(await buttons.count()).toBe(3);
    // Each label stays inside its button (it overflowed "Continue" at 320–390 px before).
    const overflow = await buttons.evaluateAll((els) => els.map((b) => b.scrollWidth - b.clientWidth));
    expect(overflow).toEqual([0, 0, 0]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

    const keepGoing = page.getByRole("button", { name: /Continue/ });
    await keepGoing.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => keepGoing.getAttribute("aria-pressed"), { timeout: LIVE }).toBe("true");
    await expect.poll(() => page.getByTestId("roman-continue").textContent(), { timeout: LIVE }).toBe("1");
    expect(await findA11yViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("votes, takes a dot back and runs out of dots without JavaScript, by form post and redirect", async () => {
    const { event, board, bob, organiser } = await leanCoffee({ title: "No-script Lean Coffee" });
    proposeTopic(board.id, { id: organiser.id }, { title: "Docs as code" });
    setPhase(board.id, "vote", { id: organiser.id });
    const path = `/events/${event.slug}/board`;
    const { page } = await openAs(bob.id, path, { javaScriptEnabled: false });
    const add = page.getByRole("button", { name: "Add a dot to “Docs as code”" });
    for (const left of [2, 1, 0]) {
      await add.click();
      await page.waitForURL(server.url + path);
      await page.getByTestId("dots-left").getByText(`${left} of 3 dots left`).waitFor();
    }
    await page.getByTestId("dots-left").getByText("All your dots are placed: take one back to move it.").waitFor();
    expect(await add.isDisabled()).toBe(true);
    await page.getByRole("button", { name: "Take a dot back from “Docs as code”" }).click();
    await page.waitForURL(server.url + path);
    await page.getByTestId("dots-left").getByText("1 of 3 dots left").waitFor();
    expect(await page.getByText("Your dots: 2").count()).toBe(1);
  });

  it("shows the anonymous event page's new seat count at once after a cancellation; a signed-in visitor never gets a cached page", async () => {
    const { event, alice } = await leanCoffee({ title: "Cached Lean Coffee", capacity: 10 });
    const anonymous = await (await newBrowserContext()).newPage();
    const eventUrl = `${server.url}/events/${event.slug}`;
    await anonymous.goto(eventUrl);
    const second = await anonymous.goto(eventUrl);
    expect(second?.headers()["x-page-cache"]).toBe("hit");
    await anonymous.getByText("8 of 10 seats left").waitFor();

    const { page } = await openAs(alice.id, `/events/${event.slug}`);
    const signedIn = await page.goto(eventUrl);
    expect(signedIn?.headers()["x-page-cache"]).toBeUndefined();
    await page.goto(`${eventUrl}/register`);
    await page.getByText("Cancel my registration…").click();
    await page.getByRole("button", { name: "Yes, cancel my registration" }).click();
    // The page says so once the cancellation is saved (networkidle was already reached before the post began).
    await page.getByText("You cancelled your registration.").waitFor();

    const after = await anonymous.goto(eventUrl);
    expect(after?.headers()["x-page-cache"]).toBeUndefined();
    await anonymous.getByText("9 of 10 seats left").waitFor();
  });
});
