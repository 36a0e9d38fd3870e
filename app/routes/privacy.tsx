import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ABSOLUTE_LIFETIME_MS, IDLE_TIMEOUT_MS } from "~/accounts/session.server";
import { PageHeader } from "~/components/card";
import {
  DOOR_PRIVACY_ROWS,
  guestNoticeRows,
  IDENTITY_NOTICE_ROWS,
  INVITATION_PRIVACY_ROWS,
  PRIVACY_NOTICE_VERSION,
} from "~/privacy/notice";
import { retentionDays } from "~/privacy/retention.server";

export const meta: MetaFunction = () => [{ title: "Privacy · Knowledge Exchange" }];

const DAY = 24 * 60 * 60 * 1000;

export function loader() {
  return json({
    retentionDays: retentionDays(),
    idleDays: IDLE_TIMEOUT_MS / DAY,
    lifetimeDays: ABSOLUTE_LIFETIME_MS / DAY,
  });
}

export default function Privacy() {
  const { retentionDays, idleDays, lifetimeDays } = useLoaderData<typeof loader>();
  const rows: [string, string, string][] = [
    [
      "Account: name, e-mail, organisation, job role",
      "To sign you in, to show who wrote a note or proposed a session, and to let organisers see who registered.",
      "Until you delete your account.",
    ],
    ["Password", "To sign you in. Stored only as a scrypt hash, never in plain text.", "Until you change it or delete your account."],
    [
      "Registration answers: job role, topics, dietary and accessibility needs",
      "So organisers can plan the day (catering, rooms, the agenda).",
      `Deleted automatically ${retentionDays} days after the event ends (the event page shows the date), or when you delete your account.`,
    ],
    [
      "Answers to an event's own registration questions, with the question as it was asked",
      "So organisers can plan what their event needs; they see them on the attendee list and in its export.",
      `Deleted with the other registration answers: ${retentionDays} days after the event ends, or when you delete your account.`,
    ],
    [
      "Messages to attendees: which e-mails the organisers sent you (reminders, changes, their own messages)",
      "So organisers know who was told what, and nobody gets the same e-mail twice.",
      "As long as the event exists. When you delete your account the e-mails are deleted and the record shows a “former attendee”.",
    ],
    [
      "Consent record: privacy-notice version and time",
      "To show that you agreed to this notice when you registered.",
      "As long as the registration exists; it holds no answers.",
    ],
    [
      "Contributions: topics, votes, session proposals, stars, notes and their revisions",
      "They are the exchange itself. Votes are never shown to other attendees.",
      "Kept in the archive. If you delete your account they stay, shown as by a “former attendee”.",
    ],
    [
      "Login sessions: a random id in a cookie, browser name, last-seen time",
      "To keep you signed in and let you end sessions from your account page.",
      `Ended after ${idleDays} days without use, and ${lifetimeDays} days after logging in at the latest.`,
    ],
    [
      "E-mails to you (outbox): confirmations, waiting list, promotion",
      "To tell you what happened to your registration.",
      "Removed when you delete your account.",
    ],
    ...DOOR_PRIVACY_ROWS,
    ...IDENTITY_NOTICE_ROWS,
    [
      "Audit log of organiser and admin actions: who, what, which record, when, IP address",
      "Accountability for actions that affect other people's data.",
      "Kept; it names accounts, which show as “former attendee” once deleted.",
    ],
    ...INVITATION_PRIVACY_ROWS,
    ...guestNoticeRows(retentionDays),
  ];
  return (
    <div className="prose-note mx-auto max-w-3xl">
      <PageHeader title="Privacy notice" subtitle={`Version ${PRIVACY_NOTICE_VERSION}`} />
      <p>
        Knowledge Exchange stores as little about you as it needs, and deletes what it no longer needs on its own. Nothing is shared with
        third parties, there are no trackers and no advertising cookies; the only cookies are the login cookie and, if you join an event as
        a guest, that event's guest cookie.
      </p>
      <h2>What we store, why, and for how long</h2>
      <div className="not-prose overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="text-left">
            <tr>
              <th scope="col" className="py-2 pr-4 font-semibold">
                What
              </th>
              <th scope="col" className="py-2 pr-4 font-semibold">
                Why
              </th>
              <th scope="col" className="py-2 font-semibold">
                How long
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 align-top">
            {rows.map(([what, why, howLong]) => (
              <tr key={what}>
                <th scope="row" className="py-2 pr-4 text-left font-medium">
                  {what}
                </th>
                <td className="py-2 pr-4">{why}</td>
                <td className="py-2">{howLong}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Your rights, built in</h2>
      <ul>
        <li>
          <strong>See and take your data</strong>: <Link to="/account">your account page</Link> downloads everything we hold about you as
          one JSON file.
        </li>
        <li>
          <strong>Correct it</strong>: edit your name, organisation and job role on your account page.
        </li>
        <li>
          <strong>Delete it</strong>: delete your account on the same page (you type your e-mail address and password to confirm). Your
          name, e-mail, password, registration answers and login sessions are erased at once; your registrations are cancelled and your
          seats go to the waiting list. Your contributions stay in the archive as by a former attendee. You can sign up again later with the
          same e-mail address.
        </li>
      </ul>
      <h2>Retention</h2>
      <p>
        Registration answers are purged {retentionDays} days after the event ends (the operator sets this period with{" "}
        <code>RETENTION_DAYS</code>). The purge runs when the app starts and every day after; each purge is recorded in the audit log.
      </p>
    </div>
  );
}
