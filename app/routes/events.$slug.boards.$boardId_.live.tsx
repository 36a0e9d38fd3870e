// Server-sent events for one board: every open page listens here. Anyone who may see the
// board may listen, so frames carry only what every viewer may see: what changed, plus a
// topic's new tally when tallies are public and a Roman vote's counts, which pages apply
// in place; for anything else a page reloads what it may see (see publishBoardChange).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSessionUser } from "~/accounts/session.server";
import { getBoard } from "~/board/boards.server";
import { boardChannel } from "~/board/live-channel.server";
import { requireVisibleEvent } from "~/events/permissions.server";
import { eventStream } from "~/live/sse.server";
import { clientIp } from "~/utils/client-ip.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  const event = requireVisibleEvent(params.slug, user);
  const board = getBoard(Number(params.boardId));
  if (!board || board.eventId !== event.id) throw new Response("This event has no such board.", { status: 404 });
  return eventStream({ request, channel: boardChannel(board.id), clientAddress: clientIp(context) });
}
