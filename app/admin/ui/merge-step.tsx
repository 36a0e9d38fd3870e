// The confirmation step of merging organisations (review of 7 Dec 2026): what moves from the
// typed-in organisation to the real one, and that the typed one is deleted. The shared
// confirmation step, reached by the merge form's first post (no JavaScript needed).
import { ConfirmStep } from "~/schedule/ui/confirm-step";
import { plural } from "~/utils/plural";

export type MergeImpact = {
  from: { id: number; name: string };
  into: { id: number; name: string };
  people: number;
  partnerships: number;
  domains: number;
};

/** "2 people, 2 event partnerships and 1 e-mail domain move from “A” to “B”; “A” is deleted." */
export function mergeImpactText({ from, into, people, partnerships, domains }: MergeImpact) {
  const moving = [
    people ? plural(people, "person", "people") : "",
    partnerships ? plural(partnerships, "event partnership") : "",
    domains ? plural(domains, "e-mail domain") : "",
  ].filter(Boolean);
  const what = moving.length
    ? `${moving.length > 1 ? `${moving.slice(0, -1).join(", ")} and ${moving.at(-1)}` : moving[0]} move from “${from.name}” to “${into.name}”`
    : `No people, event partnerships or e-mail domains move from “${from.name}” to “${into.name}”`;
  return `${what}; “${from.name}” is deleted.`;
}

export function MergeStep({ impact, cancelHref }: { impact: MergeImpact; cancelHref: string }) {
  const { from, into } = impact;
  return (
    <ConfirmStep
      title={`Merge “${from.name}” into “${into.name}”?`}
      hidden={{ intent: "merge", organisationId: String(from.id), intoId: String(into.id) }}
      confirmLabel={`Merge “${from.name}” into “${into.name}”`}
      cancelHref={cancelHref}
      cancelLabel="Cancel"
    >
      <p>{mergeImpactText(impact)}</p>
      <p className="mt-1">Authorship stays with the people; their notes and sessions show the real name.</p>
    </ConfirmStep>
  );
}
