// The schedule's cached, viewer-independent parts (grid, warnings, .ics feeds) must show
// every write at once: the schedule's own, another module's (a renamed host), and one
// made through another connection (a script or a second server process).
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, openDatabase } from "#db/client";
import { scheduleSessions, users } from "#db/schema";
import { starSession, unstarSession } from "~/schedule/agenda.server";
import { scheduleCalendar } from "~/schedule/feeds.server";
import { loadScheduleGrid } from "~/schedule/grid.server";
import { computeWarnings, placeSession } from "~/schedule/placement.server";
import { asActor, makeUnconference, propose } from "./helpers";

const cardOf = (grid: ReturnType<typeof loadScheduleGrid>, id: number) => [...grid.placed, ...grid.unplaced].find((s) => s.id === id);

describe("cached schedule views", () => {
  it("show stars, placements and renamed hosts at once, for every viewer", async () => {
    const { event, organiser, attendees, rooms, slots } = await makeUnconference();
    const [ana, ben] = attendees;
    const session = propose(event, ana, "Cache me if you can", [ana.id], { organiser });
    const before = loadScheduleGrid(event, asActor(ben));
    expect(cardOf(before, session.id)).toMatchObject({ starCount: 0, roomId: null, hosts: "Attendee A" });
    expect(before.starredIds).toEqual([]);

    starSession(event, asActor(ben), session.id);
    const afterStar = loadScheduleGrid(event, asActor(ben));
    expect(cardOf(afterStar, session.id)?.starCount).toBe(1);
    expect(afterStar.starredIds).toEqual([session.id]);
    // The shared part is shared; the viewer's own part is not.
    expect(loadScheduleGrid(event, asActor(ana)).starredIds).toEqual([]);

    placeSession(event, asActor(organiser), { sessionId: session.id, roomId: rooms.big.id, slotId: slots.ten.id });
    const placed = loadScheduleGrid(event, asActor(ben));
    expect(placed.placed.map((s) => s.id)).toContain(session.id);
    expect(placed.unplaced.map((s) => s.id)).not.toContain(session.id);

    // Another module's write: the accounts part renames the host.
    getDb().update(users).set({ name: "Ana Renamed" }).where(eq(users.id, ana.id)).run();
    expect(cardOf(loadScheduleGrid(event, asActor(ben)), session.id)?.hosts).toBe("Ana Renamed");

    unstarSession(event, asActor(ben), session.id);
    expect(cardOf(loadScheduleGrid(event, asActor(ben)), session.id)?.starCount).toBe(0);
  });

  it("see writes made through another database connection", async () => {
    const { event, organiser, attendees, rooms, slots } = await makeUnconference();
    const session = propose(event, attendees[0], "Renamed elsewhere", [attendees[0].id], { organiser });
    placeSession(event, asActor(organiser), { sessionId: session.id, roomId: rooms.small.id, slotId: slots.eleven.id });
    expect(cardOf(loadScheduleGrid(event, null), session.id)?.title).toBe("Renamed elsewhere");
    expect(scheduleCalendar(event, "https://kx.example")).toContain("SUMMARY:Renamed elsewhere");

    const other = openDatabase(process.env.DATABASE_PATH!);
    try {
      other.update(scheduleSessions).set({ title: "Changed by another process" }).where(eq(scheduleSessions.id, session.id)).run();
    } finally {
      other.$client.close();
    }
    expect(cardOf(loadScheduleGrid(event, null), session.id)?.title).toBe("Changed by another process");
    expect(scheduleCalendar(event, "https://kx.example")).toContain("SUMMARY:Changed by another process");
  });

  it("counts the people behind each agenda clash (one per person and pair)", async () => {
    const { event, organiser, attendees, rooms, slots } = await makeUnconference({ attendees: 4 });
    const org = asActor(organiser);
    const a = propose(event, attendees[0], "Clash A", [attendees[0].id], { organiser });
    const b = propose(event, attendees[1], "Clash B", [attendees[1].id], { organiser });
    const c = propose(event, attendees[2], "Later C", [attendees[2].id], { organiser });
    placeSession(event, org, { sessionId: a.id, roomId: rooms.small.id, slotId: slots.ten.id });
    placeSession(event, org, { sessionId: b.id, roomId: rooms.big.id, slotId: slots.ten.id });
    placeSession(event, org, { sessionId: c.id, roomId: rooms.big.id, slotId: slots.eleven.id });
    for (const fan of attendees.slice(0, 3)) {
      starSession(event, asActor(fan), a.id);
      starSession(event, asActor(fan), b.id);
      starSession(event, asActor(fan), c.id);
    }
    starSession(event, asActor(attendees[3]), a.id);
    const clashes = computeWarnings(event).filter((w) => w.kind === "agenda-clash");
    expect(clashes).toHaveLength(1);
    expect(clashes[0].sessionIds.sort()).toEqual([a.id, b.id].sort());
    expect(clashes[0].message).toMatch(/^3 people have starred both/);

    starSession(event, asActor(attendees[3]), b.id);
    expect(computeWarnings(event).find((w) => w.kind === "agenda-clash")?.message).toMatch(/^4 people have starred both/);
  });
});
