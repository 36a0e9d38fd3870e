// A slot outside the event's times is allowed (an evening social) but never silent.
import { describe, expect, it } from "vitest";
import { saveSlot } from "~/schedule/rooms-slots.server";
import { asActor, makeUnconference } from "./helpers";

describe("slots outside the event's times", () => {
  it("are saved with a warning flag; slots inside are not flagged", async () => {
    const { event, organiser } = await makeUnconference({ attendees: 0 });
    const org = asActor(organiser);
    expect(saveSlot(event, org, { startsAt: "2030-06-04T14:00", endsAt: "2030-06-04T14:45", kind: "session" }).outsideEvent).toBe(false);
    expect(saveSlot(event, org, { startsAt: "2030-06-04T17:00", endsAt: "2030-06-04T18:00", kind: "session" }).outsideEvent).toBe(true);
    expect(saveSlot(event, org, { startsAt: "2031-03-28T10:00", endsAt: "2031-03-28T11:00", kind: "session" }).outsideEvent).toBe(true);
  });
});
