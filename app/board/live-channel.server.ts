// A board's live channel: every change is published on it after its commit, and open
// pages follow it (app/board/ui/live.tsx). Its newest frame id is the board's revision.
import { getPubSub } from "~/live/pubsub.server";

export function boardChannel(boardId: number) {
  return `board:${boardId}`;
}

/**
 * Tells every open page of the board that something changed. Frames are public (anyone
 * who may see the board listens): `details` may only carry what every viewer may see,
 * e.g. a topic's new tally when tallies are not hidden. Pages apply such frames in place;
 * for the others they reload their data.
 */
export function publishBoardChange(boardId: number, kind: string, details: Record<string, unknown> = {}) {
  return getPubSub().publish(boardChannel(boardId), "board", { kind, boardId, at: Date.now(), ...details });
}

/** The board's live revision: the id of the newest frame on its channel. */
export function boardRevision(boardId: number) {
  return getPubSub().lastEventId(boardChannel(boardId));
}
