// The outbox shows its times like every other page (new-user review, finding 16): in the
// event's time zone, named; mail about no event (sign-up, password reset) in UTC, named,
// as the admin's audit log does. Before, every time read "… UTC".
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { queueEmail } from "~/outbox/outbox.server";
import { makeEvent, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { makeAdmin } from "../adversarial/world";

const server = await startTestServer();
const MINUTE = 60_000;
// React separates neighbouring text with <!-- -->; the reader sees one run of text.
const pageText = async (res: Response) => (await res.text()).replaceAll("<!-- -->", "");
const wallClock = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit" }).format(at);

describe("outbox times", () => {
  it("are in the event's zone, named; mail about no event is in UTC, named", async () => {
    const organiser = await makeUser({ name: "Tomás Timekeeper" });
    const event = makeEvent({ organiserIds: [organiser.id], title: "Zoned outbox", timeZone: "America/New_York" });
    const queuedAt = new Date(Math.floor((Date.now() - 90 * MINUTE) / MINUTE) * MINUTE);
    queueEmail(
      getDb(),
      { kind: "test.zoned", toEmail: "zoe@zoned.example", subject: "About the zoned exchange", textBody: "Hello", eventId: event.id },
      queuedAt,
    );

    const html = await pageText(await client(server.url, await sessionCookieFor(organiser.id)).get(`/outbox?event=${event.slug}`));
    const item = html.slice(html.indexOf("About the zoned exchange"));
    const queued = /Queued ([^<]*)/.exec(item)![1];
    expect(queued).toContain(wallClock(queuedAt, "America/New_York"));
    expect(queued).toContain("(America/New_York)");
    expect(queued).not.toContain(wallClock(queuedAt, "UTC"));
    expect(queued).not.toContain("UTC");

    const admin = await makeAdmin(server.url);
    queueEmail(
      getDb(),
      { kind: "test.unzoned", toEmail: "una@unzoned.example", subject: "About no exchange", textBody: "Hello" },
      queuedAt,
    );
    const all = await pageText(await client(server.url, await sessionCookieFor(admin.id)).get("/outbox"));
    const unzoned = /Queued ([^<]*)/.exec(all.slice(all.indexOf("About no exchange")))![1];
    expect(unzoned).toContain(wallClock(queuedAt, "UTC"));
    expect(unzoned).toContain("(UTC)");
  });
});
