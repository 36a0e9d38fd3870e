// The loader of the presenter (projector) view: the board as the viewer sees it and, while
// people can still join in (topics being collected or voted on), the board's join code.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getSessionUser } from "~/accounts/session.server";
import { boardPageData } from "~/board/board-route.server";
import { joinCode } from "~/guests/join-code.server";

const JOINABLE_PHASES = new Set(["collect", "vote"]);

export async function presenterLoader({ request, params }: LoaderFunctionArgs) {
  const { event, view } = boardPageData(await getSessionUser(request), params);
  const join = view && JOINABLE_PHASES.has(view.board.phase) ? await joinCode(request, event.slug, view.board.id) : null;
  return json({ event, view, join });
}

export type PresenterLoader = typeof presenterLoader;
