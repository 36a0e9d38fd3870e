// A session page's organiser and host steps: the organisers' card (accept, decline or cancel,
// merge into another session) and the confirmation step before withdrawing, declining or
// cancelling, which says what it affects (issue 17.5).
import { Form, Link } from "@remix-run/react";
import { buttonClass } from "~/components/button";
import { Card } from "~/components/card";
import { EnhancedFlag } from "~/components/enhanced-flag";
import { SubmitButton } from "~/components/submit-button";
import type { SessionRemoval } from "~/schedule/deletion-impact.server";
import { agendasText, ConfirmStep } from "~/schedule/ui/confirm-step";

/** Accept a proposal; decline it, or cancel it once placed (both ask first); merge it into another. */
export function OrganiserCard({
  proposed,
  placed,
  mergeTargets,
}: {
  proposed: boolean;
  placed: boolean;
  mergeTargets: { id: number; title: string }[];
}) {
  return (
    <Card aria-labelledby="organiser-heading">
      <h2 id="organiser-heading" className="font-semibold">
        Organisers
      </h2>
      <div className="mt-2 flex flex-wrap gap-2">
        {proposed ? (
          <Form method="post">
            <input type="hidden" name="intent" value="accept" />
            <EnhancedFlag />
            <SubmitButton size="sm">Accept</SubmitButton>
          </Form>
        ) : null}
        <Link to={`?confirm=${placed ? "cancel" : "decline"}`} className={buttonClass("danger", "sm")}>
          {placed ? "Cancel (organiser)" : "Decline"}
        </Link>
      </div>
      {mergeTargets.length ? (
        <Form method="post" className="mt-3 space-y-2">
          <input type="hidden" name="intent" value="merge" />
          <label htmlFor="merge-into" className="block text-sm font-medium text-slate-800">
            Merge into
          </label>
          <select
            id="merge-into"
            name="intoId"
            required
            defaultValue=""
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          >
            <option value="" disabled>
              Choose a session…
            </option>
            {mergeTargets.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
          </select>
          <SubmitButton variant="secondary" size="sm">
            Merge
          </SubmitButton>
        </Form>
      ) : null}
    </Card>
  );
}

const REMOVAL_WORDS: Record<SessionRemoval, { title: string; button: string }> = {
  withdraw: { title: "Withdraw", button: "Withdraw" },
  decline: { title: "Decline", button: "Decline" },
  cancel: { title: "Cancel", button: "Cancel" },
};

export function RemovalStep({
  confirm,
  pageHref,
}: {
  confirm: { id: number; title: string; agendas: number; place: string | null; how: SessionRemoval };
  pageHref: string;
}) {
  // Withdrawing a placed session cancels it (withdrawSession).
  const how = confirm.how === "withdraw" && confirm.place ? "cancel" : confirm.how;
  const words = REMOVAL_WORDS[how];
  return (
    <ConfirmStep
      title={`${words.title} “${confirm.title}”?`}
      hidden={{ intent: confirm.how }}
      confirmLabel={`${words.button} “${confirm.title}”`}
      cancelHref={pageHref}
    >
      <p>
        {!confirm.agendas
          ? `Nobody has starred “${confirm.title}”.`
          : how === "cancel"
            ? `“${confirm.title}” shows as cancelled in ${agendasText(confirm.agendas)} and their calendar feeds.`
            : `Removes “${confirm.title}” from ${agendasText(confirm.agendas)}.`}
      </p>
      {confirm.place ? <p className="mt-1">It frees {confirm.place}.</p> : null}
    </ConfirmStep>
  );
}
