// Admin: organisations, their e-mail domains (which prove membership), the events they
// partner, and merging a typed-in name into the real organisation.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/accounts/session.server";
import { organisationActionSchema } from "~/admin/admin-schema";
import {
  addDomain,
  createOrganisationAsAdmin,
  listOrganisationsForAdmin,
  mergeImpact,
  mergeOrganisation,
  mergeToConfirm,
  removeDomain,
  renameOrganisation,
} from "~/admin/organisations.server";
import { AdminNav } from "~/admin/ui/admin-nav";
import { MergeStep } from "~/admin/ui/merge-step";
import { clientIp } from "~/utils/client-ip.server";
import { SubmitButton } from "~/components/submit-button";
import { Card, PageHeader } from "~/components/card";
import { EmptyState } from "~/components/empty-state";
import { FieldError } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FlashMessage } from "~/components/flash-message";
import { errorsFor, formMessageFor, RowField, RowMessage, type RowReply } from "~/components/row-form";
import { formatDate } from "~/utils/dates";
import { invalidForm, refusedAction } from "~/utils/action-reply.server";
import { jsonWithFlash, redirectWithFlash, type FlashKey } from "~/utils/flash.server";

export const meta: MetaFunction = () => [{ title: "Organisations · Admin · Knowledge Exchange" }];

const PAGE = "/admin/organisations";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const merge = mergeToConfirm(new URL(request.url).searchParams);
  return jsonWithFlash(request, {
    organisations: listOrganisationsForAdmin(),
    merge: merge && {
      from: { id: merge.from.id, name: merge.from.name },
      into: { id: merge.into.id, name: merge.into.name },
      people: merge.people,
      partnerships: merge.partnerships,
      domains: merge.domains,
    },
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: organisationActionSchema });
  if (submission.status !== "success") return invalidForm(formData, submission.error, "organisationId");
  const actor = { id: user.id, ip: clientIp(context) };
  const value = submission.value;
  let done: FlashKey;
  try {
    switch (value.intent) {
      case "create-organisation":
        createOrganisationAsAdmin({ name: value.name, domains: value.domains }, actor);
        done = "organisation-created";
        break;
      case "rename":
        renameOrganisation(value, actor);
        done = "organisation-renamed";
        break;
      case "add-domain":
        addDomain(value, actor);
        done = "domain-added";
        break;
      case "remove-domain":
        removeDomain(value, actor);
        done = "domain-removed";
        break;
      case "merge":
        // Unconfirmed: nothing changes; the confirmation step says what would move.
        if (value.confirm !== "yes") {
          mergeImpact(value);
          return redirect(`${PAGE}?merge=${value.organisationId}&into=${value.intoId}`, 303);
        }
        mergeOrganisation(value, actor);
        done = "organisation-merged";
        break;
    }
  } catch (error) {
    return refusedAction(formData, error, "organisationId");
  }
  return redirectWithFlash(PAGE, done, 303);
}

export default function AdminOrganisations() {
  const { organisations, merge, flash } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as RowReply;
  const mergeReply = reply?.intent === "merge" ? reply : undefined;
  return (
    <div>
      <PageHeader
        title="Organisations"
        subtitle="A person is a member when their verified e-mail address is on one of the organisation's domains."
      />
      <AdminNav />
      <FlashMessage message={flash} />
      <Card aria-labelledby="create-heading" className="mb-6">
        <h2 id="create-heading" className="text-lg font-semibold">
          New organisation
        </h2>
        {/* A new key after a create empties the form; a refusal (same list) keeps what was typed. */}
        <Form key={organisations.length} method="post" noValidate className="mt-3 grid gap-3 sm:grid-cols-2">
          <input type="hidden" name="intent" value="create-organisation" />
          <RowField id="new-name" name="name" label="Name" required errors={errorsFor(reply, "create-organisation", null, "name")} />
          <RowField
            id="new-domains"
            name="domains"
            label="E-mail domains"
            hint="Separated by commas, e.g. aurora.example, aurora-retail.example"
            errors={errorsFor(reply, "create-organisation", null, "domains")}
          />
          <div className="sm:col-span-2">
            <SubmitButton>Create organisation</SubmitButton>
            <RowMessage reply={formMessageFor(reply, "create-organisation", null)} />
          </div>
        </Form>
      </Card>

      {organisations.length > 1 ? (
        <Card aria-labelledby="merge-heading" className="mb-6">
          <h2 id="merge-heading" className="text-lg font-semibold">
            Merge organisations
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            For a name someone typed at sign-up: its people, event partnerships and domains move to the real organisation, then the typed
            one is removed. Authorship stays with the people; their notes and sessions show the real name.
          </p>
          {merge ? (
            <div className="mt-3">
              <MergeStep impact={merge} cancelHref={PAGE} />
            </div>
          ) : (
            <Form method="post" noValidate className="mt-3 flex flex-wrap items-end gap-3">
              <input type="hidden" name="intent" value="merge" />
              <OrganisationSelect id="merge-from" name="organisationId" label="Merge this organisation" organisations={organisations} />
              <OrganisationSelect
                id="merge-into"
                name="intoId"
                label="into"
                organisations={organisations}
                // Not the same one as "Merge this organisation": that merge is refused anyway.
                defaultValue={organisations[1]?.id}
                errors={mergeReply?.fieldErrors.intoId}
              />
              {/* Asks first: the next step names what moves. */}
              <SubmitButton variant="secondary">Merge…</SubmitButton>
            </Form>
          )}
          <RowMessage reply={mergeReply && !mergeReply.fieldErrors.intoId ? mergeReply : null} />
        </Card>
      ) : null}
      {organisations.length === 0 ? <EmptyState title="No organisations yet">Create the first one above.</EmptyState> : null}
      <ul className="space-y-4">
        {organisations.map((org) => {
          return (
            <li key={org.id}>
              <Card aria-labelledby={`org-${org.id}`}>
                <h2 id={`org-${org.id}`} className="text-lg font-semibold">
                  {org.name}
                </h2>
                <p className="text-sm text-slate-700">
                  {`${org.members} ${org.members === 1 ? "member" : "members"} (verified address on its domains) · ${org.named} named it on their profile`}
                </p>
                <RowMessage reply={formMessageFor(reply, "remove-domain", org.id)} />
                <div className="mt-3 grid gap-4 md:grid-cols-2">
                  <div>
                    <h3 className="text-sm font-semibold">E-mail domains</h3>
                    {org.domains.length ? (
                      <ul className="mt-1 space-y-1">
                        {org.domains.map((domain) => (
                          <li key={domain} className="flex items-center gap-2 text-sm">
                            <code>{domain}</code>
                            <Form method="post" noValidate>
                              <input type="hidden" name="intent" value="remove-domain" />
                              <input type="hidden" name="organisationId" value={org.id} />
                              <input type="hidden" name="domain" value={domain} />
                              <SubmitButton size="sm" variant="ghost" aria-label={`Remove domain ${domain}`}>
                                Remove
                              </SubmitButton>
                            </Form>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <p className="mt-1 text-sm text-slate-600">None: nobody is a member yet (a name someone typed at sign-up).</p>
                    )}
                    <Form method="post" noValidate className="mt-2 flex items-end gap-2">
                      <input type="hidden" name="intent" value="add-domain" />
                      <input type="hidden" name="organisationId" value={org.id} />
                      <RowField
                        id={`domain-${org.id}`}
                        name="domain"
                        label="Add a domain"
                        placeholder="company.example"
                        errors={errorsFor(reply, "add-domain", org.id, "domain")}
                      />
                      <SubmitButton size="sm" variant="secondary">
                        Add domain
                      </SubmitButton>
                    </Form>
                  </div>
                  <div>
                    <h3 className="text-sm font-semibold">Partner of</h3>
                    {org.partnerEvents.length ? (
                      <ul className="mt-1 list-disc pl-5 text-sm">
                        {org.partnerEvents.map((event) => (
                          <li key={event.slug}>
                            <Link to={`/events/${event.slug}`}>{event.title}</Link> ({formatDate(event.startsAt, "UTC")})
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <p className="mt-1 text-sm text-slate-600">No events.</p>
                    )}
                  </div>
                </div>
                <details className="mt-3" open={Boolean(errorsFor(reply, "rename", org.id, "name"))}>
                  <summary className="cursor-pointer text-sm font-medium">Rename…</summary>
                  <div className="mt-2">
                    <Form method="post" noValidate className="flex items-end gap-2">
                      <input type="hidden" name="intent" value="rename" />
                      <input type="hidden" name="organisationId" value={org.id} />
                      <RowField
                        id={`name-${org.id}`}
                        name="name"
                        label="New name"
                        defaultValue={org.name}
                        errors={errorsFor(reply, "rename", org.id, "name")}
                      />
                      <SubmitButton size="sm" variant="secondary">
                        Rename
                      </SubmitButton>
                    </Form>
                  </div>
                </details>
              </Card>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function OrganisationSelect({
  id,
  name,
  label,
  organisations,
  defaultValue,
  errors,
}: {
  id: string;
  name: string;
  label: string;
  organisations: { id: number; name: string }[];
  defaultValue?: number;
  errors?: string[];
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${id}-error` : undefined}
        className="mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2"
      >
        {organisations.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} errors={errors} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
