import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { clientIp } from "~/utils/client-ip.server";
import { FlashMessage } from "~/components/flash-message";
import { Badge } from "~/components/badge";
import { buttonClass } from "~/components/button";
import { Card, PageHeader } from "~/components/card";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ScheduleGrid } from "~/schedule/ui/grid";
import { SchedulePlaceForm } from "~/schedule/ui/place-form";
import { ScheduleWarnings } from "~/schedule/ui/warnings";
import { setStar } from "~/schedule/agenda.server";
import { loadScheduleGrid, slotsRunningAt } from "~/schedule/grid.server";
import { placeSession, unplaceSession } from "~/schedule/placement.server";
import { scheduleActionContext, scheduleContext } from "~/schedule/route-helpers.server";
import { actionDone, invalidForm, refusedAction } from "~/utils/action-reply.server";
import { placementSchema, sessionIdSchema } from "~/schedule/schedule-schema";
import printStyles from "~/schedule/schedule-print.css";
import scheduleStyles from "~/schedule/schedule.css";
import { formatRange } from "~/utils/dates";
import { jsonWithFlash } from "~/utils/flash.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: scheduleStyles },
  { rel: "stylesheet", href: printStyles, media: "print" },
];

/** Kept for a few seconds for visitors without a cookie (app/utils/page-cache.server.ts). */
export const handle = { pageCache: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Schedule · ${data.event.title} · Knowledge Exchange` : "Schedule · Knowledge Exchange" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, event } = await scheduleContext(request, params.slug);
  const grid = loadScheduleGrid(event, user);
  return jsonWithFlash(request, {
    event: {
      slug: event.slug,
      title: event.title,
      timeZone: event.timeZone,
      venue: event.venue,
      range: formatRange(event.startsAt, event.endsAt, event.timeZone),
    },
    grid,
    nowSlotIds: slotsRunningAt(grid.slots, new Date()).map((s) => s.id),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, event } = await scheduleActionContext(request, params.slug);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const ctx = { ip: clientIp(context) };
  // Without JavaScript, success is post/redirect/get back to the session's card.
  const cardUrl = (sessionId: number) => `/events/${event.slug}/schedule#session-${sessionId}`;
  if (intent === "place") {
    const submission = parseWithZod(formData, { schema: placementSchema });
    if (submission.status !== "success") return invalidForm(formData, submission.error);
    try {
      const { session, warnings } = placeSession(event, user, submission.value, ctx);
      return actionDone(
        formData,
        {
          sessionId: session.id,
          message: `Placed “${session.title}” in ${session.room?.name} at ${formatRange(session.slot!.startsAt, session.slot!.endsAt, event.timeZone)}.`,
          warnings,
        },
        cardUrl(session.id),
        "session-placed",
      );
    } catch (error) {
      return refusedAction(formData, error);
    }
  }
  const submission = parseWithZod(formData, { schema: sessionIdSchema });
  if (submission.status !== "success") return invalidForm(formData, submission.error);
  const { sessionId } = submission.value;
  try {
    switch (submission.value.intent) {
      case "unplace": {
        const session = unplaceSession(event, user, sessionId, ctx);
        return actionDone(
          formData,
          { sessionId, message: `Took “${session.title}” out of the grid.` },
          cardUrl(sessionId),
          "session-unplaced",
        );
      }
      case "star":
      case "unstar": {
        const starCount = setStar(event, user, sessionId, intent === "star");
        const on = intent === "star";
        return actionDone(
          formData,
          { sessionId, starCount, message: on ? "Starred." : "Star removed." },
          cardUrl(sessionId),
          on ? "session-starred" : "session-unstarred",
        );
      }
      default:
        return invalidForm(formData, { intent: ["Unknown action."] });
    }
  } catch (error) {
    return refusedAction(formData, error);
  }
}

export default function SchedulePage() {
  const { flash, event, grid, nowSlotIds } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const base = `/events/${event.slug}`;
  const hasGrid = grid.rooms.length > 0 && grid.slots.length > 0;
  const placeableIds = new Set(grid.placeableIds);
  const placeable = grid.viewer.canPlace ? [...grid.placed, ...grid.unplaced].filter((s) => placeableIds.has(s.id)) : [];
  return (
    <div className="schedule-page space-y-6">
      <PageHeader
        title="Schedule"
        subtitle={
          <>
            <Link to={base}>{event.title}</Link> · {event.range}
            {event.venue ? ` · ${event.venue}` : ""}
          </>
        }
        actions={
          <div className="no-print flex flex-wrap gap-2">
            {grid.viewer.participant ? (
              <Link to={`${base}/sessions/new`} className={buttonClass()}>
                Propose a session
              </Link>
            ) : null}
            <Link to={`${base}/agenda`} className={buttonClass("secondary")}>
              My agenda
            </Link>
            <Link to={`${base}/now`} className={buttonClass("secondary")}>
              Now &amp; next
            </Link>
            <a href={`${base}/schedule.ics`} className={buttonClass("secondary")}>
              Calendar feed (.ics)
            </a>
            {grid.viewer.organiser ? (
              <Link to={`${base}/schedule/setup`} className={buttonClass("secondary")}>
                Rooms &amp; slots
              </Link>
            ) : null}
          </div>
        }
      />
      <FlashMessage message={flash} className="no-print" />
      {grid.viewer.marketplace ? (
        <p className="no-print">
          <Badge tone="good">Open marketplace</Badge>{" "}
          <span className="text-sm text-slate-700">Hosts place their own accepted sessions into free cells, first come, first served.</span>
        </p>
      ) : null}
      {!grid.viewer.signedIn ? (
        <p className="no-print text-sm text-slate-600">
          <Link to={`/login?redirectTo=${encodeURIComponent(`${base}/schedule`)}`}>Log in</Link> to star sessions and propose your own.
        </p>
      ) : !grid.viewer.participant ? (
        <p className="no-print text-sm text-slate-600">
          <Link to={`${base}/register`}>Register</Link> to star sessions and propose your own.
        </p>
      ) : null}
      <ScheduleWarnings warnings={grid.warnings} heading="Schedule warnings" />
      {hasGrid ? (
        <ScheduleGrid data={grid} slug={event.slug} timeZone={event.timeZone} nowSlotIds={nowSlotIds} />
      ) : (
        <EmptyState title="No rooms and time slots yet">
          {grid.viewer.organiser ? (
            <Link to={`${base}/schedule/setup`}>Set up rooms and slots</Link>
          ) : (
            "The organisers have not set up the grid yet. Proposals are welcome already."
          )}
        </EmptyState>
      )}
      {hasGrid && grid.viewer.canPlace && placeable.length ? (
        <Card className="no-print">
          <SchedulePlaceForm sessions={placeable} rooms={grid.rooms} slots={grid.slots} timeZone={event.timeZone} result={result} />
        </Card>
      ) : null}
      {result && (result.intent !== "place" || !(hasGrid && grid.viewer.canPlace && placeable.length)) ? (
        <FlashMessage ok={result.ok} message={result.message} className="no-print" />
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
