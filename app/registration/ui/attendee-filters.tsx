// The attendee list's filters: the seats card with one link per state, and the search form
// that follows the search box as one types. Filters live in the URL, so links keep the others.
import { Form, Link, useFetcher, useSearchParams, useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { REGISTRATION_STATUSES } from "#db/enums";
import { Card } from "~/components/card";
import { inputClass } from "~/components/forms";
import { Meter } from "~/components/meter";
import { SubmitButton } from "~/components/submit-button";
import { ATTENDEE_ACTION_FETCHER } from "~/registration/ui/attendees";
import { AnswerFilterOptions } from "~/registration/ui/questions";
import { statusText, type RegistrationStatusName } from "~/registration/ui/status";
import type { ActionReply } from "~/utils/action-reply.server";

/** A link to this list with one filter changed (or the page); a new filter starts again at page 1. */
export function useListLink() {
  const [searchParams] = useSearchParams();
  return (key: "status" | "page", value?: string) => {
    const next = new URLSearchParams(searchParams);
    next.delete("index");
    if (key !== "page") next.delete("page");
    if (value) next.set(key, value);
    else next.delete(key);
    const text = next.toString();
    return text ? `?${text}` : "?";
  };
}

/** Seats taken, free and checked in, and the list filtered by state with each state's count. */
export function SeatsByState({
  capacity,
  free,
  counts,
  total,
  checkedIn,
}: {
  capacity: number;
  free: number;
  counts: Record<RegistrationStatusName, number>;
  total: number;
  checkedIn: number;
}) {
  const [searchParams] = useSearchParams();
  const withParam = useListLink();
  const withStatus = (status?: string) => withParam("status", status);
  return (
    <Card aria-labelledby="seats-heading">
      <h2 id="seats-heading" className="font-semibold">
        Seats
      </h2>
      <p className="mb-2 mt-1 text-sm text-slate-600">
        {counts.confirmed} of {capacity} confirmed · {free} free · {checkedIn} checked in
      </p>
      <Meter value={counts.confirmed} max={capacity} label="Seats taken" tone={free === 0 ? "warn" : "brand"} />
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
  );
}

/**
 * Search by name or e-mail, state, organisation and (when the event asks choice questions)
 * answer. At the door: the list follows the search box as one types (Enter still works, and
 * is all there is without JavaScript), and after a check-in from a search the box is ready
 * for the next name.
 */
export function AttendeeSearchForm({
  organisations,
  answerFilters,
}: {
  organisations: { id: number | "none"; name: string }[];
  answerFilters: { questionId: number; label: string; choices: { value: string; label: string }[] }[];
}) {
  const [searchParams] = useSearchParams();
  const actionFetcher = useFetcher<ActionReply>({ key: ATTENDEE_ACTION_FETCHER });
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
  return (
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
          placeholder="Name or e-mail"
          aria-describedby="attendee-search-hint"
        />
        <p id="attendee-search-hint" className="mt-1 text-xs text-slate-500">
          Type a name, press Enter, click Check in.
        </p>
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
  );
}
