import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/accounts/session.server";
import { FlashMessage } from "~/components/flash-message";
import { Badge } from "~/components/badge";
import { Card, PageHeader } from "~/components/card";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CalendarLink } from "~/schedule/ui/calendar-link";
import { ScheduleStarButton } from "~/schedule/ui/star-button";
import { requireVisibleEvent } from "~/events/permissions.server";
import { canParticipate } from "~/events/participation.server";
import { getAgenda } from "~/schedule/agenda.server";
import { hasActiveAgendaToken } from "~/schedule/feeds.server";
import { agendaAction } from "~/schedule/agenda-action.server";
import { formatDate, formatTime } from "~/utils/dates";
import { jsonWithFlash } from "~/utils/flash.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `My agenda · ${data?.event.title ?? "Event"} · Knowledge Exchange` },
];

async function context(request: Request, slug: string | undefined) {
  const user = await requireUser(request);
  const event = requireVisibleEvent(slug, user);
  return { user, event };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, event } = await context(request, params.slug);
  const agenda = getAgenda(event, user.id);
  const item = (s: (typeof agenda.scheduled)[number]) => ({
    id: s.id,
    title: s.title,
    status: s.status,
    hosts: s.hosts.map((h) => h.name),
    roomName: s.room?.name ?? null,
    startsAt: s.slot?.startsAt.toISOString() ?? null,
    endsAt: s.slot?.endsAt.toISOString() ?? null,
    starred: s.starred,
    hosting: s.hosting,
    starCount: s.starCount,
    clashesWith: s.clashesWith,
  });
  return jsonWithFlash(request, {
    event: { slug: event.slug, title: event.title, timeZone: event.timeZone },
    scheduled: agenda.scheduled.map(item),
    unscheduled: agenda.unscheduled.map(item),
    clashCount: agenda.clashCount,
    participant: canParticipate(user, event),
    hasFeed: hasActiveAgendaToken(event.id, user.id),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await context(request, params.slug);
  return agendaAction(request, event, user);
}

export default function AgendaPage() {
  const { flash, event, scheduled, unscheduled, clashCount, participant, hasFeed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const base = `/events/${event.slug}`;
  const tz = event.timeZone;
  const titleOf = (id: number) => scheduled.find((s) => s.id === id)?.title ?? "another session";
  const feedUrl = result && "feedUrl" in result && typeof result.feedUrl === "string" ? result.feedUrl : null;
  let lastDay = "";
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-4 lg:col-span-2">
        <PageHeader
          title="My agenda"
          subtitle={
            <>
              <Link to={`${base}/schedule`}>{event.title}</Link> · times in {tz}
            </>
          }
        />
        {result && !feedUrl ? (
          <FlashMessage ok={result.ok} message={result.message} className="" />
        ) : (
          <FlashMessage message={flash} className="" />
        )}
        {clashCount > 0 ? (
          <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
            ⚠ Your agenda has {clashCount} clash{clashCount > 1 ? "es" : ""}: sessions you starred run at the same time.
          </p>
        ) : null}
        {scheduled.length === 0 && unscheduled.length === 0 ? (
          <EmptyState title="Nothing in your agenda yet">
            Star sessions on the <Link to={`${base}/schedule`}>schedule</Link> and they appear here.
          </EmptyState>
        ) : null}
        {scheduled.length ? (
          <ol className="space-y-3" aria-label="Scheduled sessions">
            {scheduled.map((s) => {
              const day = formatDate(s.startsAt!, tz);
              const showDay = day !== lastDay;
              lastDay = day;
              return (
                <li key={s.id}>
                  {showDay ? <h2 className="mb-2 mt-4 text-lg font-semibold">{day}</h2> : null}
                  <Card className={s.clashesWith.length ? "border-amber-400" : ""}>
                    <div className="flex flex-wrap items-start justify-between gap-2">
                      <div>
                        <p className="text-sm font-medium text-slate-600">
                          {formatTime(s.startsAt!, tz)}–{formatTime(s.endsAt!, tz)} · {s.roomName}
                        </p>
                        <h3 className={`text-lg font-semibold ${s.status === "cancelled" ? "line-through" : ""}`}>
                          <Link to={`${base}/sessions/${s.id}`}>{s.title}</Link>
                        </h3>
                        <p className="text-sm text-slate-600">{s.hosts.join(", ")}</p>
                        <div className="mt-1 flex flex-wrap gap-1">
                          {s.hosting ? <Badge tone="info">You host this</Badge> : null}
                          {s.status === "cancelled" ? <Badge tone="bad">Cancelled</Badge> : null}
                          {s.clashesWith.length ? <Badge tone="warn">Clash with {s.clashesWith.map(titleOf).join(", ")}</Badge> : null}
                        </div>
                      </div>
                      {s.starred && s.status !== "cancelled" ? (
                        <ScheduleStarButton sessionId={s.id} title={s.title} starred count={s.starCount} disabled={!participant} />
                      ) : null}
                    </div>
                  </Card>
                </li>
              );
            })}
          </ol>
        ) : null}
        {unscheduled.length ? (
          <section aria-labelledby="unscheduled-heading">
            <h2 id="unscheduled-heading" className="mb-2 mt-6 text-lg font-semibold">
              Not in the grid yet
            </h2>
            <ul className="space-y-2">
              {unscheduled.map((s) => (
                <li key={s.id} className="flex items-center justify-between gap-2 rounded-lg border border-slate-200 bg-white p-3">
                  <span>
                    <Link to={`${base}/sessions/${s.id}`} className="font-medium">
                      {s.title}
                    </Link>
                    {s.hosting ? (
                      <span className="ml-2">
                        <Badge tone="info">You host this</Badge>
                      </span>
                    ) : null}
                  </span>
                  {s.starred ? (
                    <ScheduleStarButton sessionId={s.id} title={s.title} starred count={s.starCount} disabled={!participant} />
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
      <aside>
        <CalendarLink
          eventPath={base}
          participant={participant}
          hasFeed={hasFeed}
          created={feedUrl && result ? { feedUrl, message: result.message } : null}
          confirmError={result && "fieldErrors" in result ? (result.fieldErrors?.confirmReplace?.[0] ?? null) : null}
        />
      </aside>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
