// Promoting a Lean Coffee topic to an unconference session proposal. The schedule part
// owns sessions; this only inserts a proposal (status proposed, format discussion) with
// the topic's author as host, the way a person proposing it would.
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { getDb, writeTransaction } from "#db/client";
import { boards, events, scheduleSessions, sessionHosts, topics } from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import type { Actor } from "~/accounts/actor";
import { boardRole } from "~/board/access.server";
import { publishBoardChange } from "~/board/live-channel.server";
import { conflict, forbidden, invalid, notFound } from "~/utils/errors.server";

const PROMOTABLE = ["open", "discussing", "discussed", "carried_over"] as const;

export function promoteTopicToSession(topicId: number, targetEventId: number, actor: Actor) {
  const db = getDb();
  const result = writeTransaction(db, () => {
    const row = db
      .select({ topic: topics, board: boards })
      .from(topics)
      .innerJoin(boards, eq(boards.id, topics.boardId))
      .where(eq(topics.id, topicId))
      .get();
    if (!row) throw notFound("There is no such topic.");
    const { topic, board } = row;
    if (boardRole(actor, board.eventId) !== "facilitator") {
      throw forbidden("Only the facilitators of this board can promote topics.");
    }
    if (!(PROMOTABLE as readonly string[]).includes(topic.status)) {
      throw conflict("Withdrawn or merged topics cannot be promoted.");
    }
    const target = db.select().from(events).where(eq(events.id, targetEventId)).get();
    if (!target || target.format === "lean_coffee" || target.status === "cancelled") {
      throw invalid("Choose an unconference.", { targetEventId: ["Choose an unconference that takes session proposals."] });
    }
    if (boardRole(actor, target.id) !== "facilitator") {
      throw forbidden("You can only propose sessions to events you organise.");
    }
    const already = db
      .select({ id: scheduleSessions.id })
      .from(scheduleSessions)
      .where(and(eq(scheduleSessions.eventId, target.id), eq(scheduleSessions.promotedFromTopicId, topic.id)))
      .get();
    if (already) throw conflict("This topic is already a session proposal at that event.");
    const hostId = topic.authorId ?? actor.id;
    const session = db
      .insert(scheduleSessions)
      .values({
        eventId: target.id,
        title: topic.title,
        abstract: topic.description,
        format: "discussion",
        status: "proposed",
        proposedById: hostId,
        promotedFromTopicId: topic.id,
      })
      .returning()
      .get();
    db.insert(sessionHosts).values({ sessionId: session.id, userId: hostId }).run();
    recordAudit(
      {
        actorId: actor.id,
        eventId: board.eventId,
        action: "board.topic.promote",
        targetType: "topic",
        targetId: topic.id,
        ip: actor.ip ?? null,
        details: { sessionId: session.id, eventId: target.id },
      },
      db,
    );
    return { session, event: target, boardId: board.id };
  });
  publishBoardChange(result.boardId, "promote", { topicId });
  return { session: result.session, event: result.event };
}

/** Unconferences (or mixed events) the actor organises, for the promote form. */
export function promoteTargets(actor: Actor) {
  return getDb()
    .select({ id: events.id, title: events.title, slug: events.slug })
    .from(events)
    .where(and(inArray(events.format, ["unconference", "mixed"]), ne(events.status, "cancelled")))
    .orderBy(asc(events.startsAt))
    .all()
    .filter((e) => boardRole(actor, e.id) === "facilitator");
}

/** Which topics of a board are already session proposals (topic id → event slug + session id). */
export function promotedSessions(boardId: number) {
  return getDb()
    .select({
      topicId: scheduleSessions.promotedFromTopicId,
      sessionId: scheduleSessions.id,
      eventSlug: events.slug,
      eventTitle: events.title,
    })
    .from(scheduleSessions)
    .innerJoin(topics, eq(topics.id, scheduleSessions.promotedFromTopicId))
    .innerJoin(events, eq(events.id, scheduleSessions.eventId))
    .where(eq(topics.boardId, boardId))
    .all();
}
