// The rooms-and-slots setup page's data: the slots in the event's time zone with the others
// each overlaps, and the confirmation step a deletion asks for (what it would affect).
import type { Event } from "#db/schema";
import { roomDeletionImpact, slotDeletionImpact } from "~/schedule/deletion-impact.server";
import { findOverlappingSlots, listSlots } from "~/schedule/rooms-slots.server";
import { formatDate, formatTime, utcToLocalInput } from "~/utils/dates";
import { DomainError } from "~/utils/errors.server";

/** The event's slots, as the setup form edits them (local times) and with the slots each overlaps. */
export function slotsForSetup(event: Pick<Event, "id" | "timeZone">) {
  const slots = listSlots(event.id);
  const overlapping = findOverlappingSlots(slots);
  return slots.map((s) => ({
    ...s,
    startsLocal: utcToLocalInput(s.startsAt, event.timeZone),
    endsLocal: utcToLocalInput(s.endsAt, event.timeZone),
    overlapsWith: overlapping.get(s.id) ?? [],
  }));
}

/** The confirmation step asked for by `?delete-room=ID` or `?delete-slot=ID`: what the deletion would affect. */
export function deletionToConfirm(event: Pick<Event, "id" | "timeZone">, params: URLSearchParams) {
  const id = (name: string) => (/^\d{1,12}$/.test(params.get(name) ?? "") ? Number(params.get(name)) : null);
  const roomId = id("delete-room");
  const slotId = id("delete-slot");
  try {
    if (roomId) {
      const impact = roomDeletionImpact(event, roomId);
      return {
        title: `Delete room “${impact.room.name}”?`,
        confirmLabel: `Delete room “${impact.room.name}”`,
        hidden: { intent: "delete-room", roomId: String(roomId) },
        sessions: impact.sessions,
      };
    }
    if (slotId) {
      const impact = slotDeletionImpact(event, slotId);
      const when = `${formatDate(impact.slot.startsAt, event.timeZone)}, ${formatTime(impact.slot.startsAt, event.timeZone)}–${formatTime(impact.slot.endsAt, event.timeZone)}`;
      return {
        title: `Delete the slot ${when}?`,
        confirmLabel: `Delete the slot ${when}`,
        hidden: { intent: "delete-slot", slotId: String(slotId) },
        sessions: impact.sessions,
      };
    }
  } catch (error) {
    // Already deleted (the back button) or not this event's: no step to show.
    if (!(error instanceof DomainError)) throw error;
  }
  return null;
}
