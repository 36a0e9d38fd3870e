import type { MetaFunction } from "@remix-run/node";
import { PageHeader } from "~/components/card";

export const meta: MetaFunction = () => [{ title: "Privacy · Knowledge Exchange" }];

import { PRIVACY_NOTICE_VERSION } from "~/privacy/notice";

export default function Privacy() {
  return (
    <div className="prose-note mx-auto max-w-3xl">
      <PageHeader title="Privacy notice" subtitle={`Version ${PRIVACY_NOTICE_VERSION}`} />
      <h2>What we store and why</h2>
      <ul>
        <li>
          <strong>Your account</strong>: name, e-mail, organisation, job role and a password hash (scrypt), so you can sign
          in and others can see who wrote a note.
        </li>
        <li>
          <strong>Registrations</strong>: your answers (topics, dietary and accessibility needs) and your consent with its
          version and time, so organisers can plan the day.
        </li>
        <li>
          <strong>What you contribute</strong>: topics, votes (never shown to other attendees), session proposals, stars and
          notes with their revisions.
        </li>
        <li>
          <strong>Login sessions</strong>: a random id in a cookie, with the browser name and last-seen time, so you can end
          sessions from your account page.
        </li>
      </ul>
      <h2>How long</h2>
      <p>
        Registration answers are deleted automatically a set number of days after the event ends (the event page says when).
        You can download all your data and delete your account at any time from your account page; your notes stay in the
        archive, shown as written by a former attendee.
      </p>
    </div>
  );
}
