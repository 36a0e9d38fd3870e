// Star / unstar a session. A plain form post without JavaScript; with it, a fetcher
// that flips the star at once (optimistic) and lets the server's answer settle it.
import { useFetcher } from "@remix-run/react";

export function ScheduleStarButton({
  sessionId,
  title,
  starred,
  count,
  disabled = false,
  action,
}: {
  sessionId: number;
  title: string;
  starred: boolean;
  count: number;
  disabled?: boolean;
  /** Where to post; defaults to the current route, which handles star/unstar. */
  action?: string;
}) {
  const fetcher = useFetcher<{ ok: boolean; starCount?: number; message?: string }>();
  const pendingIntent = fetcher.formData?.get("intent");
  const optimistic = pendingIntent ? pendingIntent === "star" : starred;
  const shownCount =
    pendingIntent && optimistic !== starred ? count + (optimistic ? 1 : -1) : fetcher.data?.ok && fetcher.data.starCount != null && !pendingIntent ? fetcher.data.starCount : count;
  return (
    <fetcher.Form method="post" action={action} className="inline-flex items-center gap-1">
      <input type="hidden" name="sessionId" value={sessionId} />
      <button
        type="submit"
        name="intent"
        value={optimistic ? "unstar" : "star"}
        disabled={disabled}
        aria-pressed={optimistic}
        title={disabled ? "Confirmed attendees can star sessions" : undefined}
        className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-sm font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-60 ${
          optimistic ? "border-amber-400 bg-amber-100 text-amber-900" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-100"
        }`}
      >
        <span aria-hidden="true">{optimistic ? "★" : "☆"}</span>
        <span className="sr-only">{optimistic ? "Unstar" : "Star"} “{title}”, </span>
        <span>{shownCount}</span>
        <span className="sr-only"> {shownCount === 1 ? "star" : "stars"}</span>
      </button>
      {fetcher.data && !fetcher.data.ok ? (
        <span role="alert" className="text-xs text-red-700">
          {fetcher.data.message}
        </span>
      ) : null}
    </fetcher.Form>
  );
}
