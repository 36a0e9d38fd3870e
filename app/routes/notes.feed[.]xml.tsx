import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildNotesFeed } from "~/notes/feed.server";
import { getEnv } from "~/utils/env.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const origin = (getEnv().BASE_URL ?? new URL(request.url).origin).replace(/\/$/, "");
  return new Response(buildNotesFeed(origin), {
    headers: {
      "Content-Type": "application/atom+xml; charset=utf-8",
      "Cache-Control": "public, max-age=300",
    },
  });
}
