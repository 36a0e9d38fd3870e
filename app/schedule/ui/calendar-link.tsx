// The agenda's private calendar link, made for a phone: the first link is one button; the
// new link is shown once with a one-tap `webcal:` subscribe and a Copy button; replacing
// a working link (lost, or shared by mistake) sits behind a disclosure and is confirmed,
// because every calendar subscribed to the old link stops updating.
import { Form, Link } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { buttonClass } from "~/components/button";
import { SubmitButton } from "~/components/submit-button";
import { Card } from "~/components/card";
import { CopyButton } from "~/components/copy-button";
import { EnhancedFlag } from "~/components/enhanced-flag";

/** The same address for calendar apps: `webcal:` opens the phone's calendar to subscribe. */
export const webcalUrl = (feedUrl: string) => feedUrl.replace(/^https?:/, "webcal:");

export function CalendarLink({
  eventPath,
  participant,
  hasFeed,
  created,
  confirmError,
}: {
  eventPath: string;
  participant: boolean;
  hasFeed: boolean;
  /** The link just created, with its message: shown this once. */
  created: { feedUrl: string; message: string } | null;
  confirmError: string | null;
}) {
  // On a phone the new link would appear far below the fold: bring it into view.
  const createdBox = useRef<HTMLDivElement>(null);
  const createdUrl = created?.feedUrl;
  useEffect(() => {
    if (createdUrl) createdBox.current?.scrollIntoView({ block: "center" });
  }, [createdUrl]);
  return (
    <Card aria-labelledby="feed-heading">
      <h2 id="feed-heading" className="font-semibold">
        Subscribe in your calendar
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        A private link to your agenda for calendar apps. Anyone with the link can read your agenda, so keep it to yourself; you can revoke
        it at any time.
      </p>
      {created ? (
        <div ref={createdBox} className="mt-3 space-y-3 rounded-md border border-green-300 bg-green-50 p-3 text-sm">
          <p role="status">{created.message}</p>
          <a href={webcalUrl(created.feedUrl)} className={`${buttonClass("primary")} w-full sm:w-auto`}>
            Subscribe in your calendar app
          </a>
          <div>
            <label htmlFor="feed-url" className="block font-medium">
              Your private calendar link
            </label>
            <div className="mt-1 flex flex-wrap items-center gap-2">
              <input
                id="feed-url"
                readOnly
                value={created.feedUrl}
                aria-describedby="feed-url-hint"
                className="block w-full min-w-0 rounded border border-slate-300 bg-white px-2 py-2 font-mono text-xs"
              />
              <CopyButton text={created.feedUrl} label="Copy link" />
            </div>
            <p id="feed-url-hint" className="mt-1 text-xs text-slate-600">
              If the subscribe button does nothing (Google Calendar, some Android phones), copy the link and add it as a calendar “From
              URL”.
            </p>
          </div>
        </div>
      ) : hasFeed ? (
        <p className="mt-3 text-sm">You have a private calendar link. We keep only a fingerprint of it, so it cannot be shown again.</p>
      ) : null}
      {!participant ? (
        <p className="mt-2 text-sm">
          <Link to={`${eventPath}/register`}>Register</Link> to get a calendar link.
        </p>
      ) : hasFeed ? (
        <>
          <details className="mt-3 text-sm" open={Boolean(confirmError)}>
            <summary className="cursor-pointer font-medium text-brand-700">Lost the link or shared it by mistake?</summary>
            <Form method="post" className="mt-2 space-y-2">
              <input type="hidden" name="intent" value="create-feed" />
              <p id="replace-effect">
                A new link replaces your current one: calendars subscribed to the old link stop updating, and anyone you shared it with can
                no longer read your agenda.
              </p>
              <label className="flex items-start gap-2">
                <input
                  type="checkbox"
                  name="confirmReplace"
                  value="yes"
                  required
                  aria-invalid={confirmError ? true : undefined}
                  aria-describedby={confirmError ? "replace-effect confirm-replace-error" : "replace-effect"}
                  className="mt-0.5 h-5 w-5 shrink-0"
                />
                <span>Yes, my old link stops working</span>
              </label>
              {confirmError ? (
                <p id="confirm-replace-error" className="text-red-700">
                  {confirmError}
                </p>
              ) : null}
              <SubmitButton size="sm" variant="secondary">
                Create a new link
              </SubmitButton>
            </Form>
          </details>
          <Form method="post" className="mt-3">
            <input type="hidden" name="intent" value="revoke-feed" />
            <EnhancedFlag />
            <SubmitButton size="sm" variant="secondary">
              Revoke link
            </SubmitButton>
          </Form>
        </>
      ) : (
        <Form method="post" className="mt-3">
          <input type="hidden" name="intent" value="create-feed" />
          <SubmitButton size="sm" pendingLabel="Creating…">
            Create private link
          </SubmitButton>
        </Form>
      )}
      <p className="mt-3 text-sm">
        <a href={`${eventPath}/schedule.ics`} className={buttonClass("ghost", "sm")}>
          Whole schedule (.ics)
        </a>
      </p>
    </Card>
  );
}
