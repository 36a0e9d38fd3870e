// The organiser's dashboard on the event page (issue 17.5): what waits for them, each
// figure from the query its own page counts with, so the dashboard and the page it links
// to can never disagree (the attendee list's attendeeCounts, the outbox's outboxCounts).
import type { Event } from "#db/schema";
import type { SessionUser } from "~/accounts/session.server";
import { outboxCounts } from "~/outbox/outbox.server";
import { attendeeCounts } from "~/registration/attendees.server";

export type OrganiserDashboard = ReturnType<typeof organiserDashboard>;

export function organiserDashboard(event: Pick<Event, "id" | "slug" | "capacity">, viewer: Pick<SessionUser, "id" | "isAdmin">) {
  const { counts, checkedIn } = attendeeCounts(event.id);
  const mail = outboxCounts(viewer, { eventId: event.id });
  const attendees = `/events/${event.slug}/attendees`;
  return {
    pending: { count: counts.pending, href: `${attendees}?status=pending` },
    waitlisted: { count: counts.waitlisted, href: `${attendees}?status=waitlisted` },
    seats: { taken: counts.confirmed, total: event.capacity, href: `${attendees}?status=confirmed` },
    checkedIn: { count: checkedIn, of: counts.confirmed, href: `${attendees}?status=confirmed` },
    // Not yet sent: waiting for SMTP (or for SMTP to be set up) or failed; failures first.
    mail: {
      queued: mail.queued,
      failed: mail.failed,
      href: `/outbox?event=${event.slug}&status=${mail.failed ? "failed" : "queued"}`,
    },
  };
}
