import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildNotesFeed } from "~/notes/feed.server";
import { publicOrigin } from "~/utils/public-origin.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return new Response(buildNotesFeed(publicOrigin(request)), {
    headers: {
      "Content-Type": "application/atom+xml; charset=utf-8",
      "Cache-Control": "public, max-age=300",
    },
  });
}
