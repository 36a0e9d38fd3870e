// A walk-in on a phone (390×844) opens the board's join link (the QR code's target), types
// a name, proposes a topic and votes on it, in real Chromium (issue 17.1). The join page
// passes axe.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { guests, topics, votes } from "#db/schema";
import { joinPath } from "~/guests/join-link";
import { findA11yViolations } from "../helpers/axe";
import { newBrowserContext, openSignedIn, watchPage } from "../helpers/browser";
import { sessionCookieFor, startTestServer } from "../helpers/server";
import { facilitate, guestEvent } from "../guests/helpers";

const server = await startTestServer();
const LIVE = 5_000;

describe("joining a board as a guest on a phone", () => {
  it("joins from the join link with a name, proposes a topic and votes on it", async () => {
    const { event, board, asOrganiser } = await guestEvent(server.url);
    const context = await newBrowserContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const problems = watchPage(page);

    await page.goto(server.url + joinPath(event.slug, event.joinKey, board.id));
    await page.getByRole("heading", { name: "Join as a guest" }).waitFor();
    expect(await findA11yViolations(page)).toEqual([]);
    await page.getByLabel("Name").fill("Wanda Walk-in");
    await page.getByRole("button", { name: "Join as a guest" }).click();
    await page.waitForURL(`**/events/${event.slug}/boards/${board.id}`);
    await page.locator('[data-live-status="live"]').waitFor({ timeout: LIVE });
    const [guest] = getDb().select().from(guests).where(eq(guests.eventId, event.id)).all();

    await page.getByLabel("Topic", { exact: true }).fill("Pairing with strangers");
    await page.getByRole("button", { name: "Add topic" }).click();
    await page.getByRole("heading", { name: "Pairing with strangers" }).waitFor({ timeout: LIVE });
    const topic = getDb().select().from(topics).where(eq(topics.boardId, board.id)).get()!;
    expect(topic).toMatchObject({ title: "Pairing with strangers", authorId: guest.userId });

    // The facilitator opens voting; the guest's budget appears live and a dot lands.
    await facilitate(asOrganiser, event, board.id, { intent: "phase", phase: "vote" });
    await page.getByTestId("dots-left").getByText("3 of 3 dots left").waitFor({ timeout: LIVE });
    await page.getByRole("button", { name: "Add a dot to “Pairing with strangers”" }).click();
    await page.getByTestId("dots-left").getByText("2 of 3 dots left").waitFor({ timeout: LIVE });
    await expect
      .poll(() =>
        getDb()
          .select()
          .from(votes)
          .where(eq(votes.topicId, topic.id))
          .all()
          .map((v) => v.userId),
      )
      .toEqual([guest.userId]);
    expect(await findA11yViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("shows organisers the join link and its QR code on the event page", async () => {
    const { event, organiser } = await guestEvent(server.url);
    const cookie = await sessionCookieFor(organiser.id);
    const onEvent = await openSignedIn(server.url, cookie, `/events/${event.slug}`, { viewport: { width: 390, height: 844 } });
    await onEvent.page.getByRole("img", { name: "QR code of the join link" }).waitFor();
    await onEvent.page.getByText(`${server.url}${joinPath(event.slug, event.joinKey)}`, { exact: true }).waitFor();
    await onEvent.page.getByRole("button", { name: "Copy join link" }).waitFor();
    expect(await findA11yViolations(onEvent.page)).toEqual([]);

    expect(onEvent.problems).toEqual([]);
  });
});
