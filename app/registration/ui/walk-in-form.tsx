// "Add a walk-in" on the attendee list (issue 17.1): name and e-mail, the person's consent,
// "check in now", and what to do when the event is full. Folded away until needed; open
// again when the server refused it, with the messages on their fields. An address that has
// an account is refused with a one-tap alternative: send them a link to take this seat.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Button } from "~/components/button";
import { CheckboxField, Field, FormErrors, SelectField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { WALK_IN_HAS_ACCOUNT_MESSAGE, walkInSchema, type WalkInLinkSent } from "~/registration/walk-in-schema";
import { SendWalkInLinkButton, SendWalkInLinkForm, WalkInLinkSentPanel } from "~/registration/ui/walk-in-link";

const WHEN_FULL_OPTIONS = [
  { value: "ask", label: "Tell me, add nobody" },
  { value: "waitlist", label: "Put them on the waiting list" },
  { value: "override", label: "Seat them anyway (over capacity)" },
];

/** The walk-in form's reply: Conform's, or the link sent for an address that has an account. */
export type WalkInReply = SubmissionResult<string[]> | WalkInLinkSent;

export function WalkInForm({ lastResult: reply, seatsFree }: { lastResult?: WalkInReply | null; seatsFree: number }) {
  const sent = reply && "walkInLink" in reply ? reply.walkInLink : null;
  const lastResult = reply && !("walkInLink" in reply) ? reply : undefined;
  return (
    <details className="at-walk-in" open={lastResult?.status === "error" || Boolean(sent) || undefined}>
      <summary>Add a walk-in</summary>
      {sent ? <WalkInLinkSentPanel sent={sent} /> : null}
      {/* A new key once a link went out: the fields start empty, without the refusal it answered. */}
      <WalkInFields key={sent?.link ?? "walk-in"} lastResult={lastResult} seatsFree={seatsFree} />
    </details>
  );
}

function WalkInFields({ lastResult, seatsFree }: { lastResult?: SubmissionResult<string[]>; seatsFree: number }) {
  const [form, fields] = useZodForm(walkInSchema, { lastResult, id: "walk-in", defaultValue: { whenFull: "ask" } });
  const refusedEmail = lastResult?.initialValue?.email;
  const hasAccount = fields.email.errors?.includes(WALK_IN_HAS_ACCOUNT_MESSAGE) && typeof refusedEmail === "string";
  return (
    <>
      {/* Its own form (forms do not nest); its button sits right under the refusal on the e-mail field. */}
      {hasAccount ? <SendWalkInLinkForm email={refusedEmail} /> : null}
      <Form method="post" {...getFormProps(form)} className="mt-3 grid gap-3 sm:grid-cols-2">
        <input type="hidden" name="intent" value="walk-in" />
        <div className="sm:col-span-2">
          <FormErrors id={form.errorId} errors={form.errors} />
        </div>
        <Field label="Name" meta={fields.name} autoComplete="off" />
        <Field
          label="E-mail"
          meta={fields.email}
          type="email"
          autoComplete="off"
          hint="Their registration e-mail goes here; an account is opened if they have none."
        />
        {hasAccount ? <SendWalkInLinkButton /> : null}
        <SelectField
          label="If the event is full"
          meta={fields.whenFull}
          options={WHEN_FULL_OPTIONS}
          hint={seatsFree > 0 ? `${seatsFree} ${seatsFree === 1 ? "seat is" : "seats are"} free now.` : "No seat is free now."}
        />
        <div className="grid content-start gap-2">
          <CheckboxField label="Check in now" meta={fields.checkInNow} />
          <CheckboxField label="They agree to the privacy notice" meta={fields.consent} />
        </div>
        <div className="sm:col-span-2">
          <Button type="submit">Add walk-in</Button>
        </div>
      </Form>
    </>
  );
}
