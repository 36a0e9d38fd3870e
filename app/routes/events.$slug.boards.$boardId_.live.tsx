// Server-sent events for one board: every open page listens here and reloads its data
// when the board changes. Anyone who may see the board may listen; events carry no
// private data (only what changed), each page then loads what it may see.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSessionUser } from "~/accounts/session.server";
import { boardChannel, getBoard } from "~/board/board.server";
import { requireVisibleEvent } from "~/events/permissions.server";
import { eventStream } from "~/live/sse.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  const event = requireVisibleEvent(params.slug, user);
  const board = getBoard(Number(params.boardId));
  if (!board || board.eventId !== event.id) throw new Response("This event has no such board.", { status: 404 });
  return eventStream({ request, channel: boardChannel(board.id) });
}
