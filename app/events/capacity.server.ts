// The capacity rule when an organiser edits the seat count. Runs inside the event
// update's write transaction (updateEvent → BEGIN IMMEDIATE): lowering below the
// confirmed count is refused; raising it promotes from the waiting list at once, in
// the same transaction, with an e-mail to each promoted person.
import { eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { events } from "#db/schema";
import { countConfirmed } from "~/registration/attendance.server";
import { promoteFromWaitlist } from "~/registration/registrations.server";
import { invalid } from "~/utils/errors.server";

export function applyCapacityChange(eventId: number, from: number, to: number) {
  const db = getDb();
  const confirmed = countConfirmed(eventId, db);
  if (to < confirmed) {
    throw invalid("Capacity is below the confirmed count.", {
      capacity: [
        `${confirmed} ${confirmed === 1 ? "person is" : "people are"} already confirmed; capacity cannot go below that. Decline or move people to the waiting list first.`,
      ],
    });
  }
  if (to > from) {
    const event = db.select().from(events).where(eq(events.id, eventId)).get();
    if (event) return promoteFromWaitlist(db, event, { capacity: to });
  }
  return [];
}
