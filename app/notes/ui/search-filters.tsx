// The archive's seven filter fields (event, series, authors' organisation, tag, dates, sort),
// folded behind one "Filters" button on phones so the results start above the fold (issue
// 17.7): a <details> whose summary says how many filters are in use, which works without
// JavaScript. From the lg breakpoint up the fields are always shown and the button is not
// (app/tailwind.css, .filter-fold). Choosing from a list applies it at once (`onChoose`).
import type { ReactNode } from "react";
import { buttonClass } from "~/components/button";
import type { NoteSearchParams } from "~/notes/note-schema";

/** The search parameters the folded fields set ("Sort by" included: a choice made there). */
const FILTER_FIELDS = ["event", "series", "organisation", "tag", "from", "to", "sort"] as const;

const control = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm";

type Facets = { events: { slug: string; title: string }[]; series: string[]; organisations: { id: number; name: string }[] };

function Labelled({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
    </div>
  );
}

function Choice({
  name,
  label,
  value,
  options,
  onChoose,
}: {
  name: string;
  label: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  onChoose: (form: HTMLFormElement | null) => void;
}) {
  return (
    <Labelled id={`notes-${name}`} label={label}>
      <select
        id={`notes-${name}`}
        name={name}
        defaultValue={value ?? ""}
        className={control}
        onChange={(e) => onChoose(e.currentTarget.form)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

export function SearchFilters({
  params,
  facets,
  onChoose,
}: {
  params: Partial<Pick<NoteSearchParams, (typeof FILTER_FIELDS)[number] | "author">>;
  facets: Facets;
  onChoose: (form: HTMLFormElement | null) => void;
}) {
  const active = FILTER_FIELDS.filter((key) => Boolean(params[key])).length;
  return (
    <details className="filter-fold rounded-md border border-slate-200 bg-white lg:border-0 lg:bg-transparent">
      <summary className="cursor-pointer select-none px-3 py-2 text-sm font-medium text-slate-800">
        {active ? `Filters (${active} active)` : "Filters"}
      </summary>
      <div className="grid gap-4 p-3 sm:grid-cols-2 lg:grid-cols-4 lg:p-0">
        <Choice
          name="event"
          label="Event"
          value={params.event}
          onChoose={onChoose}
          options={[{ value: "", label: "All events" }, ...facets.events.map((e) => ({ value: e.slug, label: e.title }))]}
        />
        <Choice
          name="series"
          label="Event series"
          value={params.series}
          onChoose={onChoose}
          options={[{ value: "", label: "All series" }, ...facets.series.map((s) => ({ value: s, label: s }))]}
        />
        <Choice
          name="organisation"
          label="Authors’ organisation"
          value={params.organisation ? String(params.organisation) : undefined}
          onChoose={onChoose}
          options={[{ value: "", label: "Any organisation" }, ...facets.organisations.map((o) => ({ value: String(o.id), label: o.name }))]}
        />
        <Labelled id="notes-tag" label="Tag">
          <input id="notes-tag" name="tag" defaultValue={params.tag ?? ""} className={control} placeholder="e.g. observability" />
        </Labelled>
        <Labelled id="notes-from" label="Written from">
          <input id="notes-from" type="date" name="from" defaultValue={params.from ?? ""} className={control} />
        </Labelled>
        <Labelled id="notes-to" label="Written until">
          <input id="notes-to" type="date" name="to" defaultValue={params.to ?? ""} className={control} />
        </Labelled>
        <Choice
          name="sort"
          label="Sort by"
          value={params.sort}
          onChoose={onChoose}
          options={[
            { value: "", label: "Best match (newest without a query)" },
            { value: "relevance", label: "Relevance" },
            { value: "newest", label: "Newest first" },
          ]}
        />
        <div className="flex items-end">
          {params.author ? <input type="hidden" name="author" value={params.author} /> : null}
          <button type="submit" className={`${buttonClass("secondary")} w-full`}>
            Apply filters
          </button>
        </div>
      </div>
    </details>
  );
}
