// The event's first Lean Coffee board. Same module as /events/:slug/boards/:boardId.
export { boardLoader as loader, boardAction as action } from "~/board/board-route.server";
export {
  default,
  boardMeta as meta,
  boardShouldRevalidate as shouldRevalidate,
  BoardErrorBoundary as ErrorBoundary,
} from "~/board/ui/board-page";
export { boardTemplateHandle as handle } from "~/board/template/handle";
