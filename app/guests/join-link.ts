// Where a person lands from the join QR code or link of an event or one of its boards
// (issue 17.1). One function so the presenter's QR code, the organiser's copyable link and
// the join route agree. The link carries the event's join key (ADR 028): without it nobody
// joins as a guest, so only people given the link or in front of the screen can.
export function joinPath(eventSlug: string, key: string | null, boardId?: number): string {
  const query = new URLSearchParams();
  if (key) query.set("key", key);
  if (boardId !== undefined) query.set("board", String(boardId));
  const search = query.toString();
  return `/events/${encodeURIComponent(eventSlug)}/join${search ? `?${search}` : ""}`;
}
