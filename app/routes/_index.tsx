import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getSessionUser } from "~/accounts/session.server";
import { buttonClass } from "~/components/button";
import { PageHeader } from "~/components/card";
import { EmptyState } from "~/components/empty-state";
import { EventCard } from "~/events/ui/event-card";
import { listEventsForHome } from "~/events/events.server";
import { canCreateEvents } from "~/events/permissions.server";
import { listSeries } from "~/events/series.server";

/** Kept for a few seconds for visitors without a cookie (app/utils/page-cache.server.ts). */
export const handle = { pageCache: true };

export const meta: MetaFunction = () => [
  { title: "Knowledge Exchange" },
  { name: "description", content: "Cross-company Lean Coffees and unconferences, and what we learned." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  return json({ ...listEventsForHome(user), canCreate: canCreateEvents(user), series: listSeries(user) });
}

export default function Index() {
  const { upcoming, past, canCreate, series } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader
        title="Knowledge exchanges"
        subtitle="Engineering organisations meeting to learn from each other, and keeping what they learned."
        actions={
          canCreate ? (
            <Link to="/events/new" className={buttonClass()}>
              New event
            </Link>
          ) : null
        }
      />
      <section aria-labelledby="upcoming-heading" className="mb-10">
        <h2 id="upcoming-heading" className="mb-3 text-xl font-semibold">
          Upcoming
        </h2>
        {upcoming.length ? (
          <ul className="grid gap-4 md:grid-cols-2">
            {upcoming.map((event) => (
              <EventCard key={event.id} event={event} />
            ))}
          </ul>
        ) : (
          <EmptyState title="No upcoming exchanges yet." />
        )}
      </section>
      {series.length ? (
        <section aria-labelledby="series-heading" className="mb-10">
          <h2 id="series-heading" className="mb-3 text-xl font-semibold">
            Series
          </h2>
          <ul className="flex flex-wrap gap-3">
            {series.map((s) => (
              <li key={s.slug}>
                <Link to={`/series/${s.slug}`} className={buttonClass("secondary")}>
                  {s.name} ({s.installments === 1 ? "1 installment" : `${s.installments} installments`})
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="past-heading">
        <h2 id="past-heading" className="mb-3 text-xl font-semibold">
          Past
        </h2>
        {past.length ? (
          <ul className="grid gap-4 md:grid-cols-2">
            {past.map((event) => (
              <EventCard key={event.id} event={event} />
            ))}
          </ul>
        ) : (
          <EmptyState title="No past exchanges yet." />
        )}
      </section>
    </div>
  );
}
