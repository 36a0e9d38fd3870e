// Starring without JavaScript in real Chromium: the post is answered with a redirect, so
// reloading the page afterwards is a plain GET (no "resend data?") and the star stays.
import { describe, expect, it } from "vitest";
import { openSignedIn, reloadAfterPost } from "../helpers/browser";
import { sessionCookieFor, startTestServer } from "../helpers/server";
import { makeUnconference, propose } from "../schedule/helpers";
import { getDb } from "#db/client";
import { stars } from "#db/schema";

const server = await startTestServer();

describe("schedule stars without JavaScript in Chromium", () => {
  it("starring redirects back to the card; a reload sends no POST and still shows the star", async () => {
    const { event, organiser, attendees } = await makeUnconference();
    const session = propose(event, attendees[1], "Starred without scripts", [attendees[1].id], { organiser });
    const path = `/events/${event.slug}/schedule`;
    const { page, problems } = await openSignedIn(server.url, await sessionCookieFor(attendees[0].id), path, { javaScriptEnabled: false });
    page.setDefaultTimeout(10_000);

    const star = page.getByRole("button", { name: "Star “Starred without scripts”, 0 stars" });
    await Promise.all([page.waitForEvent("load"), star.click()]);
    expect(page.url()).toBe(`${server.url}${path}#session-${session.id}`);
    await expect(page.getByRole("status").filter({ hasText: "Starred: the session is in your agenda." }).isVisible()).resolves.toBe(true);
    const unstar = page.getByRole("button", { name: "Unstar “Starred without scripts”, 1 star" });
    expect(await unstar.getAttribute("aria-pressed")).toBe("true");

    expect(await reloadAfterPost(page)).toEqual({ status: 200, method: "GET", others: [] });
    expect(await unstar.getAttribute("aria-pressed")).toBe("true");
    // The message was for the post; the reload shows the state, once.
    expect(await page.getByText("Starred: the session is in your agenda.").count()).toBe(0);
    expect(
      getDb()
        .select()
        .from(stars)
        .all()
        .filter((s) => s.sessionId === session.id),
    ).toHaveLength(1);
    expect(problems).toEqual([]);
  });
});
