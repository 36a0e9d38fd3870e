// Warnings about the grid are never silent: a list at the top of the schedule.
const icons: Record<string, string> = { "host-clash": "⚠", "over-capacity": "⚠", "agenda-clash": "⚠" };
const titles: Record<string, string> = {
  "host-clash": "Host in two places",
  "over-capacity": "More stars than seats",
  "agenda-clash": "Clash in agendas",
};

export function ScheduleWarnings({ warnings, heading = "Warnings" }: { warnings: { kind: string; message: string }[]; heading?: string }) {
  if (!warnings.length) return null;
  return (
    <section
      aria-labelledby="schedule-warnings"
      className="rounded-xl border border-amber-300 bg-amber-50 p-4 print:border-black print:bg-white"
    >
      <h2 id="schedule-warnings" className="font-semibold text-amber-900 print:text-black">
        {heading} ({warnings.length})
      </h2>
      <ul className="mt-2 space-y-1 text-sm text-amber-950 print:text-black">
        {warnings.map((w) => (
          <li key={w.kind + w.message} className="flex gap-2">
            <span aria-hidden="true">{icons[w.kind] ?? "⚠"}</span>
            <span>
              <strong className="font-medium">{titles[w.kind] ?? "Warning"}:</strong> {w.message}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
