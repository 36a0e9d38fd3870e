// Where a person lands from the join QR code or link of an event or one of its boards
// (issue 17.1). One function so the presenter's QR code, the organiser's copyable link and
// the join route agree.
export function joinPath(eventSlug: string, boardId?: number): string {
  const path = `/events/${encodeURIComponent(eventSlug)}/join`;
  return boardId === undefined ? path : `${path}?board=${boardId}`;
}
