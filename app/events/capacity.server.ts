// The capacity rule when an organiser edits the seat count. Runs inside the event
// update's write transaction. The registration module owns the waiting list; this
// seam is where raising capacity promotes from it.
import { confirmedCount } from "~/events/events.server";
import { invalid } from "~/utils/errors.server";

export function applyCapacityChange(eventId: number, _from: number, to: number) {
  const confirmed = confirmedCount(eventId);
  if (to < confirmed) {
    throw invalid("Capacity is below the confirmed count.", {
      capacity: [`${confirmed} people are already confirmed; capacity cannot go below that.`],
    });
  }
}
