// What organisers see on the event page and facilitators on a board to let people join
// (issue 17.1): the join link and its QR code (joinCode), whether guests are on, and where
// they make a new link or see the guests (ADR 028).
import type { Event } from "#db/schema";
import { guestsClosedBecause } from "~/guests/guests.server";
import { joinCode, type JoinCode } from "~/guests/join-code.server";

export type JoinCard = JoinCode & { guestsClosedBecause: ReturnType<typeof guestsClosedBecause>; editPath: string; guestsPath: string };

export async function joinCard(request: Request, event: Event, boardId?: number): Promise<JoinCard> {
  return {
    ...(await joinCode(request, event, boardId)),
    guestsClosedBecause: guestsClosedBecause(event),
    editPath: `/events/${event.slug}/edit`,
    guestsPath: `/events/${event.slug}/guests`,
  };
}
