import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { clientIp } from "~/utils/client-ip.server";
import { FlashMessage } from "~/components/flash-message";
import { Badge, type BadgeTone } from "~/components/badge";
import { buttonClass } from "~/components/button";
import { Card } from "~/components/card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MarkdownView } from "~/components/markdown";
import { RelatedNotes } from "~/notes/ui/related";
import { sessionRemovalImpact, type SessionRemoval } from "~/schedule/deletion-impact.server";
import { REMOVALS, removalToConfirm } from "~/schedule/session-removal-step.server";
import { OrganiserCard, RemovalStep } from "~/schedule/ui/session-actions";
import { ScheduleStarButton } from "~/schedule/ui/star-button";
import { isOrganiserOf } from "~/events/permissions.server";
import { relatedNotes } from "~/notes/note-access.server";
import { canParticipate } from "~/events/participation.server";
import { setStar } from "~/schedule/agenda.server";
import { canEditSession, decideSession, mergeSession, mergeTargets, withdrawSession } from "~/schedule/proposals.server";
import { scheduleActionContext, scheduleContext } from "~/schedule/route-helpers.server";
import { actionDone, invalidForm, refusedAction } from "~/utils/action-reply.server";
import { FORMAT_LABELS, mergeSchema, sessionIdSchema } from "~/schedule/schedule-schema";
import { isLive, loadSession, starredSessionIds } from "~/schedule/sessions.server";
import { formatRange } from "~/utils/dates";
import { toResponse } from "~/utils/errors.server";
import { jsonWithFlash } from "~/utils/flash.server";
import { renderMarkdown } from "~/utils/markdown.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.session.title} · ${data.event.title} · Knowledge Exchange` : "Session · Knowledge Exchange" },
  { name: "description", content: data?.session.abstract.slice(0, 200) ?? "" },
];

function sessionId(raw: string | undefined) {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new Response("No session with this id in this event.", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, event } = await scheduleContext(request, params.slug);
  let session;
  try {
    session = loadSession(event.id, sessionId(params.id));
  } catch (error) {
    toResponse(error);
  }
  const canEdit = canEditSession(user, session);
  if (session.status === "merged" && session.mergedIntoId && !canEdit) {
    throw redirect(`/events/${event.slug}/sessions/${session.mergedIntoId}`);
  }
  if ((session.status === "withdrawn" || session.status === "declined") && !canEdit) {
    throw new Response("No session with this id in this event.", { status: 404 });
  }
  const organiser = isOrganiserOf(user, event.id);
  return jsonWithFlash(request, {
    confirm: removalToConfirm(event, user, session.id, new URL(request.url).searchParams.get("confirm")),
    event: { slug: event.slug, title: event.title, timeZone: event.timeZone },
    session: {
      id: session.id,
      title: session.title,
      abstract: session.abstract,
      format: session.format,
      status: session.status,
      hosts: session.hosts,
      tags: session.tags,
      starCount: session.starCount,
      roomName: session.room?.name ?? null,
      time: session.slot ? formatRange(session.slot.startsAt, session.slot.endsAt, event.timeZone) : null,
      noteId: session.noteId,
      mergedIntoId: session.mergedIntoId,
    },
    abstractHtml: renderMarkdown(session.abstract),
    /** Notes about the session other than its official notes page (ADR 016). */
    relatedNotes: relatedNotes({ sessionId: session.id }, user),
    viewer: {
      canEdit,
      hosting: Boolean(user && session.hosts.some((h) => h.id === user.id)),
      organiser,
      participant: canParticipate(user, event),
      starred: user ? starredSessionIds(event.id, user.id).includes(session.id) : false,
    },
    mergeTargets: organiser && isLive(session.status) ? mergeTargets(event.id, session.id) : [],
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, event } = await scheduleActionContext(request, params.slug);
  const id = sessionId(params.id);
  const formData = await request.formData();
  formData.set("sessionId", String(id));
  const intent = String(formData.get("intent") ?? "");
  const ctx = { ip: clientIp(context) };
  try {
    if (intent === "merge") {
      const submission = parseWithZod(formData, { schema: mergeSchema });
      if (submission.status !== "success") return invalidForm(formData, submission.error);
      const into = mergeSession(event, user, id, submission.value.intoId, ctx);
      return redirect(`/events/${event.slug}/sessions/${into.id}`);
    }
    const submission = parseWithZod(formData, { schema: sessionIdSchema });
    if (submission.status !== "success") return invalidForm(formData, submission.error);
    // A plain post comes back here with a 303 (post/redirect/get); the one who could post can still see the page.
    const page = `/events/${event.slug}/sessions/${id}`;
    // Withdrawing, declining or cancelling asks first: unconfirmed, nothing changes and the
    // step names what it affects (the same checks as the action: 403, 404 or 409 otherwise).
    if (REMOVALS.includes(submission.value.intent) && formData.get("confirm") !== "yes") {
      sessionRemovalImpact(event, user, id, submission.value.intent as SessionRemoval);
      return redirect(`${page}?confirm=${submission.value.intent}`, 303);
    }
    switch (submission.value.intent) {
      case "star":
      case "unstar": {
        const on = intent === "star";
        const starCount = setStar(event, user, id, on);
        return actionDone(
          formData,
          { sessionId: id, starCount, message: on ? "Starred." : "Star removed." },
          page,
          on ? "session-starred" : "session-unstarred",
        );
      }
      case "withdraw": {
        const s = withdrawSession(event, user, id, ctx);
        const cancelled = s.status === "cancelled";
        const message = cancelled ? "The session is cancelled." : "The proposal is withdrawn.";
        return actionDone(formData, { sessionId: id, message }, page, cancelled ? "session-cancelled" : "session-withdrawn");
      }
      case "accept":
      case "decline":
      case "cancel": {
        const s = decideSession(event, user, id, submission.value.intent, ctx);
        const flash = s.status === "accepted" ? "session-accepted" : s.status === "declined" ? "session-declined" : "session-cancelled";
        return actionDone(formData, { sessionId: id, message: `The session is now ${s.status}.` }, page, flash);
      }
      default:
        return invalidForm(formData, { intent: ["Unknown action."] });
    }
  } catch (error) {
    return refusedAction(formData, error);
  }
}

const statusTone: Record<string, BadgeTone> = {
  proposed: "info",
  accepted: "good",
  declined: "bad",
  withdrawn: "neutral",
  merged: "neutral",
  cancelled: "bad",
};

export default function SessionPage() {
  const {
    flash,
    event,
    session,
    abstractHtml,
    relatedNotes: relatedNotesList,
    viewer,
    mergeTargets,
    confirm,
  } = useLoaderData<typeof loader>();
  // The action's own reply, or after a plain (no-JavaScript) post the one-shot flash.
  const result = useActionData<typeof action>() ?? (flash ? { ok: true, message: flash } : undefined);
  const base = `/events/${event.slug}`;
  const live = session.status === "proposed" || session.status === "accepted";
  return (
    <article className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-4 lg:col-span-2">
        <p className="text-sm">
          <Link to={`${base}/schedule`}>← Schedule of {event.title}</Link>
        </p>
        <div className="flex flex-wrap gap-2">
          <Badge tone={statusTone[session.status]}>{session.status[0].toUpperCase() + session.status.slice(1)}</Badge>
          <Badge>{FORMAT_LABELS[session.format]}</Badge>
          {session.tags.map((t) => (
            <Badge key={t}>#{t}</Badge>
          ))}
        </div>
        <h1 className="text-3xl font-bold tracking-tight">{session.title}</h1>
        <p className="text-slate-700">
          Hosted by{" "}
          {session.hosts.map((h, i) => (
            <span key={h.id}>
              {i > 0 ? ", " : ""}
              <strong className="font-medium">{h.name}</strong>
              {h.organisationName ? <span className="text-slate-500"> ({h.organisationName})</span> : null}
            </span>
          ))}
        </p>
        {result ? <FlashMessage ok={result.ok} message={result.message} className="" /> : null}
        {confirm ? <RemovalStep confirm={confirm} pageHref={`${base}/sessions/${session.id}`} /> : null}
        {session.abstract ? <MarkdownView html={abstractHtml} /> : <p className="italic text-slate-500">No abstract yet.</p>}
      </div>
      <aside className="space-y-4">
        <Card aria-labelledby="when-heading">
          <h2 id="when-heading" className="font-semibold">
            When and where
          </h2>
          {session.time && session.roomName ? (
            <p className="mt-1 text-sm text-slate-700">
              {session.time}
              <br />
              {session.roomName}
            </p>
          ) : (
            <p className="mt-1 text-sm text-slate-600">Not in the grid yet.</p>
          )}
          {session.noteId ? (
            <p className="mt-2 text-sm">
              <Link to={`/notes/${session.noteId}`}>Notes page</Link>
            </p>
          ) : null}
          <RelatedNotes notes={relatedNotesList} className="mt-2" />
        </Card>
        {live ? (
          <Card aria-labelledby="interest-heading">
            <h2 id="interest-heading" className="font-semibold">
              Interest
            </h2>
            <div className="mt-2 flex items-center gap-2">
              <ScheduleStarButton
                sessionId={session.id}
                title={session.title}
                starred={viewer.starred}
                count={session.starCount}
                disabled={!viewer.participant}
              />
              <span className="text-sm text-slate-600">A star adds it to your agenda.</span>
            </div>
          </Card>
        ) : null}
        {viewer.canEdit && live ? (
          <Card aria-labelledby="host-heading">
            <h2 id="host-heading" className="font-semibold">
              {viewer.hosting ? "Your session" : "Edit this session"}
            </h2>
            <div className="mt-2 flex flex-wrap gap-2">
              <Link to={`${base}/sessions/${session.id}/edit`} className={buttonClass("secondary", "sm")}>
                Edit
              </Link>
              <Link to="?confirm=withdraw" className={buttonClass("secondary", "sm")}>
                {session.time ? "Cancel session" : "Withdraw proposal"}
              </Link>
            </div>
          </Card>
        ) : null}
        {viewer.organiser && live ? (
          <OrganiserCard proposed={session.status === "proposed"} placed={Boolean(session.time)} mergeTargets={mergeTargets} />
        ) : null}
      </aside>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
