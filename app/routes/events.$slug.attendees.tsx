import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { clientIp } from "~/utils/client-ip.server";
import { FlashMessage } from "~/components/flash-message";
import { buttonClass } from "~/components/button";
import { Card, PageHeader } from "~/components/card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ATTENDEE_ACTION_FETCHER } from "~/registration/ui/attendees";
import { AttendeeSearchForm } from "~/registration/ui/attendee-filters";
import { AttendeeSummary } from "~/registration/ui/attendee-summary";
import { AttendeeTable } from "~/registration/ui/attendee-table";
import { statusText } from "~/registration/ui/status";
import { requireOrganiser } from "~/events/permissions.server";
import attendeeStyles from "~/registration/attendees.css";
import { registrationOutcome } from "~/registration/attendees.server";
import { doorList } from "~/registration/door-list.server";
import { organiserActionSchema, type OrganiserAction } from "~/registration/registration-schema";
import { decideRegistration } from "~/registration/organiser-decisions.server";
import { postedPage, readFlash, redirectWithFlash, type FlashKey } from "~/utils/flash.server";
import { actionDone, invalidForm, refusedAction, replyWithError, type ActionReply } from "~/utils/action-reply.server";
import { addWalkIn } from "~/registration/walk-ins.server";
import { limitMails } from "~/outbox/mail-limits.server";
import { submitWalkInLink } from "~/registration/walk-in-links.server";
import { walkInSchema } from "~/registration/walk-in-schema";
import { WalkInForm } from "~/registration/ui/walk-in-form";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: attendeeStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Attendees: ${data.event.title} · Knowledge Exchange` : "Attendees · Knowledge Exchange" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiser(request, params.slug ?? "");
  const list = doorList(event, new URL(request.url).searchParams);
  const flash = await readFlash(request);
  return json(
    {
      flash: flash.message ? outcomeMessage(event.id, flash.message, flash.key, flash.about) : null,
      event: { slug: event.slug, title: event.title, capacity: event.capacity, timeZone: event.timeZone },
      ...list,
    },
    { headers: flash.headers },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiser(request, params.slug ?? "");
  const formData = await request.formData();
  if (formData.get("intent") === "walk-in") return walkInAction(formData, event, user.id, clientIp(context));
  if (formData.get("intent") === "walk-in-link") return submitWalkInLink(formData, event, { id: user.id, ip: clientIp(context) });
  const submission = parseWithZod(formData, { schema: organiserActionSchema });
  if (submission.status !== "success") {
    const message = submission.error?.reason?.[0] ? `Reason: ${submission.error.reason[0]}` : "Choose an action and a registration.";
    return invalidForm(formData, submission.error, "registrationId", message);
  }
  try {
    const result = decideRegistration({
      eventId: event.id,
      registrationId: submission.value.registrationId,
      action: submission.value.intent,
      reason: submission.value.reason,
      actorId: user.id,
      ip: clientIp(context),
    });
    const promoted = result.promoted.length ? ` ${result.promoted.length} promoted from the waiting list.` : "";
    // Approving into a full event queues the person; say why, or it looks like the click failed.
    const full = submission.value.intent === "approve" && result.to === "waitlisted" ? " The event is full." : "";
    const who = result.personName ?? "Registration";
    // A plain post: 303 back to the same list (filters and page kept), the outcome shown once.
    const flash = full ? "registration-approved-full" : FLASH_BY_ACTION[submission.value.intent];
    const message = submission.value.intent === "check-in" ? checkedInMessage(who) : `${who}: ${statusText(result.to)}.${full}${promoted}`;
    return actionDone(formData, { message }, postedPage(request), flash, submission.value.registrationId, "registrationId");
  } catch (error) {
    return refusedAction(formData, error, "registrationId");
  }
}

/** Adds a walk-in; back to the list searched for them, so their card (and "Check in") is right there. */
async function walkInAction(formData: FormData, event: { id: number; slug: string }, actorId: number, ip: string | null) {
  const submission = parseWithZod(formData, { schema: walkInSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    await limitMails("walk-in", { actorId, eventId: event.id });
    const added = addWalkIn({ eventId: event.id, walkIn: submission.value, actorId, ip });
    const key = added.overCapacity
      ? "registration-walk-in-over-capacity"
      : added.checkedIn
        ? "registration-walk-in-checked-in"
        : "registration-walk-in-added";
    return redirectWithFlash(
      `/events/${event.slug}/attendees?q=${encodeURIComponent(submission.value.email)}`,
      key,
      303,
      added.registration.id,
    );
  } catch (error) {
    return replyWithError(submission, error);
  }
}

/** After a plain post: "Felix: Waiting list #3. Approved, but the event is full." (the person now, then what was done). */
function outcomeMessage(eventId: number, message: string, key?: FlashKey, registrationId?: number | null) {
  const addsToOutcome = key ? (AFTER_OUTCOME as Partial<Record<FlashKey, boolean>>)[key] : undefined;
  const outcome = addsToOutcome !== undefined && registrationId ? registrationOutcome(eventId, registrationId) : null;
  if (!outcome) return message;
  if (key === "registration-checked-in") return checkedInMessage(outcome.name ?? "Registration");
  return `${outcome.name}: ${statusText(outcome.status, outcome.position)}.${addsToOutcome ? ` ${message}` : ""}`;
}

/** What the door sees after a check-in: the person, then "checked in" (not their state). */
const checkedInMessage = (name: string) => `${name} checked in.`;

/** The attendee flashes; true when the action's sentence adds to the person's new state. */
const AFTER_OUTCOME = {
  "registration-approved": false,
  "registration-approved-full": true,
  "registration-declined": false,
  "registration-waitlisted": false,
  "registration-checked-in": true,
  "registration-check-in-undone": true,
  "registration-walk-in-added": true,
  "registration-walk-in-checked-in": true,
  "registration-walk-in-over-capacity": true,
} as const;

const FLASH_BY_ACTION = {
  approve: "registration-approved",
  decline: "registration-declined",
  waitlist: "registration-waitlisted",
  "check-in": "registration-checked-in",
  "undo-check-in": "registration-check-in-undone",
} as const satisfies Record<OrganiserAction, FlashKey>;

export default function Attendees() {
  const { flash, event, counts, total, checkedIn, organisations, rows, matching, page, pages, pageSize, answerFilters } =
    useLoaderData<typeof loader>();
  // With JavaScript the outcome comes from the rows' shared fetcher; without it, a refused post
  // comes back as action data and a done one as the one-shot flash after the redirect.
  const actionFetcher = useFetcher<ActionReply>({ key: ATTENDEE_ACTION_FETCHER });
  const posted = useActionData<typeof action>();
  // The walk-in form's reply (Conform's) has no message; the rows' replies do.
  const rowReply = posted && "message" in posted ? posted : undefined;
  const walkInReply = posted && !("message" in posted) ? posted : undefined;
  const actionData =
    rowReply ?? (actionFetcher.state === "idle" ? actionFetcher.data : undefined) ?? (flash ? { ok: true, message: flash } : undefined);
  const [searchParams] = useSearchParams();
  const base = `/events/${event.slug}`;
  const csvQuery = new URLSearchParams(searchParams);
  csvQuery.delete("page");
  csvQuery.delete("index");
  const free = Math.max(0, event.capacity - counts.confirmed);
  return (
    <div>
      <PageHeader
        title="Attendees"
        subtitle={
          <>
            <Link to={base}>{event.title}</Link> · {total} registrations
          </>
        }
        actions={
          <a href={`${base}/attendees.csv${csvQuery.size ? `?${csvQuery}` : ""}`} className={buttonClass("secondary")} download>
            Export CSV
          </a>
        }
      />

      {actionData ? <FlashMessage ok={actionData.ok} message={actionData.message} className="sticky top-2 z-10 mb-4 shadow-sm" /> : null}

      <AttendeeSummary
        capacity={event.capacity}
        free={free}
        counts={counts}
        total={total}
        checkedIn={checkedIn}
        organisations={organisations}
        open={Boolean(searchParams.get("status"))}
      />

      <Card className="mt-4">
        <WalkInForm lastResult={walkInReply} seatsFree={free} />
      </Card>

      <AttendeeSearchForm organisations={organisations} answerFilters={answerFilters} />

      <AttendeeTable rows={rows} total={total} matching={matching} page={page} pages={pages} pageSize={pageSize} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
