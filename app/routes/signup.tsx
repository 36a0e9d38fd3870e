import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { signupSchema } from "~/accounts/account-schema";
import { getSessionUser, redirectWithSession } from "~/accounts/session.server";
import { createUser } from "~/accounts/users.server";
import { clientIp } from "~/utils/client-ip.server";
import { Button } from "~/components/button";
import { Card } from "~/components/card";
import { Field, FormErrors } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { HoneypotField } from "~/components/honeypot";
import { replyWithError } from "~/utils/forms.server";
import { checkHoneypot } from "~/utils/honeypot.server";
import { enforceRateLimit, LIMITS } from "~/utils/rate-limit.server";
import { safeRedirect } from "~/utils/safe-redirect";

export const meta: MetaFunction = () => [{ title: "Sign up · Knowledge Exchange" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionUser(request)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  await enforceRateLimit(`signup:ip:${clientIp(context)}`, LIMITS.signupPerIp);
  const formData = await request.formData();
  checkHoneypot(formData);
  const submission = parseWithZod(formData, { schema: signupSchema });
  if (submission.status !== "success") {
    return json(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { name, email, password, organisation, jobRole, redirectTo } = submission.value;
  try {
    const user = await createUser({ name, email, password, organisationName: organisation, jobRole });
    return redirectWithSession(user.id, request, safeRedirect(redirectTo));
  } catch (error) {
    return replyWithError(submission, error, { hideFields: ["password"] });
  }
}

export default function Signup() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useZodForm(signupSchema, { lastResult });
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-3xl font-bold">Create your account</h1>
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <HoneypotField />
          <Field label="Name" meta={fields.name} autoComplete="name" />
          <Field label="E-mail" meta={fields.email} type="email" autoComplete="email" />
          <Field
            label="Password"
            meta={fields.password}
            type="password"
            autoComplete="new-password"
            hint="At least 10 characters. A passphrase works well."
          />
          <Field
            label="Organisation"
            meta={fields.organisation}
            autoComplete="organization"
            hint="Found from your e-mail domain for partner companies; otherwise type it."
          />
          <Field label="Job role" meta={fields.jobRole} autoComplete="organization-title" />
          <Button className="w-full">Sign up</Button>
        </Form>
      </Card>
      <p className="mt-4 text-center text-sm text-slate-600">
        Already have an account? <Link to={`/login${searchParams.size ? `?${searchParams}` : ""}`}>Log in</Link>
      </p>
    </div>
  );
}
