// A slot outside the event's times is allowed (an evening social) but never silent;
// two rooms of one name are refused.
import { describe, expect, it } from "vitest";
import { DomainError } from "~/utils/errors.server";
import { listRooms, saveRoom, saveSlot } from "~/schedule/rooms-slots.server";
import { asActor, DAY, makeUnconference, YEAR } from "./helpers";

describe("slots outside the event's times", () => {
  it("are saved with a warning flag; slots inside are not flagged", async () => {
    const { event, organiser } = await makeUnconference({ attendees: 0 });
    const org = asActor(organiser);
    expect(saveSlot(event, org, { startsAt: `${DAY}T14:00`, endsAt: `${DAY}T14:45`, kind: "session" }).outsideEvent).toBe(false);
    expect(saveSlot(event, org, { startsAt: `${DAY}T17:00`, endsAt: `${DAY}T18:00`, kind: "session" }).outsideEvent).toBe(true);
    expect(
      saveSlot(event, org, { startsAt: `${YEAR + 1}-03-28T10:00`, endsAt: `${YEAR + 1}-03-28T11:00`, kind: "session" }).outsideEvent,
    ).toBe(true);
  });
});

describe("room names", () => {
  it("refuses a second room of the same name (any case), keeps renames of the room itself", async () => {
    const { event, organiser, rooms } = await makeUnconference({ attendees: 0 });
    const org = asActor(organiser);
    let error: unknown;
    try {
      saveRoom(event, org, { name: " big HALL ", capacity: 10 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).status).toBe(400);
    expect((error as DomainError).fieldErrors?.name?.[0]).toMatch(/already has a room/);
    expect(listRooms(event.id)).toHaveLength(2);
    expect(saveRoom(event, org, { roomId: rooms.big.id, name: "Big hall", capacity: 60 }).capacity).toBe(60);
  });
});
