// The archive's seven filter fields behind one "Filters" button on phones, so the results
// start above the fold (issue 17.7): a <details> whose summary says how many filters are
// in use, which works without JavaScript. From the lg breakpoint up the fields are always
// shown and the button is not (app/tailwind.css, .filter-fold).
import type { ReactNode } from "react";

/** The search parameters the folded fields set ("Sort by" included: a choice made there). */
export const FILTER_FIELDS = ["event", "series", "organisation", "tag", "from", "to", "sort"] as const;

export function FilterFold({ active, children }: { active: number; children: ReactNode }) {
  return (
    <details className="filter-fold rounded-md border border-slate-200 bg-white lg:border-0 lg:bg-transparent">
      <summary className="cursor-pointer select-none px-3 py-2 text-sm font-medium text-slate-800">
        Filters{active ? ` (${active} active)` : ""}
      </summary>
      <div className="grid gap-4 p-3 sm:grid-cols-2 lg:grid-cols-4 lg:p-0">{children}</div>
    </details>
  );
}
