// Attendance per installment, split by organisation: a server-rendered SVG (no script),
// described for screen readers by its <title>/<desc>, with the same numbers in a table
// beside it as the text alternative.
const COLOURS = ["#1d4ed8", "#b45309", "#047857", "#7c3aed", "#be123c", "#0e7490"];
const OTHERS = "#64748b";

export type AttendanceRow = {
  label: string;
  confirmed: number;
  checkedIn: number;
  isPast: boolean;
  organisations: { name: string; confirmed: number }[];
};

const LABEL_WIDTH = 220;
const BAR_WIDTH = 360;
const ROW = 30;
const BAR = 18;

function colourOf(names: string[]) {
  const colours = new Map(names.slice(0, COLOURS.length).map((name, i) => [name, COLOURS[i]]));
  return (name: string) => colours.get(name) ?? OTHERS;
}

const shorten = (text: string, max = 28) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function SeriesAttendanceChart({ rows, idPrefix = "attendance" }: { rows: AttendanceRow[]; idPrefix?: string }) {
  const organisations = [...new Set(rows.flatMap((r) => r.organisations.map((o) => o.name)))];
  const colour = colourOf(organisations);
  const max = Math.max(1, ...rows.map((r) => r.confirmed));
  const height = rows.length * ROW + 10;
  const description = rows
    .map(
      (r) =>
        `${r.label}: ${r.confirmed} confirmed${r.organisations.length ? ` (${r.organisations.map((o) => `${o.name} ${o.confirmed}`).join(", ")})` : ""}`,
    )
    .join("; ");
  return (
    <figure className="space-y-3">
      <svg
        role="img"
        aria-labelledby={`${idPrefix}-title ${idPrefix}-desc`}
        viewBox={`0 0 ${LABEL_WIDTH + BAR_WIDTH + 50} ${height}`}
        className="h-auto w-full max-w-2xl"
      >
        <title id={`${idPrefix}-title`}>Confirmed attendees per installment, by organisation</title>
        <desc id={`${idPrefix}-desc`}>{description}</desc>
        {rows.map((row, i) => {
          const y = i * ROW + 6;
          let x = LABEL_WIDTH;
          return (
            <g key={`${row.label}-${i}`}>
              <text x={0} y={y + BAR - 4} fontSize="13" fill="#1e293b">
                {shorten(row.label)}
              </text>
              {row.organisations.map((o) => {
                const width = (o.confirmed / max) * BAR_WIDTH;
                const rect = <rect key={o.name} x={x} y={y} width={width} height={BAR} fill={colour(o.name)} />;
                x += width;
                return rect;
              })}
              <text x={x + 6} y={y + BAR - 4} fontSize="13" fill="#1e293b">
                {row.confirmed}
              </text>
            </g>
          );
        })}
      </svg>
      {organisations.length ? (
        <figcaption>
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700" aria-label="Organisations in the chart">
            {organisations.map((name) => (
              <li key={name} className="flex items-center gap-1.5">
                <svg aria-hidden="true" width="12" height="12">
                  <rect width="12" height="12" fill={colour(name)} />
                </svg>
                {name}
              </li>
            ))}
          </ul>
        </figcaption>
      ) : null}
      {/* On a phone the table scrolls in its own box, never the page (and the box takes the keyboard). */}
      <div className="overflow-x-auto" role="region" aria-label="Figures per organisation" tabIndex={0}>
        <table className="w-full max-w-2xl text-left text-sm">
          <caption className="sr-only">Attendance per installment and organisation</caption>
          <thead>
            <tr className="border-b border-slate-200">
              <th scope="col" className="py-1 pr-3">
                Installment
              </th>
              <th scope="col" className="py-1 pr-3">
                Confirmed
              </th>
              <th scope="col" className="py-1 pr-3">
                Checked in
              </th>
              <th scope="col" className="py-1">
                By organisation
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={`${row.label}-${i}`} className="border-b border-slate-100 align-top">
                <th scope="row" className="py-1 pr-3 font-normal">
                  {row.label}
                </th>
                <td className="py-1 pr-3">{row.confirmed}</td>
                <td className="py-1 pr-3">{row.isPast ? row.checkedIn : "–"}</td>
                <td className="py-1">{row.organisations.map((o) => `${o.name}: ${o.confirmed}`).join(", ") || "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
