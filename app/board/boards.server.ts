// Boards of an event: listing them, creating one, its settings and its phase
// (collect → vote → discuss → closed). Facilitators only, each change audited.
import { asc, count, eq, sql } from "drizzle-orm";
import { getDb, prepared, writeTransaction, type Db } from "#db/client";
import { boards, events, votes, type Board, type BoardPhase } from "#db/schema";
import type { BoardSettingsInput } from "~/board/board-schema";
import type { Actor } from "~/accounts/actor";
import { auditBoard, loadBoard, requireFacilitator, topicUnderDiscussion } from "~/board/access.server";
import { publishBoardChange } from "~/board/live-channel.server";
import { conflict, notFound } from "~/utils/errors.server";

// Read on every board page, so built once per connection (see `prepared`).
const boardQueries = (db: Db) =>
  prepared(db, "board.boards", () => ({
    boardsOfEvent: db
      .select()
      .from(boards)
      .where(eq(boards.eventId, sql.placeholder("eventId")))
      .orderBy(asc(boards.position), asc(boards.id))
      .prepare(),
    boardById: db
      .select()
      .from(boards)
      .where(eq(boards.id, sql.placeholder("boardId")))
      .prepare(),
  }));

export function listBoards(eventId: number) {
  return boardQueries(getDb()).boardsOfEvent.all({ eventId });
}

export function getFirstBoard(eventId: number): Board | undefined {
  return listBoards(eventId)[0];
}

export function getBoard(boardId: number): Board | undefined {
  return boardQueries(getDb()).boardById.get({ boardId });
}

export function createBoard(eventId: number, actor: Actor, title = "Lean Coffee"): Board {
  const db = getDb();
  const board = writeTransaction(db, () => {
    const event = db.select().from(events).where(eq(events.id, eventId)).get();
    if (!event) throw notFound("No event has this address.");
    requireFacilitator(actor, event);
    const position = db.select({ n: count() }).from(boards).where(eq(boards.eventId, eventId)).get()?.n ?? 0;
    const created = db.insert(boards).values({ eventId, title, position }).returning().get();
    auditBoard(db, actor, event, "board.create", "board", created.id, { title });
    return created;
  });
  return board;
}

export function updateBoardSettings(boardId: number, input: Omit<BoardSettingsInput, "intent">, actor: Actor) {
  const db = getDb();
  writeTransaction(db, () => {
    const { board, event } = loadBoard(db, boardId);
    requireFacilitator(actor, event);
    if (input.votesPerPerson !== board.votesPerPerson && board.phase !== "collect") {
      const used = db
        .select({ n: sql<number>`max(c)` })
        .from(sql`(select count(*) as c from ${votes} where ${votes.boardId} = ${board.id} group by ${votes.userId})`)
        .get()?.n;
      if (used && used > input.votesPerPerson) {
        throw conflict("Someone has already used more dots than that.", {
          votesPerPerson: [`Someone has already cast ${used} dots; choose at least ${used}.`],
        });
      }
    }
    db.update(boards)
      .set({
        title: input.title,
        votesPerPerson: input.votesPerPerson,
        allowStacking: input.allowStacking,
        hideTallies: input.hideTallies,
        timeboxSeconds: input.timeboxMinutes * 60,
        extensionSeconds: input.extensionMinutes * 60,
        takeawaysBy: input.takeawaysBy,
      })
      .where(eq(boards.id, board.id))
      .run();
    auditBoard(db, actor, event, "board.settings", "board", board.id, { ...input });
  });
  publishBoardChange(boardId, "settings");
}

export function setPhase(boardId: number, phase: BoardPhase, actor: Actor) {
  const db = getDb();
  writeTransaction(db, () => {
    const { board, event } = loadBoard(db, boardId);
    requireFacilitator(actor, event);
    if (board.phase === phase) return;
    if (topicUnderDiscussion(db, board.id)) throw conflict("Finish the topic under discussion first.");
    db.update(boards).set({ phase }).where(eq(boards.id, board.id)).run();
    auditBoard(db, actor, event, "board.phase", "board", board.id, { from: board.phase, to: phase });
  });
  publishBoardChange(boardId, "phase", { phase });
}
