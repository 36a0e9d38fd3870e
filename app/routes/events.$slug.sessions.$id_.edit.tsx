import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/accounts/session.server";
import { clientIp } from "~/utils/client-ip.server";
import { Card, PageHeader } from "~/components/card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ScheduleProposalForm } from "~/schedule/ui/proposal-form";
import { requireVisibleEvent } from "~/events/permissions.server";
import { canEditSession, hostCandidates, updateProposal } from "~/schedule/proposals.server";
import { proposalSchema } from "~/schedule/schedule-schema";
import { isLive, loadSession } from "~/schedule/sessions.server";
import { toResponse } from "~/utils/errors.server";
import { replyWithError } from "~/utils/action-reply.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Edit “${data?.session.title ?? "session"}” · Knowledge Exchange` },
];

async function requireEditor(request: Request, slug: string | undefined, rawId: string | undefined) {
  const user = await requireUser(request);
  const event = requireVisibleEvent(slug, user);
  const id = Number(rawId);
  if (!Number.isInteger(id) || id <= 0) throw new Response("No session with this id in this event.", { status: 404 });
  let session;
  try {
    session = loadSession(event.id, id);
  } catch (error) {
    toResponse(error);
  }
  if (!canEditSession(user, session))
    throw new Response("Only the hosts of this session (or the organisers) may edit it.", { status: 403 });
  return { user, event, session };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, session } = await requireEditor(request, params.slug, params.id);
  if (!isLive(session.status)) throw new Response(`This session was ${session.status}; it can no longer be edited.`, { status: 409 });
  return json({
    event: { slug: event.slug, title: event.title },
    session: { id: session.id, title: session.title },
    candidates: hostCandidates(event.id),
    defaults: {
      title: session.title,
      abstract: session.abstract,
      format: session.format,
      hostIds: session.hosts.map((h) => String(h.id)),
      tags: session.tags.join(", "),
    },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, event, session } = await requireEditor(request, params.slug, params.id);
  const submission = parseWithZod(await request.formData(), { schema: proposalSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    updateProposal(event, user, session.id, submission.value, { ip: clientIp(context) });
    return redirect(`/events/${event.slug}/sessions/${session.id}`);
  } catch (error) {
    return replyWithError(submission, error);
  }
}

export default function EditSession() {
  const { event, session, candidates, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title={`Edit “${session.title}”`}
        subtitle={<Link to={`/events/${event.slug}/sessions/${session.id}`}>Back to the session</Link>}
      />
      <Card>
        <ScheduleProposalForm lastResult={lastResult} candidates={candidates} defaultValue={defaults} submitLabel="Save changes" />
      </Card>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
