// The attendee list's summary (seats by state, registrations per organisation), folded into
// a disclosure so the page opens on the search at the door (new-user review, finding 12):
// its one line keeps the figures the door needs; a tap (no JavaScript needed) shows the rest.
// It opens by itself when the list is filtered by a state (the organiser came from one of the
// dashboard's figures): the figure they followed is then in sight, beside the list it counts.
import { Card } from "~/components/card";
import { SeatsByState } from "~/registration/ui/attendee-filters";
import { OrganisationCounts } from "~/registration/ui/attendees";

export function AttendeeSummary({
  capacity,
  free,
  counts,
  total,
  checkedIn,
  organisations,
  open = false,
}: Parameters<typeof SeatsByState>[0] & { organisations: Parameters<typeof OrganisationCounts>[0]["organisations"]; open?: boolean }) {
  return (
    <details className="at-summary" open={open}>
      <summary>
        Seats and organisations
        <span className="at-summary-figures">{` · ${counts.confirmed} of ${capacity} confirmed · ${free} free · ${checkedIn} checked in`}</span>
      </summary>
      <div className="mt-3 grid grid-cols-1 gap-4 lg:grid-cols-3">
        <SeatsByState capacity={capacity} free={free} counts={counts} total={total} checkedIn={checkedIn} />
        <Card aria-labelledby="orgs-heading" className="lg:col-span-2">
          <h2 id="orgs-heading" className="mb-2 font-semibold">
            Per organisation
          </h2>
          <OrganisationCounts organisations={organisations} />
        </Card>
      </div>
    </details>
  );
}
