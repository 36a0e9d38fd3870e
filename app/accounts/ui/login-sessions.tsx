// Where the person is logged in: each session with its browser, since and last seen (UTC),
// ending one (this browser's means logging out here), and logging out everywhere.
import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Card } from "~/components/card";
import { EnhancedFlag } from "~/components/enhanced-flag";
import { SubmitButton } from "~/components/submit-button";
import { formatDateTime } from "~/utils/dates";

type FormResult = SubmissionResult<string[]>;

export type SessionRow = { id: string; current: boolean; createdAt: string; lastSeenAt: string; browser: string; userAgent: string };

export function SessionsCard({ sessions, lastResult }: { sessions: SessionRow[]; lastResult?: FormResult }) {
  return (
    <Card aria-labelledby="sessions-heading">
      <h2 id="sessions-heading" className="mb-1 text-xl font-semibold">
        Where you are logged in
      </h2>
      <p className="mb-3 text-sm text-slate-600">A session ends by itself after 7 days without use and 30 days after logging in.</p>
      {lastResult?.status === "error" ? (
        <p role="alert" className="mb-2 text-sm text-red-700">
          {lastResult.error?.[""]?.[0] ?? "That session could not be ended."}
        </p>
      ) : null}
      {lastResult?.status === "success" ? (
        <p role="status" className="mb-2 text-sm text-green-700">
          Session ended: that browser is logged out.
        </p>
      ) : null}
      <ul className="mb-4 divide-y divide-slate-100 text-sm">
        {sessions.map((s, i) => (
          <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
            <div className="min-w-0">
              <span className="font-medium" title={s.userAgent}>
                {s.browser}
              </span>
              {s.current ? <span className="ml-2 text-green-700">(this browser)</span> : null}
              <div className="text-slate-500">
                Since {formatDateTime(s.createdAt, "UTC")}, last seen {formatDateTime(s.lastSeenAt, "UTC")}
              </div>
            </div>
            <Form method="post">
              <input type="hidden" name="intent" value="end-session" />
              <input type="hidden" name="sessionId" value={s.id} />
              <EnhancedFlag />
              <SubmitButton
                variant="secondary"
                size="sm"
                aria-label={`${s.current ? "Log out here" : "End this session"}: session ${i + 1}, ${s.browser}${s.current ? " (this browser)" : ""}`}
              >
                {s.current ? "Log out here" : "End this session"}
              </SubmitButton>
            </Form>
          </li>
        ))}
      </ul>
      <Form method="post">
        <input type="hidden" name="intent" value="logout-everywhere" />
        <SubmitButton variant="secondary">Log out everywhere</SubmitButton>
      </Form>
    </Card>
  );
}
