// Star / unstar a session. A plain form post without JavaScript (answered with a redirect
// back to the page); with it, a fetcher that flips the star at once (optimistic) and lets
// the server's answer settle it.
// The accessible name ("Unstar “Title”, 3 stars") is an aria-label, so the visible
// content stays two characters; pages that render it ~100 times pass `compact` and link
// schedule.css for the short class names.
import { useFetcher } from "@remix-run/react";

const utility = {
  form: "inline-flex items-center gap-1",
  button:
    "inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-sm font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-60",
  on: "border-amber-400 bg-amber-100 text-amber-900",
  off: "border-slate-300 bg-white text-slate-700 hover:bg-slate-100",
};

export function ScheduleStarButton({
  sessionId,
  title,
  starred,
  count,
  disabled = false,
  action,
  compact = false,
  className,
}: {
  sessionId: number;
  title: string;
  starred: boolean;
  count: number;
  disabled?: boolean;
  /** Where to post; defaults to the current route, which handles star/unstar. */
  action?: string;
  /** Short class names from ~/schedule/schedule.css (the page must link it). */
  compact?: boolean;
  /** Extra classes for the form. */
  className?: string;
}) {
  const fetcher = useFetcher<{ ok: boolean; starCount?: number; message?: string }>();
  const pendingIntent = fetcher.formData?.get("intent");
  const optimistic = pendingIntent ? pendingIntent === "star" : starred;
  const shownCount =
    pendingIntent && optimistic !== starred
      ? count + (optimistic ? 1 : -1)
      : fetcher.data?.ok && fetcher.data.starCount != null && !pendingIntent
        ? fetcher.data.starCount
        : count;
  const formClass = compact ? "star-f" : utility.form;
  return (
    // A native <form> (posting to this page without JavaScript) handed to the fetcher on
    // submit: <fetcher.Form> resolves its action with several router hooks on every server
    // render, and the grid renders ~100 of these.
    <form
      method="post"
      action={action}
      className={className ? `${formClass} ${className}` : formClass}
      onSubmit={(event) => {
        event.preventDefault();
        const submitter = (event.nativeEvent as SubmitEvent).submitter;
        const data = new FormData(event.currentTarget);
        if (submitter instanceof HTMLButtonElement && submitter.name) data.set(submitter.name, submitter.value);
        // `_js`: the action answers with the new count; a plain post (no JavaScript) gets a redirect.
        data.set("_js", "1");
        fetcher.submit(data, { method: "post", action });
      }}
    >
      <input type="hidden" name="sessionId" value={sessionId} />
      <button
        type="submit"
        name="intent"
        value={optimistic ? "unstar" : "star"}
        disabled={disabled}
        aria-pressed={optimistic}
        aria-label={`${optimistic ? "Unstar" : "Star"} “${title}”, ${shownCount} ${shownCount === 1 ? "star" : "stars"}`}
        title={disabled ? "Confirmed attendees can star sessions" : undefined}
        className={compact ? "star" : `${utility.button} ${optimistic ? utility.on : utility.off}`}
      >
        {`${optimistic ? "★" : "☆"} ${shownCount}`}
      </button>
      {fetcher.data && !fetcher.data.ok ? (
        <span role="alert" className="text-xs text-red-700">
          {fetcher.data.message}
        </span>
      ) : null}
    </form>
  );
}
