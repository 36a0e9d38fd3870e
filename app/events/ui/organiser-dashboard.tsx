// The organiser's dashboard: what waits for them on this event, each figure a link to the
// page where it is handled (figures from app/events/dashboard.server.ts).
import { Link } from "@remix-run/react";
import { Card } from "~/components/card";
import type { OrganiserDashboard as Dashboard } from "~/events/dashboard.server";

function Figure({ label, value, href, attention = false }: { label: string; value: string; href: string; attention?: boolean }) {
  return (
    <li>
      {/* The label comes first for screen readers ("Requests waiting for review 2"); the figure shows on top. */}
      <Link
        to={href}
        className={`flex flex-col-reverse rounded-lg border px-3 py-2 no-underline hover:border-brand-600 ${attention ? "border-amber-400 bg-amber-50" : "border-slate-200 bg-slate-50"}`}
      >
        <span className="block text-sm text-slate-700">{label}</span>
        <span className="block text-2xl font-bold text-slate-900">{value}</span>
      </Link>
    </li>
  );
}

export function OrganiserDashboard({ dashboard }: { dashboard: Dashboard }) {
  const { pending, waitlisted, seats, checkedIn, mail } = dashboard;
  return (
    <Card aria-labelledby="dashboard-heading">
      <h2 id="dashboard-heading" className="font-semibold">
        Dashboard
      </h2>
      <ul className="mt-3 grid grid-cols-2 gap-2">
        <Figure label="Requests waiting for review" value={String(pending.count)} href={pending.href} attention={pending.count > 0} />
        <Figure label="On the waiting list" value={String(waitlisted.count)} href={waitlisted.href} />
        <Figure label="Seats taken" value={`${seats.taken} / ${seats.total}`} href={seats.href} />
        <Figure label="Checked in" value={`${checkedIn.count} / ${checkedIn.of}`} href={checkedIn.href} />
        <Figure
          label={mail.failed ? `Mail not sent yet (${mail.failed} failed)` : "Mail not sent yet"}
          value={String(mail.queued + mail.failed)}
          href={mail.href}
          attention={mail.failed > 0}
        />
      </ul>
    </Card>
  );
}
