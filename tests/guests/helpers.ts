// Guests for tests (issue 17.1): an event whose organiser turned guests on through the
// edit form, and a client that joined it through the real join page.
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { getDb } from "#db/client";
import { boards, events, topics, type Event } from "#db/schema";
import { makeEvent, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, type TestClient } from "../helpers/server";
import { editForm } from "../installments/helpers";

const HOUR = 3_600_000;

/** A Lean Coffee running now (started an hour ago) with a board; guests on unless `guests: false`. */
export async function guestEvent(baseUrl: string, options: { guests?: boolean; partnersOnly?: boolean } = {}) {
  const organiser = await makeUser({ name: "Fay Facilitator" });
  const created = makeEvent({
    format: "lean_coffee",
    organiserIds: [organiser.id],
    startsAt: new Date(Date.now() - HOUR),
    endsAt: new Date(Date.now() + 3 * HOUR),
  });
  const asOrganiser = client(baseUrl, await sessionCookieFor(organiser.id));
  // Everything the organiser does goes through the pages, as in the room.
  expect((await asOrganiser.post(`/events/${created.slug}/board`, { intent: "create-board", title: "Lean Coffee" })).status).toBe(302);
  const board = getDb().select().from(boards).where(eq(boards.eventId, created.id)).get()!;
  const settings: Record<string, string> = {};
  if (options.guests !== false) settings.guestsMayJoin = "on";
  if (options.partnersOnly) settings.partnersOnly = "on";
  if (Object.keys(settings).length) {
    const saved = await asOrganiser.post(`/events/${created.slug}/edit`, editForm(created, settings));
    expect(saved.status).toBe(302);
  }
  const event = getDb().select().from(events).where(eq(events.id, created.id)).get()!;
  return { organiser, asOrganiser, event, board };
}

/** The facilitator's step on the board (phase, settings, start, finish…) through the board's form. */
export async function facilitate(asOrganiser: TestClient, event: Event, boardId: number, fields: Record<string, string>) {
  const answer = await asOrganiser.post(`/events/${event.slug}/boards/${boardId}`, fields);
  expect(answer.status).toBe(302);
}

/** Board settings as the facilitator's form sends them, with `over`. */
export const settingsForm = (over: Record<string, string> = {}) => ({
  intent: "settings",
  title: "Lean Coffee",
  votesPerPerson: "3",
  allowStacking: "on",
  timeboxMinutes: "8",
  extensionMinutes: "4",
  takeawaysBy: "facilitator",
  ...over,
});

/** A browser without an account that joined `event` as `name` through the join page. */
export async function joinedGuest(baseUrl: string, event: Event, name: string, boardId?: number) {
  const guest = client(baseUrl);
  const path = `/events/${event.slug}/join${boardId === undefined ? "" : `?board=${boardId}`}`;
  const joined = await guest.post(path, { name });
  expect(joined.status).toBe(302);
  expect(guest.cookie).toContain("kx_guest=");
  return guest;
}

/**
 * A guest's topic through to its takeaways, as in the room: the guest proposes `title`, the
 * facilitator lets anyone record takeaways and discusses it, the guest records `takeaways`
 * (public). Returns the topic as it is then (its official note is the takeaways).
 */
export async function guestTakeaways(
  { asOrganiser, event, board }: { asOrganiser: TestClient; event: Event; board: { id: number } },
  guest: TestClient,
  title: string,
  takeaways: string,
) {
  const boardPath = `/events/${event.slug}/boards/${board.id}`;
  expect((await guest.post(boardPath, { intent: "propose", title })).status).toBe(302);
  const topic = getDb().select().from(topics).where(eq(topics.boardId, board.id)).get()!;
  const step = (fields: Record<string, string>) => facilitate(asOrganiser, event, board.id, fields);
  await step(settingsForm({ takeawaysBy: "anyone" }));
  await step({ intent: "phase", phase: "discuss" });
  await step({ intent: "start", topicId: String(topic.id) });
  await step({ intent: "finish", topicId: String(topic.id), takeaways: "", visibility: "public" });
  const took = await guest.post(boardPath, { intent: "takeaways", topicId: String(topic.id), takeaways, visibility: "public" });
  expect(took.status).toBe(302);
  return getDb().select().from(topics).where(eq(topics.id, topic.id)).get()!;
}
