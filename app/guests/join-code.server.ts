// The join link of an event or one of its boards as people see it on a screen: the full
// address (printed under the code, for those who type) and its QR code.
import { joinPath } from "~/guests/join-link";
import { publicOrigin } from "~/utils/public-origin.server";
import { qrCodeSvg } from "~/utils/qr-code.server";

export type JoinCode = { url: string; qrSvg: string };

export async function joinCode(request: Request, eventSlug: string, boardId?: number): Promise<JoinCode> {
  const url = publicOrigin(request) + joinPath(eventSlug, boardId);
  return { url, qrSvg: await qrCodeSvg(url) };
}
