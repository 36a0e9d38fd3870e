import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/accounts/session.server";
import { clientIp } from "~/utils/client-ip.server";
import { Badge } from "~/components/badge";
import { SubmitButton } from "~/components/submit-button";
import { PageHeader } from "~/components/card";
import { EmptyState } from "~/components/empty-state";
import { EnhancedFlag } from "~/components/enhanced-flag";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireEventBySlug } from "~/events/permissions.server";
import { canSeeOutbox, listOutbox, retryMessage, type OutboxStatus } from "~/outbox/outbox.server";
import { OUTBOX_STATUSES } from "#db/enums";
import { getEnv } from "~/utils/env.server";
import { formatDateTime } from "~/utils/dates";
import { jsonWithFlash, postedPage } from "~/utils/flash.server";
import { actionDone, invalidForm, refusedAction } from "~/utils/action-reply.server";

export const meta: MetaFunction = () => [{ title: "Outbox · Knowledge Exchange" }];

async function requireOutboxViewer(request: Request) {
  const user = await requireUser(request);
  if (!canSeeOutbox(user)) throw new Response("Only organisers may see the outbox.", { status: 403 });
  return user;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireOutboxViewer(request);
  const params = new URL(request.url).searchParams;
  const status = params.get("status");
  const filter = OUTBOX_STATUSES.includes(status as OutboxStatus) ? (status as OutboxStatus) : undefined;
  // One event's mail (the organiser's dashboard links here); the viewer's rights still apply.
  const event = params.get("event") ? requireEventBySlug(params.get("event")!) : null;
  const { rows, counts } = listOutbox(user, { status: filter, eventId: event?.id });
  return jsonWithFlash(request, {
    smtp: Boolean(getEnv().SMTP_URL),
    event: event ? { slug: event.slug, title: event.title } : null,
    counts,
    rows: rows.map((r) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
      nextAttemptAt: r.nextAttemptAt.toISOString(),
    })),
  });
}

const retrySchema = z.object({ intent: z.literal("retry"), messageId: z.coerce.number().int().positive() });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireOutboxViewer(request);
  const formData = await request.formData();
  const parsed = retrySchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidForm(formData, parsed.error.flatten().fieldErrors, "messageId", "Choose a message to retry.");
  try {
    retryMessage(user, parsed.data.messageId, clientIp(context));
    return actionDone(formData, { message: "Queued again." }, postedPage(request), "outbox-retried", undefined, "messageId");
  } catch (error) {
    return refusedAction(formData, error, "messageId");
  }
}

const TONE = { queued: "warn", sent: "good", failed: "bad" } as const;
const LABEL = { queued: "Queued", sent: "Sent", failed: "Failed" } as const;
/** Mail about no event (sign-up, password reset) has no zone of its own: UTC, as in the admin's audit log. */
const NO_EVENT_TIME_ZONE = "UTC";

export default function Outbox() {
  const { flash, smtp, event, counts, rows } = useLoaderData<typeof loader>();
  // A refused post comes back as action data; a done plain post as the one-shot flash after the redirect.
  const actionData = useActionData<typeof action>() ?? (flash ? { ok: true, message: flash } : undefined);
  const [searchParams] = useSearchParams();
  const current = searchParams.get("status");
  const only = event ? `event=${event.slug}&` : "";
  return (
    <div>
      <PageHeader
        title="Outbox"
        subtitle={
          smtp
            ? "E-mails are delivered over SMTP; failures are retried with back-off."
            : "SMTP is not configured (SMTP_URL), so e-mails wait here. Nothing is lost: they are sent once SMTP is set up."
        }
      />
      {actionData ? (
        <p role={actionData.ok ? "status" : "alert"} className="mb-4 rounded-md border border-slate-300 bg-white p-3 text-sm">
          {actionData.message}
        </p>
      ) : null}
      {event ? (
        <p className="mb-2 text-sm">
          Mail about <Link to={`/events/${event.slug}`}>{event.title}</Link> only · <Link to="/outbox">All mail</Link>
        </p>
      ) : null}
      <nav aria-label="Filter by delivery state" className="mb-4 flex flex-wrap gap-1">
        <Link
          to={`?${only}`}
          className={`rounded-full px-3 py-1 text-sm no-underline ${!current ? "bg-slate-800 text-white" : "bg-slate-100 text-slate-700"}`}
        >
          All {counts.queued + counts.sent + counts.failed}
        </Link>
        {OUTBOX_STATUSES.map((s) => (
          <Link
            key={s}
            to={`?${only}status=${s}`}
            className={`rounded-full px-3 py-1 text-sm no-underline ${current === s ? "bg-slate-800 text-white" : "bg-slate-100 text-slate-700"}`}
          >
            {LABEL[s]} {counts[s]}
          </Link>
        ))}
      </nav>
      {rows.length === 0 ? (
        <EmptyState title="No e-mails here" />
      ) : (
        <ul className="space-y-3">
          {rows.map((m) => (
            <li key={m.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <div>
                  <p className="font-medium text-slate-900">{m.subject}</p>
                  <p className="text-sm text-slate-600">
                    To {m.toName ? `${m.toName} <${m.toEmail}>` : m.toEmail}
                    {m.eventSlug ? (
                      <>
                        {" "}
                        · <Link to={`/events/${m.eventSlug}`}>{m.eventTitle}</Link>
                      </>
                    ) : null}
                  </p>
                </div>
                <div className="flex items-center gap-2">
                  <Badge tone={TONE[m.status]}>{LABEL[m.status]}</Badge>
                  {m.status === "failed" || (m.status === "queued" && m.attempts > 0) ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="retry" />
                      <input type="hidden" name="messageId" value={m.id} />
                      <EnhancedFlag />
                      <SubmitButton variant="secondary" size="sm">
                        Retry now<span className="sr-only"> “{m.subject}”</span>
                      </SubmitButton>
                    </Form>
                  ) : null}
                </div>
              </div>
              <MessageTimes message={m} />
              {m.lastError ? <p className="mt-1 text-xs text-red-700">Last error: {m.lastError}</p> : null}
              <details className="mt-2">
                <summary className="cursor-pointer text-sm text-brand-700">Show message</summary>
                <pre className="mt-2 whitespace-pre-wrap rounded-md bg-slate-50 p-3 font-sans text-sm text-slate-800">{m.textBody}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** "Queued Mon 7 Dec 2026, 20:12 · sent … (Europe/Berlin) · 2 attempts": in the event's zone, like every other page. */
function MessageTimes({ message: m }: { message: SerializeFrom<typeof loader>["rows"][number] }) {
  const zone = m.eventTimeZone ?? NO_EVENT_TIME_ZONE;
  const at = (iso: string) => formatDateTime(iso, zone, false);
  return (
    <p className="mt-1 text-xs text-slate-500">
      {`Queued ${at(m.createdAt)}`}
      {m.sentAt ? ` · sent ${at(m.sentAt)}` : ""}
      {m.status === "queued" && m.attempts ? ` · next try ${at(m.nextAttemptAt)}` : ""}
      {` (${zone})`}
      {m.attempts ? ` · ${m.attempts} attempt${m.attempts === 1 ? "" : "s"}` : ""}
    </p>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
