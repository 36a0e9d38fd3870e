// Admin: find people by name, e-mail or organisation; grant and revoke the rights stored in
// the database (admin, may create events); see whether an address is verified and send a
// new verification link.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/accounts/session.server";
import { personActionSchema } from "~/admin/admin-schema";
import { PEOPLE_PAGE_SIZE, sendVerificationLinkAsAdmin, searchPeople, setAdmin, setMayCreateEvents } from "~/admin/people.server";
import { AdminNav } from "~/admin/ui/admin-nav";
import { clientIp } from "~/utils/client-ip.server";
import { Badge } from "~/components/badge";
import { SubmitButton } from "~/components/submit-button";
import { PageHeader } from "~/components/card";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FlashMessage } from "~/components/flash-message";
import { formMessageFor, RowMessage, type RowReply } from "~/components/row-form";
import { invalidForm, refusedAction } from "~/utils/action-reply.server";
import { jsonWithFlash, postedPage, redirectWithFlash, type FlashKey } from "~/utils/flash.server";

export const meta: MetaFunction = () => [{ title: "People · Admin · Knowledge Exchange" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request);
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  return jsonWithFlash(request, { q, people: searchPeople(q), selfId: user.id, pageSize: PEOPLE_PAGE_SIZE });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: personActionSchema });
  if (submission.status !== "success") return invalidForm(formData, submission.error, "userId");
  const actor = { id: user.id, ip: clientIp(context) };
  const { intent, userId } = submission.value;
  let done: FlashKey = "person-updated";
  try {
    switch (intent) {
      case "grant-admin":
      case "revoke-admin":
        setAdmin({ userId, on: intent === "grant-admin" }, actor);
        break;
      case "grant-create-events":
      case "revoke-create-events":
        setMayCreateEvents({ userId, on: intent === "grant-create-events" }, actor);
        break;
      case "resend-verification":
        sendVerificationLinkAsAdmin({ userId }, actor);
        done = "verification-sent";
        break;
    }
  } catch (error) {
    return refusedAction(formData, error, "userId");
  }
  return redirectWithFlash(postedPage(request), done, 303);
}

function RightButton({ userId, intent, label, name }: { userId: number; intent: string; label: string; name: string }) {
  return (
    <Form method="post" noValidate>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="userId" value={userId} />
      <SubmitButton size="sm" variant="secondary" aria-label={`${label}: ${name}`}>
        {label}
      </SubmitButton>
    </Form>
  );
}

export default function AdminPeople() {
  const { q, people, flash, pageSize } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as RowReply;
  return (
    <div>
      <PageHeader
        title="People"
        subtitle="Admins and event creators granted here are stored in the database; addresses in ADMIN_EMAILS are admins by configuration and cannot be revoked here."
      />
      <AdminNav />
      <FlashMessage message={flash} />
      <Form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="people-q" className="block text-sm font-medium text-slate-800">
            Name, e-mail or organisation
          </label>
          <input
            id="people-q"
            name="q"
            type="search"
            defaultValue={q}
            className="mt-1 rounded-md border border-slate-300 px-3 py-2 shadow-sm"
          />
        </div>
        <SubmitButton variant="secondary">Search</SubmitButton>
      </Form>
      {people.length === 0 ? <EmptyState title="Nobody found">Try part of a name, an e-mail address or an organisation.</EmptyState> : null}
      {people.length === pageSize ? (
        <p className="mb-2 text-sm text-slate-600">Showing the first {pageSize}: narrow the search to find someone else.</p>
      ) : null}
      <ul className="space-y-3">
        {people.map((person) => (
          <li key={person.id} aria-labelledby={`person-${person.id}`} className="rounded-lg border border-slate-200 bg-white p-4">
            <div className="flex flex-wrap items-start justify-between gap-3">
              <div>
                <h2 id={`person-${person.id}`} className="font-semibold">
                  {person.name}
                </h2>
                <p className="text-sm text-slate-700">
                  {person.email}
                  {person.organisationName ? <> · named {person.organisationName}</> : null}
                  {person.memberOrganisationName ? <> · member of {person.memberOrganisationName}</> : null}
                </p>
                <div className="mt-1 flex flex-wrap gap-1">
                  {person.emailVerified ? <Badge tone="good">Address verified</Badge> : <Badge tone="warn">Address not verified</Badge>}
                  {/* Admin rights need a verified address as well (app/accounts/admin-rights). */}
                  {person.adminByEnv ? (
                    <Badge tone="info">{person.emailVerified ? "Admin (ADMIN_EMAILS)" : "Admin (ADMIN_EMAILS) once verified"}</Badge>
                  ) : null}
                  {person.adminGranted ? <Badge tone="info">{person.emailVerified ? "Admin" : "Admin once verified"}</Badge> : null}
                  {person.mayCreateEvents ? <Badge>May create events</Badge> : null}
                </div>
              </div>
              <div className="flex flex-wrap gap-2">
                {person.adminByEnv && !person.adminGranted ? null : person.adminGranted ? (
                  <RightButton userId={person.id} intent="revoke-admin" label="Revoke admin" name={person.name} />
                ) : (
                  <RightButton userId={person.id} intent="grant-admin" label="Make admin" name={person.name} />
                )}
                {person.mayCreateEvents ? (
                  <RightButton userId={person.id} intent="revoke-create-events" label="Stop event creation" name={person.name} />
                ) : (
                  <RightButton userId={person.id} intent="grant-create-events" label="Allow event creation" name={person.name} />
                )}
                {person.emailVerified ? null : (
                  <RightButton userId={person.id} intent="resend-verification" label="Send verification link" name={person.name} />
                )}
              </div>
            </div>
            {["grant-admin", "revoke-admin", "grant-create-events", "revoke-create-events", "resend-verification"].map((intent) => (
              <RowMessage key={intent} reply={formMessageFor(reply, intent, person.id)} />
            ))}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
