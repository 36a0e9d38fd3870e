// The account page's own forms: profile, e-mail address (changed only through a link sent to
// the new one) and password. Each form's last reply comes from the page (the action answers
// every form of the page, naming which one).
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { changeEmailSchema, profileSchema } from "~/accounts/account-schema";
import { Card } from "~/components/card";
import { EnhancedFlag } from "~/components/enhanced-flag";
import { Field, FormErrors } from "~/components/forms";
import { SubmitButton } from "~/components/submit-button";
import { useZodForm } from "~/components/use-zod-form";
import { changePasswordSchema } from "~/privacy/privacy-schema";

type FormResult = SubmissionResult<string[]>;

export function ProfileCard({
  user,
  lastResult,
}: {
  user: { name: string; email: string; organisation: string; jobRole: string };
  lastResult?: FormResult;
}) {
  const [form, fields] = useZodForm(profileSchema, {
    id: "profile",
    lastResult,
    defaultValue: user,
    shouldRevalidate: "onBlur",
  });
  const saved = lastResult?.status === "success";
  return (
    <Card aria-labelledby="profile-heading">
      <h2 id="profile-heading" className="mb-4 text-xl font-semibold">
        Profile
      </h2>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="profile" />
        <EnhancedFlag />
        <Field label="Name" meta={fields.name} autoComplete="name" />
        <Field label="Organisation" meta={fields.organisation} autoComplete="organization" />
        <Field label="Job role" meta={fields.jobRole} />
        <div className="flex items-center gap-3">
          <SubmitButton>Save profile</SubmitButton>
          {saved ? (
            <p role="status" className="text-sm text-green-700">
              Saved.
            </p>
          ) : null}
        </div>
      </Form>
    </Card>
  );
}

export function EmailCard({
  email,
  verified,
  pendingChange,
  lastResult,
}: {
  email: string;
  verified: boolean;
  pendingChange: string | null;
  lastResult?: FormResult;
}) {
  const [form, fields] = useZodForm(changeEmailSchema, {
    id: "change-email",
    lastResult,
    shouldRevalidate: "onBlur",
  });
  return (
    <Card aria-labelledby="email-heading">
      <h2 id="email-heading" className="mb-1 text-xl font-semibold">
        E-mail address
      </h2>
      <p className="mb-3 text-sm text-slate-700">
        <strong>{email}</strong>{" "}
        {verified ? (
          <span className="text-green-700">(verified)</span>
        ) : (
          <span className="text-amber-800">(not verified yet: open the link we e-mailed you)</span>
        )}
      </p>
      {!verified ? (
        <Form method="post" action="/verify-email" className="mb-4">
          <SubmitButton variant="secondary" size="sm">
            Send a new verification link
          </SubmitButton>
        </Form>
      ) : null}
      {pendingChange ? (
        <p role="status" className="mb-4 text-sm text-slate-700">
          Change to <strong>{pendingChange}</strong> requested: it happens when the link we sent there is used. Until then your account
          keeps {email}.
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="change-email" />
        <Field
          label="New e-mail address"
          meta={fields.newEmail}
          type="email"
          autoComplete="email"
          hint="We send a link to the new address; it replaces the current one only when that link is used."
        />
        <Field label="Password, to confirm the change" meta={fields.currentPassword} type="password" autoComplete="current-password" />
        <SubmitButton variant="secondary">Change e-mail address</SubmitButton>
      </Form>
    </Card>
  );
}

export function ChangePasswordCard({ lastResult }: { lastResult?: FormResult }) {
  const [form, fields] = useZodForm(changePasswordSchema, {
    id: "change-password",
    lastResult,
  });
  return (
    <Card aria-labelledby="password-heading">
      <h2 id="password-heading" className="mb-1 text-xl font-semibold">
        Change password
      </h2>
      <p className="mb-4 text-sm text-slate-600">Changing it logs you out everywhere else.</p>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="change-password" />
        <Field label="Current password" meta={fields.currentPassword} type="password" autoComplete="current-password" />
        <Field
          label="New password"
          meta={fields.newPassword}
          type="password"
          autoComplete="new-password"
          hint="At least 10 characters, and not one of the 10,000 most common passwords."
        />
        <Field label="Repeat the new password" meta={fields.confirmPassword} type="password" autoComplete="new-password" />
        <SubmitButton>Change password</SubmitButton>
      </Form>
    </Card>
  );
}
