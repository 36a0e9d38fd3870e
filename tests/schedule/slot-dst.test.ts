// A slot typed inside the spring-forward gap (a wall-clock time that never happens in the
// event's zone) is refused on its field instead of being moved an hour; nothing is written.
import { describe, expect, it } from "vitest";
import { DomainError } from "~/utils/errors.server";
import { listSlots, saveSlot } from "~/schedule/rooms-slots.server";
import { asActor, makeUnconference } from "./helpers";

describe("slots and daylight saving time", () => {
  it("refuses a start or end that does not exist in the event's zone, and keeps the autumn's repeated hour", async () => {
    const { event, organiser } = await makeUnconference({ attendees: 0 });
    const org = asActor(organiser);
    const before = listSlots(event.id).length;
    for (const [startsAt, endsAt, field] of [
      ["2031-03-30T02:15", "2031-03-30T03:30", "startsAt"],
      ["2031-03-30T01:00", "2031-03-30T02:30", "endsAt"],
    ] as const) {
      let error: unknown;
      try {
        saveSlot(event, org, { startsAt, endsAt, kind: "session" });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).status).toBe(400);
      expect((error as DomainError).fieldErrors[field]?.[0]).toMatch(/does not exist in Europe\/Berlin/);
    }
    expect(listSlots(event.id)).toHaveLength(before);
    // 26 October 2031, 02:30 happens twice in Berlin: a real time, accepted.
    expect(saveSlot(event, org, { startsAt: "2031-10-26T02:30", endsAt: "2031-10-26T03:30", kind: "session" }).slot.id).toBeGreaterThan(0);
  });
});
