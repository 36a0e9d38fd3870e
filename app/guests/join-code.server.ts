// The join link of an event or one of its boards as people see it on a screen: the full
// address with the event's join key (printed under the code, for those who type) and its
// QR code. Only for organisers and facilitators (ADR 028): the key lets people in as guests.
import type { Event } from "#db/schema";
import { joinKeyOf } from "~/guests/join-key.server";
import { joinPath } from "~/guests/join-link";
import { publicOrigin } from "~/utils/public-origin.server";
import { qrCodeSvg } from "~/utils/qr-code.server";

export type JoinCode = { url: string; qrSvg: string };

export async function joinCode(request: Request, event: Pick<Event, "id" | "slug" | "joinKey">, boardId?: number): Promise<JoinCode> {
  const url = publicOrigin(request) + joinPath(event.slug, joinKeyOf(event), boardId);
  return { url, qrSvg: await qrCodeSvg(url) };
}
