import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getSessionUser } from "~/accounts/session.server";
import { Badge } from "~/components/badge";
import { buttonClass } from "~/components/button";
import { Card } from "~/components/card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatLabels } from "~/events/ui/event-card";
import { MarkdownView } from "~/components/markdown";
import { SeatsSummary } from "~/registration/ui/seats-summary";
import { RetentionNotice } from "~/privacy/ui/retention-notice";
import { listBoards } from "~/board/boards.server";
import { eventDescriptionHtml, getPartners } from "~/events/events.server";
import { isOrganiserOf, requireVisibleEvent } from "~/events/permissions.server";
import { SentMessages } from "~/messages/ui/sent-messages";
import { recentMessages } from "~/messages/history.server";
import { retentionNotice } from "~/privacy/retention.server";
import { formatRange } from "~/utils/dates";
import { readFlash } from "~/utils/flash.server";
import { RegistrationStatusBadge } from "~/registration/ui/status";
import { countConfirmed } from "~/registration/attendance.server";
import { getRegistration, registrationWindow } from "~/registration/registrations.server";
import { seriesPath } from "~/events/series";
import { joinCard } from "~/guests/join-card.server";
import { JoinCard } from "~/guests/ui/join-card";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.event.title} · Knowledge Exchange` : "Event not found · Knowledge Exchange" },
  { name: "description", content: data?.event.summary ?? "" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  const event = requireVisibleEvent(params.slug, user);
  const confirmed = countConfirmed(event.id);
  const flash = await readFlash(request);
  return json(
    {
      flash: flash.message,
      event: {
        slug: event.slug,
        title: event.title,
        summary: event.summary,
        format: event.format,
        venue: event.venue,
        timeZone: event.timeZone,
        startsAt: event.startsAt.toISOString(),
        endsAt: event.endsAt.toISOString(),
        capacity: event.capacity,
        status: event.status,
        isPast: event.endsAt.getTime() < Date.now(),
        series: event.series,
        seriesPath: seriesPath(event.series),
      },
      descriptionHtml: eventDescriptionHtml(event),
      partners: getPartners(event.id),
      seats: { confirmed, left: Math.max(0, event.capacity - confirmed) },
      isOrganiser: isOrganiserOf(user, event.id),
      // An unconference may run a Lean Coffee board too: link it whenever one exists.
      hasBoard: event.format !== "unconference" || listBoards(event.id).length > 0,
      registration: registrationSummary(event, user?.id),
      retention: retentionNotice(event),
      sentMessages: isOrganiserOf(user, event.id) ? recentMessages(event.id) : null,
      joinCard: isOrganiserOf(user, event.id) ? await joinCard(request, event) : null,
    },
    { headers: flash.headers },
  );
}

/** What the register button says for this viewer: their state, or whether registration is open. */
function registrationSummary(event: Parameters<typeof registrationWindow>[0] & { id: number }, userId?: number) {
  const mine = userId ? getRegistration(event.id, userId) : null;
  const window = registrationWindow(event);
  return {
    status: mine?.status ?? null,
    position: mine?.position ?? null,
    open: window.open,
    message: window.open ? null : window.message,
  };
}

export default function EventPage() {
  const { event, descriptionHtml, partners, seats, isOrganiser, retention, registration, hasBoard, flash, sentMessages, joinCard } =
    useLoaderData<typeof loader>();
  const holdsPlace = registration.status === "confirmed" || registration.status === "waitlisted" || registration.status === "pending";
  const base = `/events/${event.slug}`;
  const hasSchedule = event.format !== "lean_coffee";
  return (
    // On a phone the seats card (and its Register button) follows the title, before the
    // long description; on a wide screen it is the right-hand column.
    <article
      className={`grid grid-cols-1 items-start gap-6 lg:grid-cols-3 ${flash ? "lg:grid-rows-[auto_auto_1fr]" : "lg:grid-rows-[auto_1fr]"}`}
    >
      {flash ? (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800 lg:col-span-3">
          {flash}
        </p>
      ) : null}
      <header className="lg:col-span-2 lg:col-start-1">
        <div className="flex flex-wrap gap-2">
          <Badge tone="info">{formatLabels[event.format]}</Badge>
          {event.status === "draft" ? <Badge tone="warn">Draft: only organisers see this</Badge> : null}
          {event.status === "cancelled" ? <Badge tone="bad">Cancelled</Badge> : null}
          {event.isPast ? <Badge>Past</Badge> : null}
        </div>
        <h1 className="mt-2 text-3xl font-bold tracking-tight">{event.title}</h1>
        <p className="mt-2 text-slate-700">{formatRange(event.startsAt, event.endsAt, event.timeZone)}</p>
        {event.venue ? <p className="text-slate-700">{event.venue}</p> : null}
        {event.summary ? <p className="mt-4 text-lg text-slate-800">{event.summary}</p> : null}
      </header>
      <aside className={`space-y-4 lg:col-start-3 lg:row-span-2 ${flash ? "lg:row-start-2" : "lg:row-start-1"}`}>
        <Card aria-labelledby="seats-heading">
          <SeatsSummary seats={seats} capacity={event.capacity} />
          {registration.status ? (
            <div className="mt-4 flex items-center justify-between gap-2 text-sm">
              <span>
                You: <RegistrationStatusBadge status={registration.status} position={registration.position} />
              </span>
              <Link to={`${base}/register`}>{holdsPlace ? "Manage registration" : "Details"}</Link>
            </div>
          ) : null}
          {!event.isPast && event.status === "published" && !holdsPlace && registration.status !== "declined" ? (
            registration.open ? (
              <Link to={`${base}/register`} className={`${buttonClass()} mt-4 w-full`}>
                {registration.status === "cancelled" ? "Register again" : seats.left > 0 ? "Register" : "Join the waiting list"}
              </Link>
            ) : (
              <p className="mt-4 text-sm text-slate-600">{registration.message}</p>
            )
          ) : null}
          <RetentionNotice retention={retention} timeZone={event.timeZone} />
        </Card>
        {partners.length ? (
          <Card aria-labelledby="partners-heading">
            <h2 id="partners-heading" className="font-semibold">
              Partner organisations
            </h2>
            <ul className="mt-2 text-sm text-slate-700">
              {partners.map((p) => (
                <li key={p.id}>{p.name}</li>
              ))}
            </ul>
          </Card>
        ) : null}
        {/* Issue 14: the event in calendars, its series, its next installment. */}
        <Card aria-labelledby="installments-heading">
          <h2 id="installments-heading" className="font-semibold">
            Calendar and series
          </h2>
          <ul className="mt-2 space-y-1 text-sm">
            {event.status !== "draft" ? (
              <li>
                <a href={`${base}/event.ics`}>Add to calendar (.ics)</a>
              </li>
            ) : null}
            {event.seriesPath ? (
              <li>
                <Link to={event.seriesPath}>Series: {event.series}</Link>
              </li>
            ) : null}
            {isOrganiser ? (
              <li>
                <Link to={`${base}/copy`}>Copy as next installment</Link>
              </li>
            ) : null}
          </ul>
        </Card>
        {isOrganiser ? (
          <Card aria-labelledby="organiser-heading">
            <h2 id="organiser-heading" className="font-semibold">
              Organiser
            </h2>
            <ul className="mt-2 space-y-1 text-sm">
              <li>
                <Link to={`${base}/edit`}>Edit event</Link>
              </li>
              <li>
                <Link to={`${base}/attendees`}>Attendees</Link>
              </li>
              <li>
                <Link to={`${base}/invitations`}>Invitations and co-organisers</Link>
              </li>
              <li>
                <Link to={`${base}/questions`}>Registration questions</Link>
              </li>
              <li>
                <Link to={`${base}/messages`}>Message attendees</Link>
              </li>
              <li>
                <Link to="/outbox">Outbox</Link>
              </li>
              <li>
                <Link to={`${base}/audit`}>Audit log</Link>
              </li>
            </ul>
            <SentMessages base={base} messages={sentMessages ?? []} />
          </Card>
        ) : null}
        {joinCard ? <JoinCard card={joinCard} /> : null}
      </aside>
      <div className="lg:col-span-2 lg:col-start-1">
        <MarkdownView html={descriptionHtml} />
        <nav aria-label="Event sections" className="mt-6 flex flex-wrap gap-2">
          {hasBoard ? (
            <Link to={`${base}/board`} className={buttonClass("secondary")}>
              Lean Coffee board
            </Link>
          ) : null}
          {hasSchedule ? (
            <>
              <Link to={`${base}/schedule`} className={buttonClass("secondary")}>
                Schedule
              </Link>
              <Link to={`${base}/agenda`} className={buttonClass("secondary")}>
                My agenda
              </Link>
            </>
          ) : null}
          <Link to={`/notes?event=${event.slug}`} className={buttonClass("secondary")}>
            Notes
          </Link>
        </nav>
      </div>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
