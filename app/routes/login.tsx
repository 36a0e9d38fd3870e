import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { loginSchema } from "~/accounts/account-schema";
import { authenticator, InvalidCredentialsError } from "~/accounts/authenticator.server";
import { reserveLoginAttempt } from "~/accounts/login-limits.server";
import { getSessionUser, redirectWithSession } from "~/accounts/session.server";
import { clientIp } from "~/utils/client-ip.server";
import { Button } from "~/components/button";
import { Card } from "~/components/card";
import { Field, FormErrors } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { HoneypotField } from "~/components/honeypot";
import { checkHoneypot } from "~/utils/honeypot.server";
import { waitText } from "~/utils/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Log in · Knowledge Exchange" }];

/** A limited log-in answers 429 with the form and its message; the page keeps Retry-After. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionUser(request)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  // remix-auth reads the body itself, so validate a clone first.
  const formData = await request.clone().formData();
  checkHoneypot(formData);
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== "success") {
    return json(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  // Reserved before the password hash; no password is checked while limited.
  const attempt = await reserveLoginAttempt(submission.value.email, clientIp(context));
  if (!attempt.allowed) {
    const message = `${attempt.message} Please wait ${waitText(attempt.retryAfter)} and try again.`;
    return json(submission.reply({ formErrors: [message], hideFields: ["password"] }), {
      status: 429,
      headers: { "Retry-After": String(attempt.retryAfter) },
    });
  }
  try {
    const userId = await authenticator.authenticate("form", request);
    await attempt.succeeded();
    return redirectWithSession(userId, request, submission.value.redirectTo ?? "/");
  } catch (error) {
    if (error instanceof InvalidCredentialsError) {
      await attempt.failed();
      return json(submission.reply({ formErrors: [error.message], hideFields: ["password"] }), { status: 400 });
    }
    throw error;
  }
}

export default function Login() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useZodForm(loginSchema, { lastResult });
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-3xl font-bold">Log in</h1>
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <HoneypotField />
          <Field label="E-mail" meta={fields.email} type="email" autoComplete="email" />
          <Field label="Password" meta={fields.password} type="password" autoComplete="current-password" />
          <p className="text-sm">
            <Link to="/forgot-password">Forgot your password?</Link>
          </p>
          <Button className="w-full">Log in</Button>
        </Form>
      </Card>
      <p className="mt-4 text-center text-sm text-slate-600">
        New here? <Link to={`/signup${searchParams.size ? `?${searchParams}` : ""}`}>Create an account</Link>
      </p>
    </div>
  );
}
