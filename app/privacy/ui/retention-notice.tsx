// The event page's line about when registration answers are deleted.
import { formatDate } from "~/utils/dates";

export function RetentionNotice({
  retention,
  timeZone,
}: {
  retention: { days: number; purgeOn: string; purgedAt: string | null };
  timeZone: string;
}) {
  return (
    <p className="mt-3 border-t border-slate-100 pt-3 text-xs text-slate-600" data-testid="retention-notice">
      {retention.purgedAt ? (
        <>
          Registration answers (job role, topics, dietary and accessibility needs) were deleted on{" "}
          {formatDate(retention.purgedAt, timeZone)}.
        </>
      ) : (
        <>
          Your registration answers (job role, topics, dietary and accessibility needs) are deleted automatically on{" "}
          <strong>{formatDate(retention.purgeOn, timeZone)}</strong>, {retention.days} days after the event ends.{" "}
          <a href="/privacy">Privacy</a>
        </>
      )}
    </p>
  );
}
