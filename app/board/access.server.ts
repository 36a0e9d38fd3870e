// Who may do what on a board, and the lookups every board rule starts with: the board
// with its event, a topic that must be on it, the phase a step needs. Facilitators are
// the event's organisers; participants its confirmed attendees (the event's own rule:
// app/events/participation.server.ts) and its guests (ADR 025, the board's alone:
// requireBoardParticipant); everyone else views.
import { and, eq, sql } from "drizzle-orm";
import { prepared, type Db } from "#db/client";
import { boards, events, topics, type Board, type BoardPhase, type Event, type Topic } from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import type { Actor } from "~/accounts/actor";
import { eventRole, type EventRole } from "~/events/participation.server";
import { isGuestOf } from "~/guests/guests.server";
import { conflict, forbidden, notFound } from "~/utils/errors.server";

export type BoardRole = "facilitator" | "participant" | "viewer";

const BOARD_ROLES: Record<EventRole, BoardRole> = { organiser: "facilitator", attendee: "participant", viewer: "viewer" };

/** A person's part in the event, in the board's words. */
export const asBoardRole = (role: EventRole): BoardRole => BOARD_ROLES[role];

/**
 * Facilitators are the event's organisers; participants its confirmed attendees and its
 * guests (ADR 025: people who joined with a name, who take part on the event's boards and
 * nowhere else, so this is the board's rule, not the event's).
 */
export function boardRole(user: Actor | null, eventId: number): BoardRole {
  const role = asBoardRole(eventRole(user, eventId));
  return role === "viewer" && user && isGuestOf(user.id, eventId) ? "participant" : role;
}

/** The actor's part on a board of `event`, or 403 for someone who does not take part. */
export function requireBoardParticipant(actor: Actor, event: Pick<Event, "id">): Exclude<BoardRole, "viewer"> {
  const role = boardRole(actor, event.id);
  if (role === "viewer") throw forbidden("Only confirmed attendees of this event can do that. Register first.");
  return role;
}

/** Whether attendees (not only facilitators) see the dot tallies in the board's current phase. */
export function talliesArePublic(board: Pick<Board, "hideTallies" | "phase">) {
  return !board.hideTallies || board.phase === "discuss" || board.phase === "closed";
}

// Read by every board change and view, so built once per connection (see `prepared`).
const accessQueries = (db: Db) =>
  prepared(db, "board.access", () => ({
    boardWithEvent: db
      .select({ board: boards, event: events })
      .from(boards)
      .innerJoin(events, eq(events.id, boards.eventId))
      .where(eq(boards.id, sql.placeholder("boardId")))
      .prepare(),
    topicById: db
      .select()
      .from(topics)
      .where(eq(topics.id, sql.placeholder("topicId")))
      .prepare(),
  }));

export function loadBoard(db: Db, boardId: number) {
  const row = accessQueries(db).boardWithEvent.get({ boardId });
  if (!row) throw notFound("No board has this address.");
  return row;
}

export function loadTopicOnBoard(db: Db, board: Board, topicId: number): Topic {
  const topic = accessQueries(db).topicById.get({ topicId });
  if (!topic || topic.boardId !== board.id) throw notFound("There is no such topic on this board.");
  return topic;
}

/** The topic under discussion, or 409 when this one is not. */
export function loadDiscussing(db: Db, board: Board, topicId: number) {
  const topic = loadTopicOnBoard(db, board, topicId);
  if (topic.status !== "discussing") throw conflict("This topic is not under discussion.");
  return topic;
}

/** The topic being discussed on the board right now, if any. */
export function topicUnderDiscussion(db: Db, boardId: number) {
  return db
    .select({ id: topics.id, title: topics.title })
    .from(topics)
    .where(and(eq(topics.boardId, boardId), eq(topics.status, "discussing")))
    .get();
}

export function requireFacilitator(actor: Actor, event: Event) {
  if (boardRole(actor, event.id) !== "facilitator") {
    throw forbidden("Only the facilitators (organisers of this event) may do that.");
  }
}

export function requirePhase(board: Pick<Board, "phase">, ...phases: BoardPhase[]) {
  if (!phases.includes(board.phase)) {
    const what: Record<BoardPhase, string> = {
      collect: "while topics are being collected",
      vote: "while voting is open",
      discuss: "during the discussion",
      closed: "after the board is closed",
    };
    throw conflict(`That is only possible ${phases.map((p) => what[p]).join(" or ")}.`);
  }
}

/** An entry in the audit log for a facilitator's step on a board of `event`. */
export function auditBoard(
  db: Db,
  actor: Actor,
  event: Event,
  action: string,
  targetType: string,
  targetId: number,
  details?: Record<string, unknown>,
) {
  recordAudit({ actorId: actor.id, eventId: event.id, action, targetType, targetId, ip: actor.ip ?? null, details }, db);
}
