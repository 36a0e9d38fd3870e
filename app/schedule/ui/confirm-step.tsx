// The confirmation step before a destructive schedule action (deleting a room or a slot,
// withdrawing, declining or cancelling a session): what it affects, then a button that posts
// the action with `confirm=yes`. A page section reached by a link (no JavaScript needed), not
// a window.confirm. Its post is answered with a redirect to the page without the step.
// It takes the focus when it appears, so it is in view (on a phone it often shows above the
// button that asked for it) and a screen reader reads its question next.
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { buttonClass } from "~/components/button";
import { SubmitButton } from "~/components/submit-button";
import { useFocusOnAppear } from "~/components/use-focus-on-appear";

export type ImpactSession = { id: number; title: string; agendas: number };

export const agendasText = (n: number) => (n === 1 ? "1 personal agenda" : `${n} personal agendas`);

/** One line per session a step takes out of the grid, with the agendas that lose it. */
export function sessionImpactText(s: Pick<ImpactSession, "title" | "agendas">) {
  return s.agendas
    ? `Removes “${s.title}” from the timetable of ${agendasText(s.agendas)} (and their calendar feeds).`
    : `“${s.title}” leaves the grid; nobody has starred it.`;
}

export function ConfirmStep({
  title,
  hidden,
  confirmLabel,
  cancelHref,
  cancelLabel = "Keep it",
  children,
}: {
  title: string;
  /** The action's own fields (intent and id). */
  hidden: Record<string, string>;
  confirmLabel: string;
  cancelHref: string;
  cancelLabel?: string;
  children: ReactNode;
}) {
  const heading = useFocusOnAppear<HTMLHeadingElement>(title);
  return (
    <section aria-labelledby="confirm-step-heading" className="rounded-xl border border-red-300 bg-red-50 p-5">
      <h2 id="confirm-step-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold text-red-900 focus:outline-none">
        {title}
      </h2>
      <div className="mt-2 text-sm text-slate-800">{children}</div>
      <Form method="post" className="mt-4 flex flex-wrap gap-2">
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="confirm" value="yes" />
        <SubmitButton variant="danger">{confirmLabel}</SubmitButton>
        <Link to={cancelHref} className={buttonClass("secondary")}>
          {cancelLabel}
        </Link>
      </Form>
    </section>
  );
}

/** The sessions a room or slot deletion takes out of the grid. */
export function PlacedSessionsImpact({ sessions }: { sessions: ImpactSession[] }) {
  if (!sessions.length) return <p>No session is placed here; nothing else changes.</p>;
  return (
    <>
      <p>
        {sessions.length === 1 ? "1 session is" : `${sessions.length} sessions are`} placed here. They go back to the list of unplaced
        sessions:
      </p>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {sessions.map((s) => (
          <li key={s.id}>{sessionImpactText(s)}</li>
        ))}
      </ul>
    </>
  );
}
