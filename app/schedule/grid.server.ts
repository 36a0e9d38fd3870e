// The schedule page's data: rooms × slots grouped by day, the sessions in and out of the
// grid, warnings, and what the viewer may do. Dates go out as ISO strings.
import type { Event } from "#db/schema";
import { isOrganiserOf } from "~/events/permissions.server";
import { formatDate } from "~/utils/dates";
import type { Actor } from "~/accounts/actor";
import { canParticipate } from "~/events/participation.server";
import { cachedUntilWrite } from "~/utils/cache.server";
import { computeWarnings } from "./placement.server";
import { findOverlappingSlots, listRooms, listSlots } from "./rooms-slots.server";
import { isLive, loadSessions, occupiesCell, starredSessionIds, type SessionView } from "./sessions.server";

export function serialiseSession(s: SessionView) {
  return {
    id: s.id,
    title: s.title,
    format: s.format,
    status: s.status,
    hosts: s.hosts,
    tags: s.tags,
    starCount: s.starCount,
    roomId: s.roomId,
    slotId: s.slotId,
    roomName: s.room?.name ?? null,
    startsAt: s.slot?.startsAt.toISOString() ?? null,
    endsAt: s.slot?.endsAt.toISOString() ?? null,
    noteId: s.noteId,
    sequence: s.sequence,
  };
}
export type GridSession = ReturnType<typeof serialiseSession>;

/** What a grid card shows, and no more: the loader's JSON is part of every document. */
function gridSession(s: SessionView) {
  return {
    id: s.id,
    title: s.title,
    format: s.format,
    status: s.status,
    hosts: s.hosts.map((h) => h.name).join(", "),
    starCount: s.starCount,
    roomId: s.roomId,
    slotId: s.slotId,
    noteId: s.noteId,
  };
}

/** The grid as everyone sees it (no viewer in it): cached until the next write. */
function gridBase(event: Pick<Event, "id" | "timeZone">) {
  return cachedUntilWrite(`grid:${event.id}:${event.timeZone}`, () => {
    const rooms = listRooms(event.id);
    const slots = listSlots(event.id);
    const overlapping = findOverlappingSlots(slots);
    const sessions = loadSessions(event.id);
    const placed = sessions.filter((s) => s.roomId != null && s.slotId != null && (occupiesCell(s) || s.status === "cancelled"));
    const unplaced = sessions.filter((s) => isLive(s.status) && !occupiesCell(s));
    const days: { key: string; label: string; slotIds: number[] }[] = [];
    const dayByLabel = new Map<string, (typeof days)[number]>();
    for (const slot of slots) {
      const label = formatDate(slot.startsAt, event.timeZone);
      let day = dayByLabel.get(label);
      if (!day) {
        day = { key: `day-${days.length + 1}`, label, slotIds: [] };
        days.push(day);
        dayByLabel.set(label, day);
      }
      day.slotIds.push(slot.id);
    }
    return {
      sessions,
      liveIds: sessions.filter((s) => isLive(s.status)).map((s) => s.id),
      rooms: rooms.map((r) => ({ id: r.id, name: r.name, capacity: r.capacity })),
      slots: slots.map((s) => ({
        id: s.id,
        startsAt: s.startsAt.toISOString(),
        endsAt: s.endsAt.toISOString(),
        kind: s.kind,
        label: s.label,
        overlaps: overlapping.has(s.id),
      })),
      days,
      placed: placed.map(gridSession),
      unplaced: unplaced.map(gridSession),
    };
  });
}

export function loadScheduleGrid(event: Event, viewer: Actor | null) {
  const organiser = isOrganiserOf(viewer, event.id);
  const participant = canParticipate(viewer, event);
  const base = gridBase(event);
  const starred = viewer ? starredSessionIds(event.id, viewer.id) : [];
  // Which of the viewer's own sessions they may place themselves (open marketplace).
  const marketplace = Boolean(event.openMarketplace && participant && !organiser);
  const placeableIds = organiser
    ? base.liveIds
    : marketplace
      ? base.sessions
          .filter((s) => s.status === "accepted" && (s.proposedById === viewer!.id || s.hosts.some((h) => h.id === viewer!.id)))
          .map((s) => s.id)
      : [];
  return {
    rooms: base.rooms,
    slots: base.slots,
    days: base.days,
    placed: base.placed,
    unplaced: base.unplaced,
    starredIds: starred,
    placeableIds,
    warnings: organiser || marketplace ? computeWarnings(event) : [],
    viewer: {
      signedIn: Boolean(viewer),
      organiser,
      participant,
      canPlace: organiser || marketplace,
      marketplace: Boolean(event.openMarketplace),
    },
  };
}
export type ScheduleGridData = ReturnType<typeof loadScheduleGrid>;

/** The slots running at `at` (started, not yet ended): "now" on the venue screen and the schedule. */
export function slotsRunningAt<S extends { startsAt: Date | string; endsAt: Date | string }>(slots: S[], at: Date) {
  const t = at.getTime();
  return slots.filter((s) => new Date(s.startsAt).getTime() <= t && t < new Date(s.endsAt).getTime());
}

/** For the venue screen: what runs now and what starts next, as of `at`. */
export function nowAndNext(event: Event, at: Date) {
  const slots = listSlots(event.id);
  const rooms = listRooms(event.id);
  const sessions = loadSessions(event.id).filter(occupiesCell);
  const t = at.getTime();
  const current = slotsRunningAt(slots, at);
  const upcoming = slots.filter((s) => s.startsAt.getTime() > t);
  const nextStart = upcoming[0]?.startsAt.getTime();
  const next = upcoming.filter((s) => s.startsAt.getTime() === nextStart);
  const describe = (slot: (typeof slots)[number]) => ({
    id: slot.id,
    kind: slot.kind,
    label: slot.label,
    startsAt: slot.startsAt.toISOString(),
    endsAt: slot.endsAt.toISOString(),
    sessions: rooms
      .map((room) => {
        const s = sessions.find((x) => x.slotId === slot.id && x.roomId === room.id);
        return s ? { ...serialiseSession(s), roomName: room.name } : null;
      })
      .filter((x): x is NonNullable<typeof x> => x !== null),
  });
  return {
    at: at.toISOString(),
    now: current.map(describe),
    next: next.map(describe),
    finished: slots.length > 0 && upcoming.length === 0 && current.length === 0,
  };
}
