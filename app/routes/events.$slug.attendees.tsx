import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { clientIp } from "~/utils/client-ip.server";
import { inputClass } from "~/components/forms";
import { FlashMessage } from "~/components/flash-message";
import { buttonClass } from "~/components/button";
import { SubmitButton } from "~/components/submit-button";
import { Card, PageHeader } from "~/components/card";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Meter } from "~/components/meter";
import { ATTENDEE_ACTION_FETCHER, AttendeeActions, OrganisationCounts } from "~/registration/ui/attendees";
import { statusText } from "~/registration/ui/status";
import { requireOrganiser } from "~/events/permissions.server";
import attendeeStyles from "~/registration/attendees.css";
import { listAttendees, parseAttendeeFilter, parseAttendeePage, registrationOutcome } from "~/registration/attendees.server";
import { organiserActionSchema, type OrganiserAction } from "~/registration/registration-schema";
import { decideRegistration } from "~/registration/organiser-decisions.server";
import { REGISTRATION_STATUSES } from "#db/enums";
import { getDb } from "#db/client";
import { answerFilterOptions, answersByRegistration } from "~/registration/questions-answers.server";
import { AnswerFilterOptions } from "~/registration/ui/questions";
import { formatTime } from "~/utils/dates";
import { postedPage, readFlash, redirectWithFlash, type FlashKey } from "~/utils/flash.server";
import { actionDone, invalidForm, refusedAction, replyWithError, type ActionReply } from "~/utils/action-reply.server";
import { addWalkIn } from "~/registration/walk-ins.server";
import { walkInSchema } from "~/registration/walk-in-schema";
import { WalkInForm } from "~/registration/ui/walk-in-form";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: attendeeStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Attendees: ${data.event.title} · Knowledge Exchange` : "Attendees · Knowledge Exchange" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiser(request, params.slug ?? "");
  const url = new URL(request.url);
  const list = listAttendees(event.id, parseAttendeeFilter(url.searchParams), { page: parseAttendeePage(url.searchParams) });
  const flash = await readFlash(request);
  const questionAnswers = answersByRegistration(
    getDb(),
    list.rows.map((r) => r.id),
  );
  return json(
    {
      flash: flash.message ? outcomeMessage(event.id, flash.message, flash.key, flash.about) : null,
      event: { slug: event.slug, title: event.title, capacity: event.capacity, timeZone: event.timeZone },
      counts: list.counts,
      total: list.total,
      checkedIn: list.checkedIn,
      organisations: list.organisations,
      matching: list.matching,
      page: list.page,
      pages: list.pages,
      pageSize: list.pageSize,
      answerFilters: answerFilterOptions(getDb(), event.id),
      rows: list.rows.map((r) => ({
        id: r.id,
        name: r.name,
        email: r.email,
        emailVerified: r.emailVerified,
        organisationName: r.organisationName,
        partner: r.partner,
        status: r.status,
        position: r.position,
        jobRole: r.jobRole,
        topics: r.topics,
        dietary: r.dietary,
        accessibility: r.accessibility,
        questionAnswers: questionAnswers.get(r.id) ?? [],
        checkedInAt: r.checkedInAt ? `${formatTime(r.checkedInAt, event.timeZone)} (${event.timeZone})` : null,
      })),
    },
    { headers: flash.headers },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiser(request, params.slug ?? "");
  const formData = await request.formData();
  if (formData.get("intent") === "walk-in") return walkInAction(formData, event, user.id, clientIp(context));
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
function walkInAction(formData: FormData, event: { id: number; slug: string }, actorId: number, ip: string | null) {
  const submission = parseWithZod(formData, { schema: walkInSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
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
  // Links keep the other filters in the URL; a new filter starts again at page 1.
  const withParam = (key: "status" | "page", value?: string) => {
    const next = new URLSearchParams(searchParams);
    next.delete("index");
    if (key !== "page") next.delete("page");
    if (value) next.set(key, value);
    else next.delete(key);
    const text = next.toString();
    return text ? `?${text}` : "?";
  };
  const withStatus = (status?: string) => withParam("status", status);
  const csvQuery = new URLSearchParams(searchParams);
  csvQuery.delete("page");
  csvQuery.delete("index");

  // At the door: the list follows the search box as one types (Enter still works, and is
  // all there is without JavaScript), and after a check-in from a search the box is ready
  // for the next name.
  const submit = useSubmit();
  const searchBox = useRef<HTMLInputElement>(null);
  const typing = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(typing.current), []);
  const lastIntent = useRef<string | null>(null);
  const submittedIntent = actionFetcher.formData?.get("intent");
  useEffect(() => {
    if (submittedIntent) lastIntent.current = String(submittedIntent);
  }, [submittedIntent]);
  useEffect(() => {
    if (actionFetcher.state !== "idle" || !actionFetcher.data?.ok || lastIntent.current !== "check-in") return;
    lastIntent.current = null;
    if (searchBox.current?.value) {
      searchBox.current.focus();
      searchBox.current.select();
    }
  }, [actionFetcher.state, actionFetcher.data]);
  const pageLink = (n: number) => withParam("page", n > 1 ? String(n) : undefined);
  const first = (page - 1) * pageSize + 1;
  const last = Math.min(page * pageSize, matching);
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

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <Card aria-labelledby="seats-heading">
          <h2 id="seats-heading" className="font-semibold">
            Seats
          </h2>
          <p className="mb-2 mt-1 text-sm text-slate-600">
            {counts.confirmed} of {event.capacity} confirmed · {free} free · {checkedIn} checked in
          </p>
          <Meter value={counts.confirmed} max={event.capacity} label="Seats taken" tone={free === 0 ? "warn" : "brand"} />
          <nav aria-label="Filter by state" className="mt-4 flex flex-wrap gap-1">
            <Link
              to={withStatus()}
              className={`rounded-full px-3 py-1 text-sm no-underline ${!searchParams.get("status") ? "bg-slate-800 text-white" : "bg-slate-100 text-slate-700"}`}
            >
              All {total}
            </Link>
            {REGISTRATION_STATUSES.map((s) => (
              <Link
                key={s}
                to={withStatus(s)}
                className={`rounded-full px-3 py-1 text-sm no-underline ${searchParams.get("status") === s ? "bg-slate-800 text-white" : "bg-slate-100 text-slate-700"}`}
              >
                {statusText(s)} {counts[s]}
              </Link>
            ))}
          </nav>
        </Card>
        <Card aria-labelledby="orgs-heading" className="lg:col-span-2">
          <h2 id="orgs-heading" className="mb-2 font-semibold">
            Per organisation
          </h2>
          <OrganisationCounts organisations={organisations} />
        </Card>
      </div>

      <Card className="mt-4">
        <WalkInForm lastResult={walkInReply} seatsFree={free} />
      </Card>

      <Form
        method="get"
        onSubmit={() => clearTimeout(typing.current)}
        className={`mt-6 grid gap-3 rounded-xl border border-slate-200 bg-white p-4 ${answerFilters.length ? "sm:grid-cols-[2fr_1fr_1fr_1fr_auto]" : "sm:grid-cols-[2fr_1fr_1fr_auto]"} sm:items-end`}
      >
        <div>
          <label htmlFor="attendee-search" className="block text-sm font-medium text-slate-800">
            Search by name or full e-mail address
          </label>
          <input
            id="attendee-search"
            type="search"
            name="q"
            defaultValue={searchParams.get("q") ?? ""}
            ref={searchBox}
            onChange={(e) => {
              const form = e.currentTarget.form;
              clearTimeout(typing.current);
              typing.current = setTimeout(() => {
                if (form) submit(form, { replace: true, preventScrollReset: true });
              }, 300);
            }}
            className={inputClass}
            placeholder="Type a name, press Enter, click Check in"
          />
        </div>
        <div>
          <label htmlFor="attendee-status" className="block text-sm font-medium text-slate-800">
            State
          </label>
          <select id="attendee-status" name="status" defaultValue={searchParams.get("status") ?? ""} className={inputClass}>
            <option value="">All states</option>
            {REGISTRATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusText(s)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="attendee-org" className="block text-sm font-medium text-slate-800">
            Organisation
          </label>
          <select id="attendee-org" name="org" defaultValue={searchParams.get("org") ?? ""} className={inputClass}>
            <option value="">All organisations</option>
            {organisations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        {answerFilters.length ? (
          <div>
            <label htmlFor="attendee-answer" className="block text-sm font-medium text-slate-800">
              Answer
            </label>
            <select id="attendee-answer" name="answer" defaultValue={searchParams.get("answer") ?? ""} className={inputClass}>
              <AnswerFilterOptions filters={answerFilters} />
            </select>
          </div>
        ) : null}
        <SubmitButton variant="secondary">Filter</SubmitButton>
      </Form>

      <div className="mt-4">
        {rows.length ? (
          <p className="mb-2 text-sm text-slate-600" id="attendee-range">
            {(pages > 1 ? `Showing ${first}–${last} of ${matching}` : `${matching} ${matching === 1 ? "registration" : "registrations"}`) +
              (matching < total ? " matching these filters" : "")}
          </p>
        ) : null}
        {rows.length === 0 ? (
          <EmptyState title={total === 0 ? "No registrations yet" : "Nobody matches these filters"} />
        ) : (
          <div className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white">
            <table className="at-list">
              <caption className="sr-only">Registrations</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Organisation</th>
                  <th scope="col">State</th>
                  <th scope="col">Answers</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <span className="at-name">{r.name}</span>
                      <span className="at-sub">{r.email}</span>
                      {r.email && !r.emailVerified ? <span className="at-sub at-unverified">e-mail not verified</span> : null}
                    </th>
                    <td>
                      {r.organisationName ?? <span className="at-none">—</span>}
                      {r.partner ? <span className="at-badge at-partner ml-1">Partner</span> : null}
                    </td>
                    <td>
                      <span className={`at-badge at-${r.status}`}>{statusText(r.status, r.position)}</span>
                      {r.checkedInAt ? <span className="at-in">{`Checked in ${r.checkedInAt}`}</span> : null}
                    </td>
                    <td className="at-answers">
                      {r.jobRole ? <p>{r.jobRole}</p> : null}
                      {r.topics || r.dietary || r.accessibility || r.questionAnswers.length ? (
                        <details>
                          <summary>Details</summary>
                          {r.topics ? <p>{`Topics: ${r.topics}`}</p> : null}
                          {r.dietary ? <p>{`Dietary: ${r.dietary}`}</p> : null}
                          {r.accessibility ? <p>{`Accessibility: ${r.accessibility}`}</p> : null}
                          {r.questionAnswers.map((a) => (
                            <p key={a.questionId}>
                              {`${a.label}: ${a.text}`}
                              {a.askedLabel !== a.label ? <span className="at-sub">{`Asked as “${a.askedLabel}”`}</span> : null}
                            </p>
                          ))}
                        </details>
                      ) : null}
                    </td>
                    <td>
                      <AttendeeActions registrationId={r.id} name={r.name} status={r.status} checkedIn={Boolean(r.checkedInAt)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 ? <Pagination page={page} pages={pages} link={pageLink} /> : null}
      </div>
    </div>
  );
}

const pageLinkClass = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm no-underline hover:bg-slate-100";

function Pagination({ page, pages, link }: { page: number; pages: number; link: (n: number) => string }) {
  return (
    <nav aria-label="Pages" className="mt-3 flex flex-wrap items-center justify-between gap-2">
      {page > 1 ? (
        <Link to={link(page - 1)} className={pageLinkClass} rel="prev">
          ← Previous page
        </Link>
      ) : (
        <span />
      )}
      <span className="text-sm text-slate-600" aria-current="page">
        {`Page ${page} of ${pages}`}
      </span>
      {page < pages ? (
        <Link to={link(page + 1)} className={pageLinkClass} rel="next">
          Next page →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
