// The loader of the presenter (projector) view: the board as the viewer sees it and, while
// people can still join in (topics being collected or voted on), the board's join code,
// when a facilitator opened it (the code carries the join key, ADR 028).
// The page is shown to the whole room, so its topics are the room's: while the board hides
// its tallies, a facilitator's projector gets no counts and no ranking by votes either
// (security review, 7 Dec 2026); the facilitator's keys stay.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getSessionUser } from "~/accounts/session.server";
import { talliesArePublic } from "~/board/access.server";
import { boardPageData, pageView, type PageView } from "~/board/board-route.server";
import { getBoardView } from "~/board/view.server";
import { requireEventBySlug } from "~/events/permissions.server";
import { joinCode } from "~/guests/join-code.server";

const JOINABLE_PHASES = new Set(["collect", "vote"]);

/** `view` with the topics as everyone in the room may see them (what a signed-out viewer gets). */
function asTheRoomSeesIt(view: PageView): PageView {
  if (!view.talliesVisible || talliesArePublic(view.board)) return view;
  const room = pageView(getBoardView(view.board.id, null));
  return { ...view, talliesVisible: room.talliesVisible, open: room.open, discussing: room.discussing, discussed: room.discussed };
}

export async function presenterLoader({ request, params }: LoaderFunctionArgs) {
  const { event, view } = boardPageData(await getSessionUser(request), params);
  const showsJoinCode = view?.role === "facilitator" && JOINABLE_PHASES.has(view.board.phase);
  const join = showsJoinCode ? await joinCode(request, requireEventBySlug(event.slug), view.board.id) : null;
  return json({ event, view: view ? asTheRoomSeesIt(view) : null, join });
}

export type PresenterLoader = typeof presenterLoader;
