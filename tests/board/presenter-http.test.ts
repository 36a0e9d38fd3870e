// The presenter view as the server sends it (issue 17.2): no site header or footer, the
// join QR code while people can still join (a facilitator's only: it carries the join key,
// ADR 028), and the facilitator's keys only in a
// facilitator's page: an attendee's or a signed-out visitor's page has no controls.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { events } from "#db/schema";
import { joinPath } from "~/guests/join-link";
import { setPhase } from "~/board/boards.server";
import { startTopic } from "~/board/discussion.server";
import { proposeTopic } from "~/board/topics.server";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { leanCoffee } from "./helpers";

const server = await startTestServer();

async function presenterHtml(userId: number | null, path: string) {
  const browser = userId === null ? client(server.url) : client(server.url, await sessionCookieFor(userId));
  const response = await browser.get(path);
  expect(response.status).toBe(200);
  return response.text();
}

const CONTROLS = ["Facilitator keys", "aria-keyshortcuts", "End the time-box", "Extend by"];

describe("the presenter page", () => {
  it("shows the join QR code and its link (with the join key) while collecting, to a facilitator only, without the site's header and footer", async () => {
    const { event, board, alice, organiser } = await leanCoffee();
    proposeTopic(board.id, { id: alice.id }, { title: "Release trains" });
    const path = `/events/${event.slug}/boards/${board.id}/present`;
    for (const viewer of [organiser.id, alice.id, null]) {
      const html = await presenterHtml(viewer, path);
      expect(html).toContain("Release trains");
      expect(html).not.toContain("<footer");
      expect(html).not.toMatch(/<header[\s>]/);
      expect(html).not.toContain("Log out");
      const key = getDb().select().from(events).where(eq(events.id, event.id)).get()!.joinKey!;
      if (viewer !== organiser.id) {
        // The key lets people in as guests (ADR 028): an attendee's or a visitor's projector has no code.
        expect(html).not.toContain("QR code to join");
        expect(html).not.toContain(key);
        continue;
      }
      const joinUrl = `${server.url}${joinPath(event.slug, key, board.id)}`;
      expect(html).toContain('role="img" aria-label="QR code to join “Lean Coffee”"');
      expect(html).toMatch(/<svg[^>]*viewBox/);
      expect(html).toContain(`>${joinUrl.replace(/&/g, "&amp;")}</figcaption>`);
    }
  });

  it("gives a facilitator the keys; an attendee and a signed-out visitor get none", async () => {
    const { event, board, alice, organiser } = await leanCoffee();
    const topic = proposeTopic(board.id, { id: alice.id }, { title: "Incident reviews" });
    proposeTopic(board.id, { id: alice.id }, { title: "Tech radar" });
    setPhase(board.id, "discuss", { id: organiser.id });
    startTopic(board.id, topic.id, { id: organiser.id });
    const path = `/events/${event.slug}/boards/${board.id}/present`;

    const facilitator = await presenterHtml(organiser.id, path);
    for (const control of CONTROLS) expect(facilitator).toContain(control);
    expect(facilitator).toContain("Next topic: “Tech radar”");
    for (const viewer of [alice.id, null]) {
      const html = await presenterHtml(viewer, path);
      expect(html).toContain("Incident reviews");
      for (const control of CONTROLS) expect(html).not.toContain(control);
      expect(html).not.toContain("Next topic");
    }
    // No join code once the discussion runs.
    expect(facilitator).not.toContain("QR code to join");
  });
});
