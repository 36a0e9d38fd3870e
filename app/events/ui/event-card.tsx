import { Link } from "@remix-run/react";
import { Badge } from "~/components/badge";
import { formatRange } from "~/utils/dates";

export const formatLabels = { lean_coffee: "Lean Coffee", unconference: "Unconference", mixed: "Lean Coffee + unconference" } as const;

type EventSummary = {
  slug: string;
  title: string;
  summary: string;
  format: keyof typeof formatLabels;
  venue: string;
  timeZone: string;
  startsAt: string;
  endsAt: string;
  status: string;
};

export function EventCard({ event }: { event: EventSummary }) {
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone="info">{formatLabels[event.format]}</Badge>
        {event.status === "draft" ? <Badge tone="warn">Draft</Badge> : null}
        {event.status === "cancelled" ? <Badge tone="bad">Cancelled</Badge> : null}
      </div>
      <h3 className="mt-2 text-xl font-semibold">
        <Link to={`/events/${event.slug}`} className="no-underline hover:underline">
          {event.title}
        </Link>
      </h3>
      <p className="mt-1 text-sm text-slate-600">{formatRange(event.startsAt, event.endsAt, event.timeZone)}</p>
      {event.venue ? <p className="text-sm text-slate-600">{event.venue}</p> : null}
      {event.summary ? <p className="mt-2 text-slate-700">{event.summary}</p> : null}
    </li>
  );
}
