// Pieces of the organiser's attendee page: per-row actions (a form that works without
// JavaScript, a fetcher on top) and the counts per organisation. Rendered 50 times per
// page, so they use the short classes of ~/registration/attendees.css (the route links it).
import { useFetcher } from "@remix-run/react";
import { SubmitButton } from "~/components/submit-button";
import type { ActionReply } from "~/utils/action-reply.server";
import { EnhancedFlag } from "~/components/enhanced-flag";
import { statusText, type RegistrationStatusName } from "~/registration/ui/status";

type ButtonVariant = "primary" | "secondary" | "ghost";

type ActionName = "approve" | "decline" | "waitlist" | "check-in" | "undo-check-in";

const ACTIONS_BY_STATUS: Record<RegistrationStatusName, { action: ActionName; label: string; variant: ButtonVariant }[]> = {
  pending: [
    { action: "approve", label: "Approve", variant: "primary" },
    { action: "waitlist", label: "Waitlist", variant: "secondary" },
    { action: "decline", label: "Decline", variant: "ghost" },
  ],
  waitlisted: [
    { action: "approve", label: "Confirm", variant: "primary" },
    { action: "decline", label: "Decline", variant: "ghost" },
  ],
  confirmed: [
    { action: "check-in", label: "Check in", variant: "primary" },
    { action: "waitlist", label: "Waitlist", variant: "secondary" },
    { action: "decline", label: "Decline", variant: "ghost" },
  ],
  declined: [
    { action: "approve", label: "Approve", variant: "secondary" },
    { action: "waitlist", label: "Waitlist", variant: "ghost" },
  ],
  cancelled: [],
};

/**
 * Every row shares one fetcher, so the page can show the outcome ("Felix: Waiting list #3.")
 * even when the row leaves the filtered list, and one decision runs at a time.
 */
export const ATTENDEE_ACTION_FETCHER = "attendee-action";

export function AttendeeActions({
  registrationId,
  name,
  status,
  checkedIn,
}: {
  registrationId: number;
  name: string;
  status: RegistrationStatusName;
  checkedIn: boolean;
}) {
  const fetcher = useFetcher<ActionReply>({ key: ATTENDEE_ACTION_FETCHER });
  // One fetcher for every row: while one row's action is in flight, every row waits.
  const busy = fetcher.state !== "idle";
  const actions = ACTIONS_BY_STATUS[status].map((a) =>
    a.action === "check-in" && checkedIn ? { action: "undo-check-in" as const, label: "Undo check-in", variant: "ghost" as const } : a,
  );
  if (!actions.length) return <span className="at-none">—</span>;
  const hidden = ` ${name}`;
  const decline = actions.find((a) => a.action === "decline");
  return (
    <div className="at-row-actions">
      <fetcher.Form method="post" className="at-actions">
        <input type="hidden" name="registrationId" value={registrationId} />
        <EnhancedFlag />
        {actions
          .filter((a) => a.action !== "decline")
          .map((a) => (
            <SubmitButton
              key={a.action}
              fetcher={fetcher}
              variant="bare"
              name="intent"
              value={a.action}
              className={`at-${a.variant}`}
              disabled={busy}
              pendingLabel={
                <>
                  …<span className="sr-only">{hidden}</span>
                </>
              }
            >
              {a.label}
              <span className="sr-only">{hidden}</span>
            </SubmitButton>
          ))}
      </fetcher.Form>
      {decline ? (
        // Declining is not undone by a click: it asks first, says what it affects, and takes
        // an optional reason for the person's e-mail (issue 17.5). Works without JavaScript.
        <details className="at-decline">
          <summary>
            Decline…<span className="sr-only">{hidden}</span>
          </summary>
          <fetcher.Form method="post">
            <input type="hidden" name="registrationId" value={registrationId} />
            <input type="hidden" name="intent" value="decline" />
            <EnhancedFlag />
            <p>{declineEffect(name, status, checkedIn)}</p>
            <label htmlFor={`decline-reason-${registrationId}`}>{`Reason (optional, mailed to ${name})`}</label>
            <textarea id={`decline-reason-${registrationId}`} name="reason" rows={2} maxLength={1000} />
            <SubmitButton fetcher={fetcher} variant="bare" className="at-danger" disabled={busy} pendingLabel="…">
              {`Decline ${name}`}
            </SubmitButton>
          </fetcher.Form>
        </details>
      ) : null}
    </div>
  );
}

/** What declining does to this person, said before it is done. */
function declineEffect(name: string, status: RegistrationStatusName, checkedIn: boolean) {
  const mail = `${name} gets an e-mail saying so, with your reason if you give one.`;
  if (status === "confirmed") {
    return `Gives up ${name}’s seat: the first person on the waiting list, if any, gets it${checkedIn ? "; the check-in is undone" : ""}. ${mail}`;
  }
  if (status === "waitlisted") return `Takes ${name} off the waiting list. ${mail}`;
  return `Declines ${name}’s request. ${mail}`;
}

type OrgCounts = {
  id: number | "none";
  name: string;
  counts: Record<RegistrationStatusName, number>;
  checkedIn: number;
};

export function OrganisationCounts({ organisations }: { organisations: OrgCounts[] }) {
  if (!organisations.length) return null;
  const cols: RegistrationStatusName[] = ["confirmed", "waitlisted", "pending", "declined", "cancelled"];
  return (
    // Focusable so keyboard users can scroll it sideways on a phone (axe: scrollable-region-focusable).
    <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label="Registrations per organisation">
      <table className="at-orgs">
        <caption className="sr-only">Registrations per organisation and state</caption>
        <thead>
          <tr>
            <th scope="col">Organisation</th>
            {cols.map((c) => (
              <th key={c} scope="col">
                {statusText(c)}
              </th>
            ))}
            <th scope="col">Checked in</th>
          </tr>
        </thead>
        <tbody>
          {organisations.map((org) => (
            <tr key={org.id}>
              <th scope="row">{org.name}</th>
              {cols.map((c) => (
                <td key={c}>{org.counts[c] || <span className="at-zero">0</span>}</td>
              ))}
              <td>{org.checkedIn}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
