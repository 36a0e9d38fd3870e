// The confirmation step before deleting a room or a time slot: what it takes out of the
// grid and whose agendas lose it, then a button that posts the deletion with `confirm=yes`.
// A page section reached by a link (no JavaScript needed), not a window.confirm. Its post
// is always answered with a redirect to the page without the step (the record is gone).
import { Form, Link } from "@remix-run/react";
import { Button, buttonClass } from "~/components/button";

export type ImpactSession = { id: number; title: string; agendas: number };

const agendasText = (n: number) => (n === 1 ? "1 personal agenda" : `${n} personal agendas`);

export function ConfirmDeletion({
  title,
  hidden,
  sessions,
  confirmLabel,
  cancelHref,
}: {
  title: string;
  /** The deletion's own fields (intent and id). */
  hidden: Record<string, string>;
  sessions: ImpactSession[];
  confirmLabel: string;
  cancelHref: string;
}) {
  return (
    <section aria-labelledby="confirm-deletion-heading" className="rounded-xl border border-red-300 bg-red-50 p-5">
      <h2 id="confirm-deletion-heading" className="text-lg font-semibold text-red-900">
        {title}
      </h2>
      {sessions.length ? (
        <>
          <p className="mt-2 text-sm text-slate-800">
            {sessions.length === 1 ? "1 session is" : `${sessions.length} sessions are`} placed here. They go back to the list of unplaced
            sessions:
          </p>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-800">
            {sessions.map((s) => (
              <li key={s.id}>
                {s.agendas
                  ? `Removes “${s.title}” from the timetable of ${agendasText(s.agendas)} (and their calendar feeds).`
                  : `“${s.title}” leaves the grid; nobody has starred it.`}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="mt-2 text-sm text-slate-800">No session is placed here; nothing else changes.</p>
      )}
      <Form method="post" className="mt-4 flex flex-wrap gap-2">
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="confirm" value="yes" />
        <Button variant="danger">{confirmLabel}</Button>
        <Link to={cancelHref} className={buttonClass("secondary")}>
          Keep it
        </Link>
      </Form>
    </section>
  );
}
