import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { profileSchema } from "~/accounts/account-schema";
import { endAllSessions, listSessions, requireUser } from "~/accounts/session.server";
import { updateProfile } from "~/accounts/users.server";
import { Button } from "~/components/button";
import { Card, PageHeader } from "~/components/card";
import { Field, FormErrors } from "~/components/forms";

export const meta: MetaFunction = () => [{ title: "Your account · Knowledge Exchange" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({
    user: { name: user.name, email: user.email, organisation: user.organisationName ?? "", jobRole: user.jobRole ?? "" },
    sessions: listSessions(user.id).map((s) => ({
      current: s.id === user.sessionId,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      userAgent: s.userAgent ?? "Unknown browser",
    })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "logout-everywhere") {
    endAllSessions(user.id);
    return redirect("/login");
  }
  const submission = parseWithZod(formData, { schema: profileSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  updateProfile(user.id, {
    name: submission.value.name,
    organisationName: submission.value.organisation,
    jobRole: submission.value.jobRole,
  });
  return json(submission.reply({ resetForm: false }));
}

export default function Account() {
  const { user, sessions } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: user,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSchema }),
  });
  const saved = lastResult?.status === "success";
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader title="Your account" subtitle={user.email} />
      <Card aria-labelledby="profile-heading">
        <h2 id="profile-heading" className="mb-4 text-xl font-semibold">
          Profile
        </h2>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="profile" />
          <Field label="Name" meta={fields.name} autoComplete="name" />
          <Field label="Organisation" meta={fields.organisation} autoComplete="organization" />
          <Field label="Job role" meta={fields.jobRole} />
          <div className="flex items-center gap-3">
            <Button>Save profile</Button>
            {saved ? (
              <p role="status" className="text-sm text-green-700">
                Saved.
              </p>
            ) : null}
          </div>
        </Form>
      </Card>
      <Card aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" className="mb-2 text-xl font-semibold">
          Where you are logged in
        </h2>
        <ul className="mb-4 divide-y divide-slate-100 text-sm">
          {sessions.map((s) => (
            <li key={s.createdAt + s.userAgent} className="py-2">
              <span className="font-medium">{s.userAgent.slice(0, 80)}</span>
              {s.current ? <span className="ml-2 text-green-700">(this browser)</span> : null}
              <div className="text-slate-500">
                Since {new Date(s.createdAt).toUTCString()}, last seen {new Date(s.lastSeenAt).toUTCString()}
              </div>
            </li>
          ))}
        </ul>
        <Form method="post">
          <input type="hidden" name="intent" value="logout-everywhere" />
          <Button variant="secondary">Log out everywhere</Button>
        </Form>
      </Card>
    </div>
  );
}
