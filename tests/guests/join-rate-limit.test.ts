// The join page's rate limit at its production value (this file runs in its own process
// and sets the real multiplier before the server starts; the server trusts
// X-Forwarded-For, as behind a proxy, so each test picks its own client address).
process.env.KX_RATE_LIMIT_MULTIPLIER = "1";
process.env.TRUST_PROXY = "1";

import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { guests } from "#db/schema";
import { joinPath } from "~/guests/join-link";
import { LIMITS } from "~/utils/rate-limit.server";
import { client, startTestServer } from "../helpers/server";
import { guestEvent } from "./helpers";

const server = await startTestServer();
const guestCount = (eventId: number) => getDb().select({ n: count() }).from(guests).where(eq(guests.eventId, eventId)).get()!.n;

describe("joining as a guest is rate-limited per address", () => {
  it("lets a room behind one address join, then answers 429 with Retry-After and writes no more guests", async () => {
    const { event } = await guestEvent(server.url);
    const join = (ip: string, name: string) =>
      client(server.url).post(joinPath(event.slug, event.joinKey), { name }, { headers: { "X-Forwarded-For": ip } });
    const limit = LIMITS.guestJoinPerIp.limit;
    const answers = await Promise.all(Array.from({ length: limit }, (_, i) => join("198.51.100.7", `Guest ${i}`)));
    expect(answers.map((a) => a.status)).toEqual(Array(limit).fill(302));
    expect(guestCount(event.id)).toBe(limit);

    const blocked = await join("198.51.100.7", "One too many");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await blocked.text()).toContain("Too many attempts");
    expect(blocked.headers.get("set-cookie")).toBeNull();
    expect(guestCount(event.id)).toBe(limit);

    // Another address has its own budget.
    expect((await join("198.51.100.8", "Next door")).status).toBe(302);
    expect(guestCount(event.id)).toBe(limit + 1);
  });
});
