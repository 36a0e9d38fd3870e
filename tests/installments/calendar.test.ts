// The event in calendars (issue 14.3): /events/:slug/event.ics read back with ical.js —
// the event's zone with its VTIMEZONE, a UID that survives every edit, SEQUENCE raised by
// edits a calendar shows (time, place, title, status) and only by those, STATUS:CANCELLED
// once cancelled; and a cancelled event cancels its sessions in schedule.ics. Edits go
// through the real edit form.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { events } from "#db/schema";
import { getEnv } from "~/utils/env.server";
import { makeUser } from "../helpers/factories";
import { rawRequest } from "../security/raw-http";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { parseCalendar } from "../helpers/calendar";
import { addDays, addRoomsAndSlots, dayFromNow, editForm, makeDayEvent, placedSession } from "./helpers";

const server = await startTestServer();
const anonymous = client(server.url);
const eventById = (id: number) => getDb().select().from(events).where(eq(events.id, id)).get()!;

async function calendarOf(slug: string) {
  const response = await anonymous.get(`/events/${slug}/event.ics`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/calendar/);
  return parseCalendar(await response.text());
}

async function edit(organiser: { id: number }, eventId: number, overrides: Record<string, string>) {
  const me = client(server.url, await sessionCookieFor(organiser.id));
  const event = eventById(eventId);
  const response = await me.post(`/events/${event.slug}/edit`, editForm(event, overrides));
  expect(response.status).toBe(302);
  return eventById(eventId);
}

describe("event.ics", () => {
  it("is one VEVENT in the event's zone with a VTIMEZONE, linked from the event page", async () => {
    const { event } = await makeDayEvent({
      day: dayFromNow(20),
      timeZone: "America/New_York",
      overrides: { title: "NYC exchange", venue: "Pier 57" },
    });
    const { events: vevents, timezones } = await calendarOf(event.slug);
    expect(timezones).toEqual(["America/New_York"]);
    expect(vevents).toHaveLength(1);
    const [entry] = vevents;
    expect(entry.uid).toBe(`kx-event-${event.id}@knowledge-exchange`);
    expect(entry.zone).toBe("America/New_York");
    expect(entry.start.getTime()).toBe(event.startsAt.getTime());
    expect(entry.end.getTime()).toBe(event.endsAt.getTime());
    expect(entry.summary).toBe("NYC exchange");
    expect(entry.status).toBe("CONFIRMED");
    expect(entry.sequence).toBe(0);

    const page = await (await anonymous.get(`/events/${event.slug}`)).text();
    expect(page).toContain(`href="/events/${event.slug}/event.ics"`);
    expect(page).toContain("Add to calendar (.ics)");
  });

  it("keeps its UID across edits; SEQUENCE grows with time, place, title and status, not with the summary", async () => {
    const { event, organiser } = await makeDayEvent({ day: dayFromNow(25) });
    const uid = (await calendarOf(event.slug)).events[0].uid;
    const sequence = async () => {
      const [entry] = (await calendarOf(eventById(event.id).slug)).events;
      expect(entry.uid).toBe(uid);
      return entry.sequence;
    };
    expect(await sequence()).toBe(0);

    await edit(organiser, event.id, { summary: "A new summary", description: "More words." });
    expect(await sequence()).toBe(0);
    expect(eventById(event.id).sequence).toBe(0);

    await edit(organiser, event.id, { title: "Renamed exchange" });
    expect(await sequence()).toBe(1);
    const moved = await edit(organiser, event.id, { startsAt: `${dayFromNow(26)}T10:00`, endsAt: `${dayFromNow(26)}T18:00` });
    expect(await sequence()).toBe(2);
    const [entry] = (await calendarOf(moved.slug)).events;
    expect(entry.start.getTime()).toBe(moved.startsAt.getTime());
    expect(entry.zone).toBe("Europe/Berlin");
    await edit(organiser, event.id, { venue: "Somewhere else" });
    expect(await sequence()).toBe(3);
    expect(eventById(event.id).sequence).toBe(3);
  });

  it("says STATUS:CANCELLED once the event is cancelled, with a higher SEQUENCE", async () => {
    const { event, organiser } = await makeDayEvent({ day: dayFromNow(30) });
    const before = (await calendarOf(event.slug)).events[0];
    await edit(organiser, event.id, { status: "cancelled" });
    const after = (await calendarOf(event.slug)).events[0];
    expect(after.uid).toBe(before.uid);
    expect(after.status).toBe("CANCELLED");
    expect(after.sequence).toBeGreaterThan(before.sequence);
  });

  it("links the event on this server, never on a forged Host (the file is publicly cached)", async () => {
    const { event } = await makeDayEvent({ day: dayFromNow(30), overrides: { summary: "Linked back" } });
    const forged = await rawRequest(server.url, `/events/${event.slug}/event.ics`, {
      Host: "evil.example",
      "X-Forwarded-Host": "evil.example",
    });
    expect(forged.status).toBe(200);
    expect(forged.headers["cache-control"]).toContain("public");
    const unfolded = forged.body.replace(/\r\n[ \t]/g, "");
    expect(unfolded).not.toContain("evil.example");
    expect(unfolded).toContain(`URL;VALUE=URI:http://localhost:${getEnv().PORT}/events/${event.slug}`);
  });

  it("does not exist for drafts or unknown events", async () => {
    const { event } = await makeDayEvent({ day: dayFromNow(30), overrides: { status: "draft" } });
    expect((await anonymous.get(`/events/${event.slug}/event.ics`)).status).toBe(404);
    const organiser = client(server.url, await sessionCookieFor((await makeUser()).id));
    expect((await organiser.get(`/events/no-such-event/event.ics`)).status).toBe(404);
  });
});

describe("schedule.ics of a cancelled event", () => {
  it("cancels every session, with SEQUENCE raised so calendars take it", async () => {
    const { event, organiser } = await makeDayEvent({ day: addDays(dayFromNow(40), 0) });
    const { rooms, slots } = addRoomsAndSlots(event, organiser);
    const session = await placedSession(event, organiser, rooms.hall.id, slots.ten.id);
    const url = `/events/${event.slug}/schedule.ics`;
    const before = parseCalendar(await (await anonymous.get(url)).text()).events;
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ uid: `kx-event-${event.id}-session-${session.id}@knowledge-exchange`, status: "CONFIRMED" });

    await edit(organiser, event.id, { status: "cancelled" });
    const after = parseCalendar(await (await anonymous.get(url)).text()).events;
    expect(after).toHaveLength(1);
    expect(after[0].uid).toBe(before[0].uid);
    expect(after[0].status).toBe("CANCELLED");
    expect(after[0].summary).toBe("Cancelled: Paved roads");
    expect(after[0].sequence).toBeGreaterThan(before[0].sequence);
  });
});
