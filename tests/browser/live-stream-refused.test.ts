// Security review, 7 Dec 2026: a board page whose live stream is refused (the address holds
// as many streams as it may, 429) says it is offline and does not hammer the server: it
// asks again only after the server's Retry-After (30 s, up to half again at random), then
// is live. Here an address may hold one stream; the page's clock is Playwright's, so the
// waiting is exact, not slept.
process.env.LIVE_STREAMS_PER_ADDRESS = "1";

import { describe, expect, it } from "vitest";
import { openStreamCount } from "~/live/stream-slots.server";
import { newBrowserContext, signInContext, watchPage } from "../helpers/browser";
import { sessionCookieFor, startTestServer } from "../helpers/server";
import { leanCoffee } from "../board/helpers";
import { openStream, waitFor } from "../board/sse-client";

const server = await startTestServer();

describe("a board page whose live stream is refused", () => {
  it("says it is offline, asks again only after the wait, and is live once a stream is free", async () => {
    const { event, board, alice } = await leanCoffee();
    const holder = await openStream(`${server.url}/events/${event.slug}/boards/${board.id}/live`);
    expect(holder.response.status).toBe(200);

    const context = await newBrowserContext();
    await signInContext(context, server.url, await sessionCookieFor(alice.id));
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.clock.install();
    const asked: number[] = [];
    page.on("response", (r) => {
      if (new URL(r.url()).pathname.endsWith("/live")) asked.push(r.status());
    });
    await page.goto(`${server.url}/events/${event.slug}/board`);
    await page.getByText("Offline: reload to update").waitFor({ timeout: 5_000 });
    expect(asked).toEqual([429]);
    // Not before the server's Retry-After: the page's clock moves only when told to.
    await page.clock.runFor(29_000);
    expect(asked).toEqual([429]);

    holder.close();
    await waitFor(() => openStreamCount() === 0);
    await page.clock.runFor(16_100); // past 45 s, the longest first wait
    await page.locator('[data-live-status="live"]').waitFor({ timeout: 5_000 });
    expect(asked).toEqual([429, 200]);
    await page.getByText("Live", { exact: true }).waitFor({ timeout: 5_000 });
    expect(problems).toEqual([]);
  });
});
