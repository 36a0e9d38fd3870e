// The agenda's private calendar link on a phone (issue 17.6), through the real server:
// the new link comes with a `webcal:` subscribe link; replacing a working link needs a
// confirmation (the old link stops working), refused with a field message and nothing
// written without it.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { agendaFeedTokens } from "#db/schema";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { makeUnconference } from "./helpers";

const server = await startTestServer();
const signedIn = async (userId: number) => client(server.url, await sessionCookieFor(userId));
const tokensOf = (userId: number) => getDb().select().from(agendaFeedTokens).where(eq(agendaFeedTokens.userId, userId)).all();
const feedPathIn = (html: string) => {
  const url = new URL(/value="(http[^"]+agenda\.ics\?token=[^"]+)"/.exec(html)![1]);
  return url.pathname + url.search;
};

describe("the private calendar link", () => {
  it("comes with a webcal: subscribe link for the same address", async () => {
    const { event, attendees } = await makeUnconference();
    const me = await signedIn(attendees[0].id);
    const created = await me.post(`/events/${event.slug}/agenda`, { intent: "create-feed" });
    expect(created.status).toBe(200);
    const html = await created.text();
    const path = feedPathIn(html);
    const host = new URL(server.url).host;
    expect(html).toContain(`href="webcal://${host}${path}"`);
    expect(html).toContain("Subscribe in your calendar app");
    // The first-time button is gone once a link exists; replacing it is behind the disclosure.
    expect(html).not.toContain("Create private link");
    expect(html).toContain("Lost the link or shared it by mistake?");
  });

  it("replacing a working link needs the confirmation: without it 400 with a field message, the old link kept", async () => {
    const { event, attendees } = await makeUnconference();
    const me = await signedIn(attendees[0].id);
    const url = `/events/${event.slug}/agenda`;
    const oldPath = feedPathIn(await (await me.post(url, { intent: "create-feed" })).text());
    const before = tokensOf(attendees[0].id);

    const refused = await me.post(url, { intent: "create-feed" });
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain("Tick “Yes, my old link stops working” to replace your link.");
    expect(refusedHtml).toMatch(/<details[^>]*open/);
    expect(tokensOf(attendees[0].id)).toEqual(before);
    expect((await client(server.url).get(oldPath)).status).toBe(200);

    const replaced = await me.post(url, { intent: "create-feed", confirmReplace: "yes" });
    expect(replaced.status).toBe(200);
    const newPath = feedPathIn(await replaced.text());
    expect(newPath).not.toBe(oldPath);
    expect(tokensOf(attendees[0].id).filter((t) => !t.revokedAt)).toHaveLength(1);
    expect((await client(server.url).get(oldPath)).status).toBe(410);
    expect((await client(server.url).get(newPath)).status).toBe(200);
  });
});
