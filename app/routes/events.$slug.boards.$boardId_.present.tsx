// The presenter (projector) view of a board: full screen, without the site's header and footer.
import type { MetaFunction } from "@remix-run/node";
import type { PresenterLoader } from "~/board/presenter-route.server";

export { presenterLoader as loader } from "~/board/presenter-route.server";
export { default, PresenterErrorBoundary as ErrorBoundary } from "~/board/ui/presenter";

export const handle = { chrome: false };

export const meta: MetaFunction<PresenterLoader> = ({ data }) => [{ title: `Presenter: ${data?.view?.board.title ?? "board"}` }];
