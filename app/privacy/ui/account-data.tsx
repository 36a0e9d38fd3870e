// The account page's privacy cards: downloading everything we hold about the person, and
// deleting the account (the e-mail address typed and the password re-entered to confirm).
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { buttonClass } from "~/components/button";
import { Card } from "~/components/card";
import { Field, FormErrors } from "~/components/forms";
import { SubmitButton } from "~/components/submit-button";
import { useZodForm } from "~/components/use-zod-form";
import { deleteAccountSchema } from "~/privacy/privacy-schema";

type FormResult = SubmissionResult<string[]>;

export function DataCard({ retentionDays }: { retentionDays: number }) {
  return (
    <Card aria-labelledby="data-heading">
      <h2 id="data-heading" className="mb-1 text-xl font-semibold">
        Your data
      </h2>
      <p className="mb-4 text-sm text-slate-600">
        One JSON file with everything we hold about you: your account, registrations with your answers and consent records, topics, votes,
        stars, sessions, notes and their revisions you wrote, and your login sessions. Registration answers are deleted {retentionDays} days
        after each event ends. <a href="/privacy">Privacy notice</a>
      </p>
      <a href="/account/export.json" download className={buttonClass("secondary")}>
        Download my data (JSON)
      </a>
    </Card>
  );
}

export function DeleteAccountCard({ email, lastResult }: { email: string; lastResult?: FormResult }) {
  const [form, fields] = useZodForm(deleteAccountSchema, {
    id: "delete-account",
    lastResult,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onSubmit",
  });
  return (
    <Card aria-labelledby="delete-heading" className="border-red-200">
      <h2 id="delete-heading" className="mb-1 text-xl font-semibold text-red-800">
        Delete my account
      </h2>
      <div className="mb-4 space-y-2 text-sm text-slate-700">
        <p>This cannot be undone. At once and for good:</p>
        <ul className="list-disc pl-5">
          <li>your name, e-mail address, job role, password and registration answers are erased;</li>
          <li>your registrations are cancelled and your seats go to the people on the waiting list;</li>
          <li>you are logged out everywhere.</li>
        </ul>
        <p>
          Topics, sessions and notes you contributed stay in the archive, shown as written by a <em>former attendee</em>. You can sign up
          again later with the same e-mail address.
        </p>
      </div>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="delete-account" />
        <Field
          label="Type your e-mail address to confirm"
          meta={fields.confirmEmail}
          type="email"
          autoComplete="off"
          hint={`Type ${email}`}
        />
        <Field label="Your password" meta={fields.currentPassword} type="password" autoComplete="current-password" />
        <SubmitButton variant="danger">Delete my account permanently</SubmitButton>
      </Form>
    </Card>
  );
}
