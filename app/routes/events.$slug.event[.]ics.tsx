// The event as one calendar entry, for "add to calendar" (public for published and
// cancelled events; drafts have none).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { eventCalendar } from "~/events/calendar.server";
import { requirePublishedEvent } from "~/schedule/feeds.server";
import { icsResponse } from "~/schedule/ics-response.server";
import { publicOrigin } from "~/utils/public-origin.server";
import { toResponse } from "~/utils/errors.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const event = requirePublishedEvent(params.slug);
    return icsResponse(eventCalendar(event, { origin: publicOrigin(request) }), `${event.slug}.ics`);
  } catch (error) {
    toResponse(error);
  }
}
