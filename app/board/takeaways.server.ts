// A discussed topic's takeaways, written as the topic's official note in the archive
// (ADR 016): by a facilitator, or by any participant if the board allows it.
import { eq } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import { topics, type Board, type Event, type Topic } from "#db/schema";
import type { Actor } from "~/accounts/actor";
import { type BoardRole, loadBoard, loadTopicOnBoard, requireBoardParticipant } from "~/board/access.server";
import { publishBoardChange } from "~/board/live-channel.server";
import { createNote } from "~/notes/create-note.server";
import { conflict, forbidden } from "~/utils/errors.server";

export type TakeawaysInput = { takeaways: string; visibility?: "public" | "attendees" | "partners" };

export function canRecordTakeaways(board: Pick<Board, "takeawaysBy">, role: BoardRole) {
  return role === "facilitator" || (role === "participant" && board.takeawaysBy === "anyone");
}

/**
 * Writes a topic's official takeaways (topics.official_note_id): only here, by whoever
 * canRecordTakeaways allows; the first recorded stay official and are edited as a note
 * from then on. Notes written in the archive about the topic are related notes (ADR 016).
 * Runs inside the caller's write transaction.
 */
export function writeTakeaways(db: Db, event: Event, topic: Topic, actor: Actor, input: TakeawaysInput) {
  if (topic.officialNoteId !== null) {
    throw conflict("Takeaways for this topic are already in the archive; edit that note instead.", {
      takeaways: ["Takeaways for this topic are already in the archive; edit that note instead."],
    });
  }
  const note = createNote(
    {
      eventId: event.id,
      topicId: topic.id,
      title: `Takeaways: ${topic.title}`,
      body: input.takeaways,
      authorIds: [actor.id],
      visibility: input.visibility ?? "attendees",
      tags: ["lean-coffee", "takeaways"],
    },
    db,
  );
  db.update(topics).set({ officialNoteId: note.id }).where(eq(topics.id, topic.id)).run();
  return note;
}

/** Takeaways for a discussed topic, by a facilitator or (if the board allows) any participant. */
export function recordTakeaways(boardId: number, topicId: number, actor: Actor, input: TakeawaysInput) {
  const db = getDb();
  const note = writeTransaction(db, () => {
    const { board, event } = loadBoard(db, boardId);
    const role = requireBoardParticipant(actor, event);
    if (!canRecordTakeaways(board, role)) throw forbidden("On this board only the facilitators record takeaways.");
    const topic = loadTopicOnBoard(db, board, topicId);
    if (topic.status !== "discussed") throw conflict("Takeaways are recorded once a topic has been discussed.");
    return writeTakeaways(db, event, topic, actor, input);
  });
  publishBoardChange(boardId, "takeaways", { topicId, noteId: note.id });
  return note;
}
