// The event form filled with an event's current values: what the edit page shows, and
// what a test posts to change one field as a person would.
import type { Event } from "#db/schema";
import { getOrganisers, getPartners } from "~/events/events.server";
import { utcToLocalInput } from "~/utils/dates";

export function eventFormValues(event: Event) {
  const tz = event.timeZone;
  return {
    title: event.title,
    summary: event.summary,
    description: event.description,
    format: event.format,
    series: event.series ?? "",
    venue: event.venue,
    timeZone: tz,
    startsAt: utcToLocalInput(event.startsAt, tz),
    endsAt: utcToLocalInput(event.endsAt, tz),
    capacity: String(event.capacity),
    registrationOpensAt: utcToLocalInput(event.registrationOpensAt, tz),
    registrationClosesAt: utcToLocalInput(event.registrationClosesAt, tz),
    partnerOrganisationIds: getPartners(event.id).map((p) => String(p.id)),
    organiserEmails: getOrganisers(event.id)
      .filter((o) => o.role === "organiser" && o.email)
      .map((o) => o.email)
      .join(", "),
    /** A checkbox: "on" when set, "" (not sent by a browser) when not. */
    openMarketplace: event.openMarketplace ? "on" : "",
    partnersOnly: event.partnersOnly ? "on" : "",
    guestsMayJoin: event.guestsMayJoin ? "on" : "",
    status: event.status,
  };
}
