// Any Lean Coffee board of an event. Same module as /events/:slug/board.
export { boardLoader as loader, boardAction as action } from "~/board/board-route.server";
export {
  default,
  boardMeta as meta,
  boardShouldRevalidate as shouldRevalidate,
  BoardErrorBoundary as ErrorBoundary,
} from "~/board/ui/board-page";
export { boardTemplateHandle as handle } from "~/board/template/handle";
