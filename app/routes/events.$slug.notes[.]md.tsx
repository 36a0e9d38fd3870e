import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSessionUser } from "~/accounts/session.server";
import { requireVisibleEvent } from "~/events/permissions.server";
import { eventNotesForExport, eventNotesMarkdown } from "~/notes/export.server";
import { getEnv } from "~/utils/env.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await getSessionUser(request);
  const event = requireVisibleEvent(params.slug, viewer);
  const origin = (getEnv().BASE_URL ?? new URL(request.url).origin).replace(/\/$/, "");
  const markdown = eventNotesMarkdown(event, eventNotesForExport(event, viewer), origin);
  return new Response(markdown, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${event.slug}-notes.md"`,
      "Cache-Control": "private, no-store",
    },
  });
}
