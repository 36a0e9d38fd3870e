import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/accounts/session.server";
import { Card, PageHeader } from "~/components/card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ScheduleProposalForm } from "~/schedule/ui/proposal-form";
import { requireVisibleEvent } from "~/events/permissions.server";
import { canParticipate } from "~/events/participation.server";
import { hostCandidates, proposeSession } from "~/schedule/proposals.server";
import { proposalSchema } from "~/schedule/schedule-schema";
import { replyWithError } from "~/utils/action-reply.server";
import { enforceRateLimit, LIMITS } from "~/utils/rate-limit.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Propose a session · ${data?.event.title ?? "Event"} · Knowledge Exchange` },
];

async function requireProposer(request: Request, slug: string | undefined) {
  const user = await requireUser(request);
  const event = requireVisibleEvent(slug, user);
  if (!canParticipate(user, event)) {
    throw new Response("Only confirmed attendees of this event can propose sessions. Register first.", { status: 403 });
  }
  return { user, event };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, event } = await requireProposer(request, params.slug);
  return json({ event: { slug: event.slug, title: event.title }, candidates: hostCandidates(event.id), userId: user.id });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await requireProposer(request, params.slug);
  const submission = parseWithZod(await request.formData(), { schema: proposalSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  await enforceRateLimit(`proposal:${user.id}`, LIMITS.proposalPerUser);
  try {
    const session = proposeSession(event, user, submission.value);
    return redirect(`/events/${event.slug}/sessions/${session.id}`);
  } catch (error) {
    return replyWithError(submission, error);
  }
}

export default function NewSession() {
  const { event, candidates, userId } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="Propose a session"
        subtitle={
          <>
            For <Link to={`/events/${event.slug}/schedule`}>{event.title}</Link>. Everyone registered can star it; the organisers place it
            in the grid.
          </>
        }
      />
      <Card>
        <ScheduleProposalForm
          lastResult={lastResult}
          candidates={candidates}
          defaultValue={{ hostIds: [String(userId)] }}
          submitLabel="Propose session"
        />
      </Card>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
