// A Lean Coffee set-up for board tests: an event with an organiser (facilitator), two
// confirmed attendees, an outsider and a board.
import { getDb } from "#db/client";
import { registrations, type Event } from "#db/schema";
import { createBoard, setPhase, type updateBoardSettings } from "~/board/boards.server";
import { startTopic } from "~/board/discussion.server";
import { makeEvent, makeUser } from "../helpers/factories";

export function confirm(userId: number, eventId: number, status: "confirmed" | "waitlisted" | "cancelled" = "confirmed") {
  getDb().insert(registrations).values({ eventId, userId, status, consentVersion: "test", consentAt: new Date() }).run();
}

export async function leanCoffee(overrides: Partial<Parameters<typeof makeEvent>[0]> = {}) {
  const organiser = await makeUser({ name: "Fay Facilitator" });
  const alice = await makeUser({ name: "Alice Attendee" });
  const bob = await makeUser({ name: "Bob Attendee" });
  const outsider = await makeUser({ name: "Olga Outsider" });
  const event: Event = makeEvent({ format: "lean_coffee", organiserIds: [organiser.id], ...overrides });
  confirm(alice.id, event.id);
  confirm(bob.id, event.id);
  const board = createBoard(event.id, { id: organiser.id });
  return { organiser, alice, bob, outsider, event, board };
}

/** Board settings as the facilitator's form sends them: the defaults of the spec, with `over`. */
export const boardSettings = (over: Partial<Parameters<typeof updateBoardSettings>[1]> = {}) => ({
  title: "Lean Coffee",
  votesPerPerson: 3,
  allowStacking: true,
  hideTallies: false,
  timeboxMinutes: 8,
  extensionMinutes: 4,
  takeawaysBy: "facilitator" as const,
  ...over,
});

/** The facilitator's way into a discussion: voting, then discussing, then `topicId`'s time-box running. */
export function discussNow(boardId: number, topicId: number, facilitator: { id: number }) {
  setPhase(boardId, "vote", facilitator);
  setPhase(boardId, "discuss", facilitator);
  startTopic(boardId, topicId, facilitator);
}
