// What organisers and facilitators are shown to let people join (issue 17.1): the join
// link as a full URL people can type or paste, and its QR code as inline SVG.
import type { Event } from "#db/schema";
import { takesGuests } from "~/guests/guests.server";
import { joinPath } from "~/guests/join-link";
import { publicOrigin } from "~/utils/public-origin.server";
import { qrCodeSvg } from "~/utils/qr-code.server";

export type JoinCard = { url: string; qrSvg: string; guestsOn: boolean; editPath: string };

export async function joinCard(request: Request, event: Event, boardId?: number): Promise<JoinCard> {
  const url = `${publicOrigin(request)}${joinPath(event.slug, boardId)}`;
  return { url, qrSvg: await qrCodeSvg(url), guestsOn: takesGuests(event), editPath: `/events/${event.slug}/edit` };
}
