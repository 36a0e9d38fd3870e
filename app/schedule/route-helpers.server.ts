// Small glue the schedule routes share: the event as the viewer may see it, and
// turning domain errors into JSON replies with their status (never a 500).
import { json } from "@remix-run/node";
import { getSessionUser, requireUser } from "~/accounts/session.server";
import { requireVisibleEvent } from "~/events/permissions.server";
import { DomainError } from "~/utils/errors.server";
import { replyOrRedirect, type FlashKey } from "~/utils/flash.server";

export { isEnhancedPost } from "~/utils/flash.server";

export async function scheduleContext(request: Request, slug: string | undefined) {
  const user = await getSessionUser(request);
  const event = requireVisibleEvent(slug, user);
  return { user, event };
}

export async function scheduleActionContext(request: Request, slug: string | undefined) {
  const user = await requireUser(request);
  const event = requireVisibleEvent(slug, user);
  return { user, event };
}

export type ActionMessage = {
  ok: boolean;
  intent: string;
  message: string;
  fieldErrors?: Record<string, string[]>;
  warnings?: { kind: string; message: string; sessionIds: number[] }[];
  sessionId?: number;
  starCount?: number;
};

export function actionOk(body: Omit<ActionMessage, "ok">) {
  return json<ActionMessage>({ ok: true, ...body });
}

/**
 * A successful post: with JavaScript the fetcher or form gets `body`; a plain form post
 * gets post/redirect/get (303 to `pageUrl`, `flash` shown once there), so a reload is a GET.
 */
export function actionDone(formData: FormData, body: Omit<ActionMessage, "ok">, pageUrl: string, flash: FlashKey) {
  return replyOrRedirect(formData, () => actionOk(body), pageUrl, flash);
}

export function actionError(intent: string, error: unknown) {
  if (!(error instanceof DomainError)) throw error;
  return json<ActionMessage>(
    { ok: false, intent, message: error.message, fieldErrors: error.fieldErrors },
    { status: error.status },
  );
}

export function badInput(intent: string, fieldErrors: Record<string, string[] | null> | null | undefined) {
  const clean: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(fieldErrors ?? {})) if (v?.length) clean[k] = v;
  const first = Object.values(clean)[0]?.[0];
  return json<ActionMessage>({ ok: false, intent, message: first ?? "Check the form.", fieldErrors: clean }, { status: 400 });
}
