// The audit log as a table: when (in the given time zone), who, what happened as a sentence
// (the stored action and details folded under it), which record, IP.
import { Link } from "@remix-run/react";
import { EmptyState } from "~/components/empty-state";
import { formatDateTime } from "~/utils/dates";

export type AuditTableRow = {
  id: number;
  at: string;
  action: string;
  actor: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: string | null;
  sentence: string;
  event: { slug: string; title: string } | null;
};

const show = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/**
 * The stored JSON as people read it: `changed` maps become "capacity: 40 → 25", other keys
 * "key: value". Anything unexpected is shown as stored.
 */
export function describeDetails(details: string) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return details;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return details;
  const parts: string[] = [];
  const { from, to, ...rest } = parsed as Record<string, unknown>;
  if (from !== undefined || to !== undefined) parts.push(`${show(from ?? "—")} → ${show(to ?? "—")}`);
  for (const [key, value] of Object.entries(rest)) {
    if (Array.isArray(value) && value.length === 0) continue;
    if (key === "changed" && value && typeof value === "object" && !Array.isArray(value)) {
      for (const [field, change] of Object.entries(value)) {
        const { from, to } = (change ?? {}) as { from?: unknown; to?: unknown };
        parts.push(
          from !== undefined || to !== undefined ? `${field}: ${show(from ?? "—")} → ${show(to ?? "—")}` : `${field}: ${show(change)}`,
        );
      }
    } else {
      parts.push(`${key}: ${show(value)}`);
    }
  }
  return parts.join(" · ");
}

export function AuditTable({
  entries,
  timeZone,
  showEvent = false,
  nextHref,
}: {
  entries: AuditTableRow[];
  timeZone: string;
  showEvent?: boolean;
  nextHref: string | null;
}) {
  if (entries.length === 0) return <EmptyState title="No entries yet">Organiser and admin actions appear here.</EmptyState>;
  return (
    <div>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">Audit log, newest first</caption>
          <thead className="bg-slate-50 text-left text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2 font-semibold">
                When
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Who
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                What
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Record
              </th>
              {showEvent ? (
                <th scope="col" className="px-3 py-2 font-semibold">
                  Event
                </th>
              ) : null}
              <th scope="col" className="px-3 py-2 font-semibold">
                IP
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {entries.map((e) => (
              <tr key={e.id} className="align-top">
                <td className="whitespace-nowrap px-3 py-2 text-slate-600">{formatDateTime(e.at, timeZone)}</td>
                <td className="px-3 py-2">{e.actor}</td>
                <td className="px-3 py-2">
                  <p className="max-w-xl break-words text-slate-900">{e.sentence}</p>
                  {/* The stored record stays one click away, for admins filtering by action. */}
                  <details className="mt-1 text-xs text-slate-600">
                    <summary className="cursor-pointer">
                      <code className="rounded bg-slate-100 px-1">{e.action}</code>
                    </summary>
                    {e.details ? <div className="mt-1 max-w-md break-words">{describeDetails(e.details)}</div> : null}
                  </details>
                </td>
                <td className="whitespace-nowrap px-3 py-2">{e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : "—"}</td>
                {showEvent ? (
                  <td className="px-3 py-2">{e.event ? <Link to={`/events/${e.event.slug}`}>{e.event.title}</Link> : "—"}</td>
                ) : null}
                <td className="whitespace-nowrap px-3 py-2 text-slate-600">{e.ip ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {nextHref ? (
        <p className="mt-4">
          <Link to={nextHref}>Older entries</Link>
        </p>
      ) : null}
    </div>
  );
}
