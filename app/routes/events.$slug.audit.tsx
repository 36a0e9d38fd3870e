// The event's audit log, for its organisers and admins. Read-only: no action.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listAuditEntries } from "~/audit/audit-view.server";
import { AuditTable } from "~/audit/ui/audit-table";
import { PageHeader } from "~/components/card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireOrganiser } from "~/events/permissions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Audit log: ${data?.event.title ?? "event"} · Knowledge Exchange` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiser(request, params.slug ?? "");
  const before = Number(new URL(request.url).searchParams.get("before")) || undefined;
  const { entries, nextBefore } = listAuditEntries({ eventId: event.id, before });
  return json({
    event: { slug: event.slug, title: event.title, timeZone: event.timeZone },
    entries,
    nextBefore,
  });
}

export default function EventAudit() {
  const { event, entries, nextBefore } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader
        title="Audit log"
        subtitle={
          <>
            Organiser and admin actions for <Link to={`/events/${event.slug}`}>{event.title}</Link>: who, what, which record, when and from
            which IP. Entries cannot be edited or deleted.
          </>
        }
      />
      <AuditTable
        entries={entries}
        timeZone={event.timeZone}
        nextHref={nextBefore ? `/events/${event.slug}/audit?before=${nextBefore}` : null}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
