import type { LoaderFunctionArgs } from "@remix-run/node";
import { recordAudit } from "~/audit/audit.server";
import { clientIp } from "~/utils/client-ip.server";
import { requireOrganiser } from "~/events/permissions.server";
import { attendeesCsv, parseAttendeeFilter } from "~/registration/attendees.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, event } = await requireOrganiser(request, params.slug ?? "");
  const filter = parseAttendeeFilter(new URL(request.url).searchParams);
  const csv = attendeesCsv(event.id, filter);
  recordAudit({ actorId: user.id, eventId: event.id, action: "attendees.export", ip: clientIp(context), details: { ...filter } });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${event.slug}-attendees.csv"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
