// An organiser's decision on the session page in real Chromium: without JavaScript the post
// is answered with a redirect, so a reload is a plain GET (no "resend data?") and shows the
// state, not the message again; with JavaScript the form still gets its message as data.
import type { Request } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openSignedIn, reloadAfterPost } from "../helpers/browser";
import { sessionCookieFor, startTestServer } from "../helpers/server";
import { makeUnconference, propose } from "../schedule/helpers";
import { loadSession } from "~/schedule/sessions.server";

const server = await startTestServer();

describe("session page decisions in Chromium", () => {
  it("without JavaScript: accept redirects back; a reload sends no POST and shows Accepted once", async () => {
    const { event, organiser, attendees } = await makeUnconference();
    const session = propose(event, attendees[1], "Decided without scripts");
    const path = `/events/${event.slug}/sessions/${session.id}`;
    const { page, problems } = await openSignedIn(server.url, await sessionCookieFor(organiser.id), path, { javaScriptEnabled: false });
    page.setDefaultTimeout(10_000);

    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Accept" }).click()]);
    expect(page.url()).toBe(`${server.url}${path}`);
    await expect(page.getByRole("status").filter({ hasText: "The session is now accepted." }).isVisible()).resolves.toBe(true);
    expect(loadSession(event.id, session.id).status).toBe("accepted");

    expect(await reloadAfterPost(page)).toEqual({ status: 200, method: "GET", others: [] });
    expect(await page.getByText("The session is now accepted.").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Accept" }).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it("with JavaScript: decline asks first (issue 17.5), then shows the outcome on the page", async () => {
    const { event, organiser, attendees } = await makeUnconference();
    const session = propose(event, attendees[1], "Decided with scripts");
    const path = `/events/${event.slug}/sessions/${session.id}`;
    const { page, problems } = await openSignedIn(server.url, await sessionCookieFor(organiser.id), path);
    page.setDefaultTimeout(10_000);
    await page.locator('input[name="_js"]').first().waitFor({ state: "attached" });

    const posts: Request[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") posts.push(request);
    });
    await page.getByRole("link", { name: "Decline" }).click();
    const step = page.getByRole("region", { name: "Decline “Decided with scripts”?" });
    await step.getByText("Nobody has starred “Decided with scripts”.").waitFor();
    expect(posts).toHaveLength(0);
    expect(loadSession(event.id, session.id).status).toBe("proposed");
    await step.getByRole("button", { name: "Decline “Decided with scripts”" }).click();
    await page.getByRole("status").filter({ hasText: "The session is now declined." }).waitFor();
    expect(loadSession(event.id, session.id).status).toBe("declined");
    expect(posts).toHaveLength(1);
    expect(posts[0].postData()).toContain("confirm=yes");
    expect(problems).toEqual([]);
  });
});
