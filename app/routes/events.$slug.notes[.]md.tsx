import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSessionUser } from "~/accounts/session.server";
import { requireVisibleEvent } from "~/events/permissions.server";
import { eventNotesForExport, eventNotesMarkdown } from "~/notes/export.server";
import { publicOrigin } from "~/utils/public-origin.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await getSessionUser(request);
  const event = requireVisibleEvent(params.slug, viewer);
  const markdown = eventNotesMarkdown(event, eventNotesForExport(event, viewer), publicOrigin(request));
  return new Response(markdown, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${event.slug}-notes.md"`,
      "Cache-Control": "private, no-store",
    },
  });
}
