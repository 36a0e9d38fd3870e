// The presenter (projector) view of a board; same data as the board page, read-only.
import type { MetaFunction } from "@remix-run/node";
import type { BoardLoader } from "~/board/board-route.server";

export { boardLoader as loader } from "~/board/board-route.server";
export { default, PresenterErrorBoundary as ErrorBoundary } from "~/board/ui/presenter";

export const meta: MetaFunction<BoardLoader> = ({ data }) => [{ title: `Presenter: ${data?.view?.board.title ?? "board"}` }];
