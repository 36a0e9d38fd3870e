// The event's schedule as iCalendar, for calendar apps (public for published events).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePublishedEvent, scheduleCalendar } from "~/schedule/feeds.server";
import { icsResponse } from "~/schedule/ics-response.server";
import { publicOrigin } from "~/utils/public-origin.server";
import { toResponse } from "~/utils/errors.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const event = requirePublishedEvent(params.slug);
    return icsResponse(scheduleCalendar(event, publicOrigin(request)), `${event.slug}-schedule.ics`);
  } catch (error) {
    toResponse(error);
  }
}
