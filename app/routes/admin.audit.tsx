// The whole audit log, for admins. Read-only: no action.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/accounts/session.server";
import { AdminNav } from "~/admin/ui/admin-nav";
import { listAuditEntries } from "~/audit/audit-view.server";
import { AuditTable } from "~/audit/ui/audit-table";
import { SubmitButton } from "~/components/submit-button";
import { PageHeader } from "~/components/card";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Audit log · Knowledge Exchange" }];

const ADMIN_TIME_ZONE = "UTC";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const params = new URL(request.url).searchParams;
  const before = Number(params.get("before")) || undefined;
  const action = (params.get("action") ?? "").trim().slice(0, 60);
  const { entries, nextBefore } = listAuditEntries({ before, action: action || undefined });
  const next = new URLSearchParams();
  if (action) next.set("action", action);
  if (nextBefore) next.set("before", String(nextBefore));
  return json({ entries, action, nextHref: nextBefore ? `/admin/audit?${next}` : null });
}

export default function AdminAudit() {
  const { entries, action, nextHref } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader
        title="Audit log"
        subtitle="Every organiser and admin action, account deletions and retention purges, newest first. Times in UTC."
      />
      <AdminNav />
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="audit-action" className="block text-sm font-medium text-slate-800">
            Action starts with
          </label>
          <input
            id="audit-action"
            name="action"
            defaultValue={action}
            placeholder="event."
            className="mt-1 rounded-md border border-slate-300 px-3 py-2 shadow-sm"
          />
        </div>
        <SubmitButton variant="secondary">Filter</SubmitButton>
      </Form>
      <AuditTable entries={entries} timeZone={ADMIN_TIME_ZONE} showEvent nextHref={nextHref} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
