// "Forgot your password?": one answer for every address, account or not (ADR 018).
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { forgotPasswordSchema } from "~/accounts/account-schema";
import { requestPasswordReset } from "~/accounts/password-reset.server";
import { clientIp } from "~/utils/client-ip.server";
import { SubmitButton } from "~/components/submit-button";
import { Card } from "~/components/card";
import { Field, FormErrors } from "~/components/forms";
import { HoneypotField } from "~/components/honeypot";
import { useZodForm } from "~/components/use-zod-form";
import { checkHoneypot } from "~/utils/honeypot.server";

export const meta: MetaFunction = () => [{ title: "Forgot your password? · Knowledge Exchange" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  checkHoneypot(formData);
  const submission = parseWithZod(formData, { schema: forgotPasswordSchema });
  if (submission.status !== "success") return json({ sent: false as const, result: submission.reply() }, { status: 400 });
  await requestPasswordReset(submission.value.email, { ip: clientIp(context) });
  // The same answer (status and body) whether or not the address has an account.
  return json({ sent: true as const, result: null });
}

export default function ForgotPassword() {
  const data = useActionData<typeof action>();
  const [form, fields] = useZodForm(forgotPasswordSchema, { lastResult: data?.result });
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-3xl font-bold">Forgot your password?</h1>
      <Card>
        {data?.sent ? (
          <p role="status" className="text-slate-700">
            If an account exists for that address, we have sent it a link to choose a new password. The link works once, for 1 hour. Nothing
            arrived? Check your spam folder, or try again in a few minutes.
          </p>
        ) : (
          <Form method="post" {...getFormProps(form)} className="space-y-4">
            <FormErrors id={form.errorId} errors={form.errors} />
            <p className="text-slate-700">Enter the e-mail address of your account. We will send you a link to choose a new password.</p>
            <HoneypotField />
            <Field label="E-mail" meta={fields.email} type="email" autoComplete="email" />
            <SubmitButton className="w-full">Send me a link</SubmitButton>
          </Form>
        )}
      </Card>
      <p className="mt-4 text-center text-sm text-slate-600">
        Remembered it? <Link to="/login">Log in</Link>
      </p>
    </div>
  );
}
