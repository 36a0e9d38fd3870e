// A person's agenda as iCalendar, behind a private token (?token=…), no cookie needed.
// Unknown token → 404, revoked → 410; nothing else is revealed.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { agendaCalendar, requirePublishedEvent } from "~/schedule/feeds.server";
import { icsResponse } from "~/schedule/ics-response.server";
import { publicOrigin } from "~/utils/public-origin.server";
import { toResponse } from "~/utils/errors.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const event = requirePublishedEvent(params.slug);
    const token = new URL(request.url).searchParams.get("token") ?? "";
    return icsResponse(agendaCalendar(event, token, publicOrigin(request)), `${event.slug}-agenda.ics`, { private: true });
  } catch (error) {
    toResponse(error);
  }
}
