// The organiser's join card says why guests cannot join yet (new-user review, 7 Dec 2026,
// finding 5): a draft with "Guests may join" ticked said "Guests are off … turn guests on",
// although the box was ticked. Each reason has its own sentence; through the real pages.
import { describe, expect, it } from "vitest";
import { startTestServer } from "../helpers/server";
import { editForm } from "../installments/helpers";
import { guestEvent } from "./helpers";

const server = await startTestServer();
const OPEN = "People who open it join with their account, or as a guest with a name only.";
const OFF = "Guests are off: people who open it log in to take part.";
const DRAFT = "Guests can join with a name once you publish the event; until then people who open it log in to take part.";

async function joinCardText(options: { guests: boolean; status?: "draft" | "published" }) {
  const { event, asOrganiser } = await guestEvent(server.url, { guests: options.guests });
  if (options.status === "draft") {
    const saved = await asOrganiser.post(`/events/${event.slug}/edit`, editForm(event, { status: "draft" }));
    expect(saved.status).toBe(302);
  }
  const page = await asOrganiser.get(`/events/${event.slug}`);
  expect(page.status).toBe(200);
  return (await page.text()).replaceAll("&#x27;", "'");
}

describe("the join card's sentence on guests", () => {
  it("says guests join with a name when they can", async () => {
    const html = await joinCardText({ guests: true });
    expect(html).toContain(OPEN);
    expect(html).not.toContain(OFF);
  });

  it("says guests are off, with the way to turn them on, when the setting is off", async () => {
    const html = await joinCardText({ guests: false });
    expect(html).toContain(OFF);
    expect(html).toContain("turn guests on in the event’s settings");
    expect(html).not.toContain(DRAFT);
  });

  it("says guests can join once the event is published when a draft has the setting on", async () => {
    const html = await joinCardText({ guests: true, status: "draft" });
    expect(html).toContain(DRAFT);
    expect(html).not.toContain(OFF);
    expect(html).not.toContain(OPEN);
  });
});
