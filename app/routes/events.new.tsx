import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { listOrganisations } from "~/accounts/organisations.server";
import { requireUser } from "~/accounts/session.server";
import { recordAudit } from "~/audit/audit.server";
import { clientIp } from "~/utils/client-ip.server";
import { Card, PageHeader } from "~/components/card";
import { EventForm } from "~/events/ui/event-form";
import { eventFormSchema } from "~/events/event-schema";
import { createEvent } from "~/events/events.server";
import { canCreateEvents } from "~/events/permissions.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { replyWithError } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "New event · Knowledge Exchange" }];

async function requireEventCreator(request: Request) {
  const user = await requireUser(request);
  if (!canCreateEvents(user)) {
    throw new Response("Only organisers and administrators may create events.", { status: 403 });
  }
  return user;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireEventCreator(request);
  return json({ organisations: listOrganisations() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireEventCreator(request);
  const submission = parseWithZod(await request.formData(), { schema: eventFormSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    const event = createEvent(submission.value, user);
    recordAudit({
      actorId: user.id,
      eventId: event.id,
      action: "event.create",
      targetType: "event",
      targetId: event.id,
      ip: clientIp(context),
      details: { title: event.title, status: event.status, capacity: event.capacity },
    });
    return redirectWithFlash(`/events/${event.slug}`, event.status === "published" ? "event-published" : "event-created");
  } catch (error) {
    return replyWithError(submission, error);
  }
}

export default function NewEvent() {
  const { organisations } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title="New event" subtitle="Start as a draft; publish when it is ready." />
      <Card>
        <EventForm
          lastResult={lastResult}
          organisations={organisations}
          submitLabel="Create event"
          defaultValue={{ timeZone: "Europe/Berlin", format: "lean_coffee", capacity: "30", status: "draft" }}
        />
      </Card>
    </div>
  );
}
