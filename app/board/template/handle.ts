// The board routes' `handle` (re-exported by app/routes/events.$slug.board.tsx and
// events.$slug.boards.$boardId.tsx): attendees' pages are filled in from the shared
// "board" template (board-document.server.tsx, ADR 023). A route without it never is.
export const boardTemplateHandle = { sharedTemplate: "board" } as const;
