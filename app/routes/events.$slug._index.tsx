import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getSessionUser } from "~/accounts/session.server";
import { clientIp } from "~/utils/client-ip.server";
import { Badge } from "~/components/badge";
import { buttonClass } from "~/components/button";
import { SubmitButton } from "~/components/submit-button";
import { Card } from "~/components/card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatLabels } from "~/events/ui/event-card";
import { MarkdownView } from "~/components/markdown";
import { SeatsSummary } from "~/registration/ui/seats-summary";
import { RetentionNotice } from "~/privacy/ui/retention-notice";
import { listBoards } from "~/board/boards.server";
import { organiserDashboard } from "~/events/dashboard.server";
import { eventDescriptionHtml, getPartners, publishEvent } from "~/events/events.server";
import { isOrganiserOf, requireOrganiser, requireVisibleEvent } from "~/events/permissions.server";
import { OrganiserDashboard } from "~/events/ui/organiser-dashboard";
import { SentMessages } from "~/messages/ui/sent-messages";
import { recentMessages } from "~/messages/history.server";
import { retentionNotice } from "~/privacy/retention.server";
import { formatRange } from "~/utils/dates";
import { DomainError } from "~/utils/errors.server";
import { readFlash, redirectWithFlash } from "~/utils/flash.server";
import { RegistrationStatusBadge } from "~/registration/ui/status";
import { countConfirmed } from "~/registration/attendance.server";
import { getRegistration, registrationWindow } from "~/registration/registrations.server";
import { seriesPath } from "~/events/series";
import { joinCard } from "~/guests/join-card.server";
import { JoinCard } from "~/guests/ui/join-card";

/** Kept for a few seconds for visitors without a cookie (app/utils/page-cache.server.ts). */
export const handle = { pageCache: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.event.title} · Knowledge Exchange` : "Event not found · Knowledge Exchange" },
  { name: "description", content: data?.event.summary ?? "" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  const event = requireVisibleEvent(params.slug, user);
  const confirmed = countConfirmed(event.id);
  const flash = await readFlash(request);
  const isOrganiser = isOrganiserOf(user, event.id);
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
      isOrganiser,
      dashboard: isOrganiser && user ? organiserDashboard(event, user) : null,
      // An unconference may run a Lean Coffee board too: link it whenever one exists.
      hasBoard: event.format !== "unconference" || listBoards(event.id).length > 0,
      registration: registrationSummary(event, user?.id),
      retention: retentionNotice(event),
      sentMessages: isOrganiser ? recentMessages(event.id) : null,
      joinCard: isOrganiser ? await joinCard(request, event) : null,
    },
    { headers: flash.headers },
  );
}

/** The draft notice's Publish button (organisers only): the one publish rule, then back here. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  // A draft stays a 404 for everyone else, as on the page itself.
  const visible = requireVisibleEvent(params.slug, await getSessionUser(request));
  const { user, event } = await requireOrganiser(request, visible);
  const formData = await request.formData();
  if (formData.get("intent") !== "publish") return json({ message: "Choose an action." }, { status: 400 });
  try {
    publishEvent(event, { id: user.id, ip: clientIp(context) });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return json({ message: error.message }, { status: error.status });
  }
  return redirectWithFlash(`/events/${event.slug}`, "event-publish", 303);
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
  const {
    event,
    descriptionHtml,
    partners,
    seats,
    isOrganiser,
    dashboard,
    retention,
    registration,
    hasBoard,
    flash,
    sentMessages,
    joinCard,
  } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const holdsPlace = registration.status === "confirmed" || registration.status === "waitlisted" || registration.status === "pending";
  const base = `/events/${event.slug}`;
  const hasSchedule = event.format !== "lean_coffee";
  return (
    // On a phone the event's sections (board, schedule, agenda, notes) and then the seats card
    // (and its Register button) follow the title, before the long description; on a wide screen
    // the cards are the right-hand column, an organiser's dashboard and tools first.
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
        {isOrganiser && event.status === "draft" ? (
          <Form method="post" className="mt-4 flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 px-4 py-3">
            <input type="hidden" name="intent" value="publish" />
            <p className="text-sm text-amber-900">This event is a draft: only its organisers see it, and nobody can register yet.</p>
            <SubmitButton pendingLabel="Publishing…">Publish</SubmitButton>
          </Form>
        ) : null}
        {refused?.message ? (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {refused.message}
          </p>
        ) : null}
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
        {dashboard ? <OrganiserDashboard dashboard={dashboard} /> : null}
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
                <Link to={`${base}/guests`}>Guests</Link>
              </li>
              <li>
                <Link to={`${base}/questions`}>Registration questions</Link>
              </li>
              {hasSchedule ? (
                <li>
                  <Link to={`${base}/schedule/setup`}>Rooms &amp; slots</Link>
                </li>
              ) : null}
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
      </aside>
      <div className="lg:col-span-2 lg:col-start-1">
        <MarkdownView html={descriptionHtml} />
      </div>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
