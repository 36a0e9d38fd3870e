// The admin console's front page: counts, and the way to every admin page.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/accounts/session.server";
import { adminOverview } from "~/admin/overview.server";
import { AdminNav } from "~/admin/ui/admin-nav";
import { Card, PageHeader } from "~/components/card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { plural } from "~/utils/plural";

export const meta: MetaFunction = () => [{ title: "Admin console · Knowledge Exchange" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return json({ counts: adminOverview() });
}

export default function AdminOverview() {
  const { counts } = useLoaderData<typeof loader>();
  const tiles = [
    {
      to: "/admin/organisations",
      title: "Organisations",
      text: `${plural(counts.organisations, "organisation")}, ${plural(counts.domains, "e-mail domain")}`,
    },
    {
      to: "/admin/people",
      title: "People",
      text: `${plural(counts.people, "account")}, ${counts.unverified} with an unverified address; ${counts.grantedAdmins} granted admin, ${counts.eventCreators} may create events`,
    },
    { to: "/admin/audit", title: "Audit log", text: "Every organiser and admin action, newest first" },
    { to: "/outbox", title: "Outbox", text: `${plural(counts.outboxQueued, "e-mail")} waiting, ${counts.outboxFailed} failed` },
  ];
  return (
    <div>
      <PageHeader
        title="Admin console"
        subtitle="Organisations and their e-mail domains, people and their rights, the audit log and the outbox."
      />
      <AdminNav />
      <ul className="grid gap-4 sm:grid-cols-2">
        {tiles.map((tile) => (
          <li key={tile.to}>
            <Card>
              <h2 className="text-lg font-semibold">
                <Link to={tile.to}>{tile.title}</Link>
              </h2>
              <p className="mt-1 text-sm text-slate-700">{tile.text}</p>
            </Card>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
