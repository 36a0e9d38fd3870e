import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { listOrganisations } from "~/accounts/organisations.server";
import { recordAudit } from "~/audit/audit.server";
import { clientIp } from "~/utils/client-ip.server";
import { eventChanges, eventRoster } from "~/audit/event-changes.server";
import { Card, PageHeader } from "~/components/card";
import { EventForm } from "~/events/ui/event-form";
import { eventFormSchema } from "~/events/event-schema";
import { eventFormValues } from "~/events/event-form-values.server";
import { updateEvent } from "~/events/events.server";
import { requireOrganiser } from "~/events/permissions.server";
import { applyCapacityChange } from "~/events/capacity.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { replyWithError } from "~/utils/action-reply.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Edit ${data?.event.title ?? "event"} · Knowledge Exchange` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiser(request, params.slug ?? "");
  return json({
    event: { slug: event.slug, title: event.title },
    organisations: listOrganisations(),
    defaults: eventFormValues(event),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiser(request, params.slug ?? "");
  const submission = parseWithZod(await request.formData(), { schema: eventFormSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    const before = eventRoster(event);
    const updated = updateEvent(event, submission.value, applyCapacityChange);
    recordAudit({
      actorId: user.id,
      eventId: event.id,
      action: "event.update",
      targetType: "event",
      targetId: event.id,
      ip: clientIp(context),
      details: { changed: eventChanges(event, before, updated) },
    });
    const publishedNow = event.status !== "published" && updated.status === "published";
    return redirectWithFlash(`/events/${updated.slug}`, publishedNow ? "event-now-published" : "event-saved");
  } catch (error) {
    return replyWithError(submission, error);
  }
}

export default function EditEvent() {
  const { event, organisations, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={`Edit “${event.title}”`} />
      <Card>
        <EventForm
          lastResult={lastResult}
          organisations={organisations}
          defaultValue={defaults}
          submitLabel="Save event"
          invitationsHref={`/events/${event.slug}/invitations`}
        />
      </Card>
    </div>
  );
}
