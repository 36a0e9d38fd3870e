// Security review, 7 Dec 2026: the private agenda calendar links (issue 17.6). Each link is
// one person's: it shows only that person's starred sessions, and one person's "new link"
// or "stop the link" never touches another person's link.
import { describe, expect, it } from "vitest";
import { placeSession } from "~/schedule/placement.server";
import { parseCalendar } from "../helpers/calendar";
import { client, sessionCookieFor, startTestServer, type TestClient } from "../helpers/server";
import { asActor, makeUnconference, propose } from "../schedule/helpers";

const server = await startTestServer();
const signedIn = async (userId: number) => client(server.url, await sessionCookieFor(userId));

async function newFeed(browser: TestClient, slug: string, replace = false) {
  const answer = await browser.post(
    `/events/${slug}/agenda`,
    replace ? { intent: "create-feed", confirmReplace: "yes" } : { intent: "create-feed" },
  );
  expect(answer.status).toBe(200);
  const url = new URL(/value="(http[^"]+agenda\.ics\?token=[^"]+)"/.exec(await answer.text())![1]);
  return url.pathname + url.search;
}

async function feedTitles(path: string) {
  const answer = await client(server.url).get(path);
  expect(answer.status).toBe(200);
  return parseCalendar(await answer.text())
    .events.map((e) => e.summary)
    .sort();
}

describe("private agenda links are per person", () => {
  it("show only their own person's stars; another person's new or stopped link leaves them working", async () => {
    const { event, organiser, attendees, rooms, slots } = await makeUnconference();
    const [ana, ben] = attendees;
    const mine = propose(event, ana, "Ana's pick", [ana.id], { organiser });
    const theirs = propose(event, ben, "Ben's pick", [ben.id], { organiser });
    placeSession(event, asActor(organiser), { sessionId: mine.id, roomId: rooms.big.id, slotId: slots.ten.id });
    placeSession(event, asActor(organiser), { sessionId: theirs.id, roomId: rooms.big.id, slotId: slots.eleven.id });
    const asAna = await signedIn(ana.id);
    const asBen = await signedIn(ben.id);
    expect((await asAna.post(`/events/${event.slug}/agenda`, { intent: "star", sessionId: String(mine.id) })).status).toBe(303);
    expect((await asBen.post(`/events/${event.slug}/agenda`, { intent: "star", sessionId: String(theirs.id) })).status).toBe(303);

    const anaFeed = await newFeed(asAna, event.slug);
    const benFeed = await newFeed(asBen, event.slug);
    expect(await feedTitles(anaFeed)).toEqual(["Ana's pick"]);
    expect(await feedTitles(benFeed)).toEqual(["Ben's pick"]);

    // Ben replaces his link, then stops it: Ana's keeps working, with her stars only.
    const benSecond = await newFeed(asBen, event.slug, true);
    expect((await client(server.url).get(benFeed)).status).toBe(410);
    expect(await feedTitles(anaFeed)).toEqual(["Ana's pick"]);
    expect((await asBen.post(`/events/${event.slug}/agenda`, { intent: "revoke-feed" })).status).toBe(303);
    expect((await client(server.url).get(benSecond)).status).toBe(410);
    expect(await feedTitles(anaFeed)).toEqual(["Ana's pick"]);
  });
});
