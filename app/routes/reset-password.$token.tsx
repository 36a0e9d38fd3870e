// The link in the reset e-mail: choose a new password. A refused link (forged 400, used or
// expired 410) shows a clear page and writes nothing.
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { resetPasswordSchema } from "~/accounts/account-schema";
import { assertResetLinkUsable, resetPassword } from "~/accounts/password-reset.server";
import { clientIp } from "~/utils/client-ip.server";
import { SubmitButton } from "~/components/submit-button";
import { Card } from "~/components/card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { DomainError, toResponse } from "~/utils/errors.server";
import { replyWithError } from "~/utils/action-reply.server";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Knowledge Exchange" }];

const PRIVATE = { "Cache-Control": "no-store", "Referrer-Policy": "same-origin" };

// The token is in the URL: keep the page out of caches and the link out of Referer headers.
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export async function loader({ params }: LoaderFunctionArgs) {
  try {
    assertResetLinkUsable(params.token ?? "");
  } catch (error) {
    toResponse(error);
  }
  return json(null, { headers: PRIVATE });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const submission = parseWithZod(await request.formData(), { schema: resetPasswordSchema });
  if (submission.status !== "success") {
    return json(submission.reply({ hideFields: ["newPassword", "confirmPassword"] }), { status: 400 });
  }
  try {
    await resetPassword(token, submission.value.newPassword, { ip: clientIp(context) });
  } catch (error) {
    // A link that stopped working is a page of its own; a weak password is a field message.
    if (error instanceof DomainError && Object.keys(error.fieldErrors).length === 0) toResponse(error);
    return replyWithError(submission, error, { hideFields: ["newPassword", "confirmPassword"] });
  }
  return redirect("/reset-password", { status: 303 });
}

export default function ResetPassword() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(resetPasswordSchema, { lastResult });
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-3xl font-bold">Choose a new password</h1>
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors id={form.errorId} errors={form.errors} />
          <Field
            label="New password"
            meta={fields.newPassword}
            type="password"
            autoComplete="new-password"
            hint="At least 10 characters. A passphrase works well. You will be logged out everywhere."
          />
          <Field label="Repeat the new password" meta={fields.confirmPassword} type="password" autoComplete="new-password" />
          <SubmitButton className="w-full">Set the new password</SubmitButton>
        </Form>
      </Card>
    </div>
  );
}

/** A broken or used link says "ask for a new one": the way to do that. */
export function ErrorBoundary() {
  return <GeneralErrorBoundary wayOn={{ to: "/forgot-password", label: "Ask for a new link" }} />;
}
