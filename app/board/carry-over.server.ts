// Carrying a board's undiscussed topics over to another board (the next session, or
// another event the facilitator organises); the copies remember where they came from.
// Promoting a topic to an unconference session is promote.server.ts.
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { getDb, writeTransaction } from "#db/client";
import { boards, events, topics } from "#db/schema";
import type { Actor } from "~/accounts/actor";
import { auditBoard, boardRole, loadBoard, requireFacilitator } from "~/board/access.server";
import { publishBoardChange } from "~/board/live-channel.server";
import { conflict, forbidden, invalid } from "~/utils/errors.server";

/** Moves every undiscussed topic to another board; the copies remember where they came from. */
export function carryOverTopics(fromBoardId: number, toBoardId: number, actor: Actor) {
  if (fromBoardId === toBoardId) throw invalid("Choose another board.", { targetBoardId: ["Choose another board."] });
  const db = getDb();
  const moved = writeTransaction(db, () => {
    const from = loadBoard(db, fromBoardId);
    requireFacilitator(actor, from.event);
    let to: ReturnType<typeof loadBoard>;
    try {
      to = loadBoard(db, toBoardId);
    } catch {
      throw invalid("That board does not exist.", { targetBoardId: ["That board does not exist."] });
    }
    if (boardRole(actor, to.event.id) !== "facilitator") {
      throw forbidden("You can only carry topics over to boards of events you organise.");
    }
    if (to.board.phase !== "collect" && to.board.phase !== "vote") {
      throw conflict("The other board no longer takes topics.", { targetBoardId: ["That board is past its voting phase."] });
    }
    const open = db
      .select()
      .from(topics)
      .where(and(eq(topics.boardId, from.board.id), eq(topics.status, "open")))
      .orderBy(asc(topics.id))
      .all();
    if (open.length === 0) throw conflict("There are no undiscussed topics to carry over.");
    for (const topic of open) {
      db.insert(topics)
        .values({
          boardId: to.board.id,
          title: topic.title,
          description: topic.description,
          authorId: topic.authorId,
          carriedFromId: topic.id,
        })
        .run();
    }
    db.update(topics)
      .set({ status: "carried_over" })
      .where(
        inArray(
          topics.id,
          open.map((t) => t.id),
        ),
      )
      .run();
    auditBoard(db, actor, from.event, "board.carry-over", "board", from.board.id, { to: to.board.id, topics: open.length });
    return open.length;
  });
  publishBoardChange(fromBoardId, "carry-over");
  publishBoardChange(toBoardId, "carry-over");
  return moved;
}

/** Boards of other events the actor facilitates that still take topics. */
export function carryOverTargets(boardId: number, actor: Actor) {
  const rows = getDb()
    .select({ id: boards.id, title: boards.title, phase: boards.phase, eventId: events.id, eventTitle: events.title })
    .from(boards)
    .innerJoin(events, eq(events.id, boards.eventId))
    .where(and(ne(boards.id, boardId), inArray(boards.phase, ["collect", "vote"])))
    .orderBy(asc(events.startsAt))
    .all();
  return rows.filter((r) => boardRole(actor, r.eventId) === "facilitator");
}
