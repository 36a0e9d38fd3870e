// A series of exchanges: its installments in order, attendance, the topics discussed,
// the sessions held and its notes (app/events/series.server.ts).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getSessionUser } from "~/accounts/session.server";
import { Badge } from "~/components/badge";
import { buttonClass } from "~/components/button";
import { Card, PageHeader } from "~/components/card";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatLabels } from "~/events/ui/event-card";
import { NoteResultList } from "~/notes/ui/result";
import { SeriesAttendanceChart } from "~/events/ui/series-attendance-chart";
import { isOrganiserOf } from "~/events/permissions.server";
import { seriesOverview } from "~/events/series.server";
import { formatDate, formatRange, formatTime } from "~/utils/dates";
import { plural } from "~/utils/plural";
import { toResponse } from "~/utils/errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.name} · Series · Knowledge Exchange` : "Series not found · Knowledge Exchange" },
  { name: "description", content: data ? `Every installment of ${data.name}, and what each one learned.` : "" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  try {
    const overview = seriesOverview(params.slug ?? "", user);
    const { installments, ...rest } = overview;
    return json({
      ...rest,
      installments: installments.map(({ id: _id, ...installment }) => installment),
      eventTitles: Object.fromEntries(installments.map((e) => [e.id, { title: e.title, slug: e.slug, timeZone: e.timeZone }])),
      organisesOne: installments.some((e) => isOrganiserOf(user, e.id)),
    });
  } catch (error) {
    toResponse(error);
  }
}

const cameBackText = (n: number) => (n === 0 ? "First time" : n === 1 ? "Came back once" : `Came back ${n} times`);

export default function SeriesPage() {
  const { name, spellings, installments, eventTitles, topics, sessions, notes, organisesOne } = useLoaderData<typeof loader>();
  const notesSearch = `/notes?${new URLSearchParams({ series: name })}`;
  return (
    <div className="space-y-8">
      <PageHeader title={name} subtitle={`A series of ${plural(installments.length, "installment", "installments")}.`} />
      {organisesOne && spellings.length > 1 ? (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          Installments spell the series in {spellings.length} ways ({spellings.map((s) => `“${s}”`).join(", ")}). The notes below are those
          of “{name}”: give every installment that spelling so the notes search finds them all.
        </p>
      ) : null}

      <section aria-labelledby="installments-heading">
        <h2 id="installments-heading" className="mb-3 text-xl font-semibold">
          Installments
        </h2>
        <ol className="grid gap-4 md:grid-cols-2">
          {installments.map((e, i) => (
            <li key={e.slug} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
              <div className="flex flex-wrap items-center gap-2">
                <Badge>Part {i + 1}</Badge>
                <Badge tone="info">{formatLabels[e.format]}</Badge>
                {e.status === "draft" ? <Badge tone="warn">Draft</Badge> : null}
                {e.status === "cancelled" ? <Badge tone="bad">Cancelled</Badge> : null}
                {e.isPast ? <Badge>Past</Badge> : null}
              </div>
              <h3 className="mt-2 text-lg font-semibold">
                <Link to={`/events/${e.slug}`}>{e.title}</Link>
              </h3>
              <p className="text-sm text-slate-600">{formatRange(e.startsAt, e.endsAt, e.timeZone)}</p>
              {e.venue ? <p className="text-sm text-slate-600">{e.venue}</p> : null}
              {e.partners.length ? <p className="mt-2 text-sm text-slate-700">Partners: {e.partners.join(", ")}</p> : null}
              <p className="mt-1 text-sm text-slate-700">
                {plural(e.attendance.confirmed, "confirmed attendee", "confirmed attendees")}
                {e.isPast ? `, ${e.attendance.checkedIn} checked in` : ""}
              </p>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="attendance-heading">
        <h2 id="attendance-heading" className="mb-3 text-xl font-semibold">
          Attendance
        </h2>
        <Card>
          <SeriesAttendanceChart
            rows={installments.map((e) => ({
              label: e.title,
              confirmed: e.attendance.confirmed,
              checkedIn: e.attendance.checkedIn,
              isPast: e.isPast,
              organisations: e.attendance.organisations,
            }))}
          />
        </Card>
      </section>

      <section aria-labelledby="topics-heading">
        <h2 id="topics-heading" className="mb-3 text-xl font-semibold">
          Topics discussed
        </h2>
        {topics.length ? (
          <Card>
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Topics discussed across the installments, with their dots</caption>
              <thead>
                <tr className="border-b border-slate-200">
                  <th scope="col" className="py-1 pr-3">
                    Topic
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    Installment
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    Dots
                  </th>
                  <th scope="col" className="py-1">
                    History
                  </th>
                </tr>
              </thead>
              <tbody>
                {topics.map((t) => (
                  <tr key={t.id} className="border-b border-slate-100 align-top">
                    <th scope="row" className="py-1 pr-3 font-normal">
                      {t.title}
                    </th>
                    <td className="py-1 pr-3">{eventTitles[t.eventId]?.title}</td>
                    <td className="py-1 pr-3">{t.dots === null ? "hidden" : t.dots}</td>
                    <td className="py-1">{cameBackText(t.cameBack)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        ) : (
          <EmptyState title="No topics discussed yet." />
        )}
      </section>

      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" className="mb-3 text-xl font-semibold">
          Sessions
        </h2>
        {sessions.length ? (
          <ul className="space-y-1 text-sm">
            {sessions.map((s) => {
              const event = eventTitles[s.eventId];
              return (
                <li key={s.id}>
                  <Link to={`/events/${event.slug}/sessions/${s.id}`}>{s.title}</Link>{" "}
                  <span className="text-slate-600">
                    · {event.title}, {formatDate(s.startsAt, event.timeZone)} {formatTime(s.startsAt, event.timeZone)}–
                    {formatTime(s.endsAt, event.timeZone)}, {s.room}
                  </span>
                </li>
              );
            })}
          </ul>
        ) : (
          <EmptyState title="No sessions scheduled yet." />
        )}
      </section>

      <section aria-labelledby="notes-heading" className="space-y-3">
        <h2 id="notes-heading" className="text-xl font-semibold">
          Notes
        </h2>
        <p className="text-sm text-slate-700">
          {notes.totalIsCapped ? `More than ${notes.total} notes` : plural(notes.total, "note", "notes")} from this series.
        </p>
        <form method="get" action="/notes" role="search" className="flex max-w-xl flex-wrap items-end gap-2">
          <input type="hidden" name="series" value={name} />
          <div className="grow">
            <label htmlFor="series-notes-q" className="block text-sm font-medium text-slate-800">
              Search the notes of this series
            </label>
            <input
              id="series-notes-q"
              name="q"
              type="search"
              className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
            />
          </div>
          <button type="submit" className={buttonClass("secondary")}>
            Search
          </button>
        </form>
        {notes.results.length ? (
          <>
            <NoteResultList results={notes.results} label="Newest notes of this series" />
            {notes.total > notes.results.length ? <Link to={notesSearch}>All notes of this series</Link> : null}
          </>
        ) : (
          <EmptyState title="No notes you can read yet." />
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
