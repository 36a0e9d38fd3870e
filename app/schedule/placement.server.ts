// Placing sessions into the rooms × slots grid. One session per cell is enforced by a
// unique index; the check-then-write runs inside BEGIN IMMEDIATE so concurrent requests
// (the open marketplace) queue instead of racing. Warnings never block a placement but
// are always returned and shown: a host in two places, more stars than seats, clashes
// in people's agendas.
import { and, eq, sql } from "drizzle-orm";
import { getDb, prepared, writeTransaction, type Db } from "#db/client";
import { scheduleSessions, stars, type Event, type Room, type Slot } from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import { isOrganiserOf } from "~/events/permissions.server";
import { createNote } from "~/notes/create-note.server";
import { formatRange, formatTime } from "~/utils/dates";
import { conflict, forbidden, invalid } from "~/utils/errors.server";
import type { Actor } from "~/accounts/actor";
import { requireParticipant } from "~/events/participation.server";
import { cachedUntilWrite } from "~/utils/cache.server";
import { canEditSession } from "./proposals.server";
import { listRooms, listSlots, overlaps, requireRoom, requireSlot, type AuditContext } from "./rooms-slots.server";
import { isLive, loadSession, loadSessions, occupiesCell, requireSessionRow, type SessionView } from "./sessions.server";

export type ScheduleWarning = {
  kind: "host-clash" | "over-capacity" | "agenda-clash";
  sessionIds: number[];
  message: string;
};

export type PlacementInput = { sessionId: number; roomId: number; slotId: number };

export function placeSession(event: Event, actor: Actor, input: PlacementInput, ctx: AuditContext = {}) {
  const organiser = isOrganiserOf(actor, event.id);
  if (!organiser) {
    if (!event.openMarketplace) {
      throw forbidden("Only the organisers place sessions; the open marketplace is closed for this event.");
    }
    requireParticipant(actor, event);
  }
  const db = getDb();
  const placed = writeTransaction(db, () => {
    const session = requireSessionRow(event.id, input.sessionId, db);
    const room = requireRoom(event.id, input.roomId, db);
    const slot = requireSlot(event.id, input.slotId, db);
    if (slot.kind === "break") {
      throw invalid("That slot is a break: no sessions can be placed in it.", { slotId: ["That slot is a break. Choose a session slot."] });
    }
    if (!organiser) {
      if (!canEditSession(actor, session, db)) throw forbidden("In the marketplace you can only place a session you host.");
      if (session.status !== "accepted") {
        throw conflict("Your session must be accepted by the organisers before you place it.", {
          sessionId: ["Not accepted yet: the organisers accept proposals first."],
        });
      }
    } else if (!isLive(session.status)) {
      throw conflict(`This session was ${session.status}; it cannot be placed.`, { sessionId: [`This session was ${session.status}.`] });
    }
    const from = { roomId: session.roomId, slotId: session.slotId };
    if (session.roomId === room.id && session.slotId === slot.id) return { session, room, slot, from, moved: false };

    const occupant = db
      .select()
      .from(scheduleSessions)
      .where(and(eq(scheduleSessions.roomId, room.id), eq(scheduleSessions.slotId, slot.id)))
      .get();
    if (occupant && occupiesCell(occupant)) {
      const message = `${room.name} is already taken at ${formatTime(slot.startsAt, event.timeZone)} by “${occupant.title}”.`;
      throw conflict(message, { roomId: [message] });
    }
    // A cancelled session keeps its cell only until someone needs it.
    if (occupant) db.update(scheduleSessions).set({ roomId: null, slotId: null }).where(eq(scheduleSessions.id, occupant.id)).run();

    const updated = db
      .update(scheduleSessions)
      .set({ roomId: room.id, slotId: slot.id, status: "accepted", sequence: session.sequence + 1 })
      .where(eq(scheduleSessions.id, session.id))
      .returning()
      .get();
    ensureNotesPage(db, event, updated.id, room, slot);
    recordAudit(
      {
        actorId: actor.id,
        eventId: event.id,
        action: organiser ? "schedule.session.place" : "schedule.marketplace.place",
        targetType: "session",
        targetId: session.id,
        ip: ctx.ip,
        details: { from, to: { roomId: room.id, slotId: slot.id } },
      },
      db,
    );
    return { session: updated, room, slot, from, moved: true };
  });
  const view = loadSession(event.id, placed.session.id);
  const warnings = computeWarnings(event).filter((w) => w.sessionIds.includes(view.id));
  return { session: view, warnings, moved: placed.moved };
}

export function unplaceSession(event: Event, actor: Actor, sessionId: number, ctx: AuditContext = {}) {
  const organiser = isOrganiserOf(actor, event.id);
  if (!organiser && !event.openMarketplace) {
    throw forbidden("Only the organisers change the grid; the open marketplace is closed for this event.");
  }
  const db = getDb();
  return writeTransaction(db, () => {
    const session = requireSessionRow(event.id, sessionId, db);
    if (!organiser && !canEditSession(actor, session, db)) throw forbidden("In the marketplace you can only move a session you host.");
    if (session.roomId == null && session.slotId == null) throw conflict("This session is not in the grid.");
    const updated = db
      .update(scheduleSessions)
      .set({
        roomId: null,
        slotId: null,
        sequence: session.sequence + 1,
        status: session.status === "cancelled" ? "withdrawn" : session.status,
      })
      .where(eq(scheduleSessions.id, session.id))
      .returning()
      .get();
    recordAudit(
      {
        actorId: actor.id,
        eventId: event.id,
        action: organiser ? "schedule.session.unplace" : "schedule.marketplace.unplace",
        targetType: "session",
        targetId: session.id,
        ip: ctx.ip,
        details: { from: { roomId: session.roomId, slotId: session.slotId } },
      },
      db,
    );
    return updated;
  });
}

/** The first text of a session's notes page: where and when it ran, and the headings to fill in. */
export function sessionNotesTemplate(session: { hosts: string; room: string; time: string }) {
  return [
    `**Hosts:** ${session.hosts || "to be announced"}  `,
    `**Room:** ${session.room}  `,
    `**Time:** ${session.time}`,
    "",
    "## What we discussed",
    "",
    "## Takeaways",
    "",
    "## Links and follow-ups",
    "",
  ].join("\n");
}

/**
 * The official notes page of a placed session (schedule_sessions.official_note_id):
 * created once, with hosts as its authors. Notes others wrote about the session are
 * related notes and do not stand in for it (ADR 016).
 */
function ensureNotesPage(db: Db, event: Event, sessionId: number, room: Room, slot: Slot) {
  const session = loadSession(event.id, sessionId, db);
  if (session.officialNoteId !== null) return session.officialNoteId;
  const hosts = session.hosts.map((h) => (h.organisationName ? `${h.name} (${h.organisationName})` : h.name)).join(", ");
  const body = sessionNotesTemplate({ hosts, room: room.name, time: formatRange(slot.startsAt, slot.endsAt, event.timeZone) });
  const note = createNote(
    {
      eventId: event.id,
      sessionId,
      title: session.title,
      body,
      authorIds: session.hosts.map((h) => h.id),
      tags: session.tags,
      visibility: "attendees",
    },
    db,
  );
  db.update(scheduleSessions).set({ officialNoteId: note.id }).where(eq(scheduleSessions.id, sessionId)).run();
  return note.id;
}

const starsOfEvent = (db: Db) =>
  prepared(db, "schedule.warnings.stars", () =>
    db
      .select({ userId: stars.userId, sessionId: stars.sessionId })
      .from(stars)
      .innerJoin(scheduleSessions, eq(scheduleSessions.id, stars.sessionId))
      .where(eq(scheduleSessions.eventId, sql.placeholder("eventId")))
      .prepare(),
  );

/** Every warning for the event's grid right now (the same for every viewer: cached until a write). */
export function computeWarnings(event: Pick<Event, "id" | "timeZone">, db: Db = getDb()): ScheduleWarning[] {
  return cachedUntilWrite(
    `warnings:${event.id}:${event.timeZone}`,
    () => {
      const sessions = loadSessions(event.id, {}, db).filter((s) => occupiesCell(s) && s.room && s.slot);
      const rooms = listRooms(event.id, db);
      const slots = listSlots(event.id, db);
      const placedIds = new Set(sessions.map((s) => s.id));
      const starRows = sessions.length
        ? starsOfEvent(db)
            .all({ eventId: event.id })
            .filter((r) => placedIds.has(r.sessionId))
        : [];
      return warningsFor(sessions, rooms, slots, starRows, event.timeZone);
    },
    db,
  );
}

/** Pure: the warnings for placed sessions, given rooms, slots and who starred what. */
export function warningsFor(
  placed: SessionView[],
  rooms: Room[],
  slots: Slot[],
  starRows: { userId: number; sessionId: number }[],
  timeZone: string,
): ScheduleWarning[] {
  const warnings: ScheduleWarning[] = [];
  const at = (s: SessionView) => formatTime(s.slot!.startsAt, timeZone);
  const pairs: [SessionView, SessionView][] = [];
  for (let i = 0; i < placed.length; i++) {
    for (let j = i + 1; j < placed.length; j++) {
      if (overlaps(placed[i].slot!, placed[j].slot!)) pairs.push([placed[i], placed[j]]);
    }
  }
  for (const [a, b] of pairs) {
    for (const host of a.hosts.filter((h) => b.hosts.some((o) => o.id === h.id))) {
      warnings.push({
        kind: "host-clash",
        sessionIds: [a.id, b.id],
        message: `${host.name} hosts both “${a.title}” (${a.room!.name}, ${at(a)}) and “${b.title}” (${b.room!.name}, ${at(b)}) at the same time.`,
      });
    }
  }
  for (const s of placed) {
    if (s.starCount <= s.room!.capacity) continue;
    const busy = new Set(placed.filter((o) => o.slotId === s.slotId).map((o) => o.roomId));
    const bigger = rooms.filter((r) => !busy.has(r.id) && r.capacity >= s.starCount).sort((x, y) => x.capacity - y.capacity)[0];
    const slot = slots.find((sl) => sl.id === s.slotId);
    warnings.push({
      kind: "over-capacity",
      sessionIds: [s.id],
      message:
        `“${s.title}” has ${s.starCount} stars but ${s.room!.name} seats ${s.room!.capacity}. ` +
        (bigger
          ? `${bigger.name} (${bigger.capacity} seats) is free${slot ? ` at ${formatTime(slot.startsAt, timeZone)}` : ""}.`
          : "No bigger room is free in this slot."),
    });
  }
  // People per clashing pair: walk each person's few stars, not every person per pair.
  const pairIndex = new Map<string, number>();
  pairs.forEach(([a, b], i) => {
    pairIndex.set(`${a.id}:${b.id}`, i);
    pairIndex.set(`${b.id}:${a.id}`, i);
  });
  const byUser = new Map<number, Set<number>>();
  for (const r of starRows) byUser.set(r.userId, (byUser.get(r.userId) ?? new Set()).add(r.sessionId));
  const peoplePerPair = new Array<number>(pairs.length).fill(0);
  for (const set of byUser.values()) {
    const ids = [...set];
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const k = pairIndex.get(`${ids[i]}:${ids[j]}`);
        if (k !== undefined) peoplePerPair[k]++;
      }
    }
  }
  for (const [k, [a, b]] of pairs.entries()) {
    const people = peoplePerPair[k];
    if (people > 0) {
      warnings.push({
        kind: "agenda-clash",
        sessionIds: [a.id, b.id],
        message: `${people} ${people === 1 ? "person has" : "people have"} starred both “${a.title}” and “${b.title}”, which run at the same time (${at(a)}).`,
      });
    }
  }
  return warnings;
}
