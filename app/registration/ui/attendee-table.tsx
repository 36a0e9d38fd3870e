// The attendee list itself: which rows are shown, one row per registration (a card on a
// phone, see ~/registration/attendees.css) with its answers and actions, and the pages.
import { Link } from "@remix-run/react";
import { EmptyState } from "~/components/empty-state";
import type { DoorListRow } from "~/registration/door-list.server";
import { AttendeeActions } from "~/registration/ui/attendees";
import { useListLink } from "~/registration/ui/attendee-filters";
import { statusText } from "~/registration/ui/status";

export function AttendeeTable({
  rows,
  total,
  matching,
  page,
  pages,
  pageSize,
}: {
  rows: DoorListRow[];
  total: number;
  matching: number;
  page: number;
  pages: number;
  pageSize: number;
}) {
  const withParam = useListLink();
  const pageLink = (n: number) => withParam("page", n > 1 ? String(n) : undefined);
  const first = (page - 1) * pageSize + 1;
  const last = Math.min(page * pageSize, matching);
  return (
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
                <AttendeeRow key={r.id} row={r} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? <Pagination page={page} pages={pages} link={pageLink} /> : null}
    </div>
  );
}

function AttendeeRow({ row: r }: { row: DoorListRow }) {
  return (
    <tr>
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
