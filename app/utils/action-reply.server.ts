// The one way an action answers a form post (ADR 024). Every route action uses these:
//
// - A Conform form (Field/useZodForm): `replyWithError` turns a DomainError into Conform's
//   reply (field errors on the fields the error names, else the message on the form) with
//   the error's status; a page with several Conform forms uses `replyToForm`, which adds
//   which form it answers (`intent`, as small forms' replies do) so each finds its own result.
// - A small form without Conform (one per row: rename this organisation, check in that
//   person; fetchers): an `ActionReply` (`invalidForm`, `refusedAction`, `actionDone`):
//   which form (`intent` + `targetId`) it is about, its message and field errors.
// - A success: `replyOrRedirect`: a page running JavaScript (`_js=1`, see EnhancedFlag, or a
//   fetcher) gets data; a plain post gets post/redirect/get with a one-shot flash message.
//   Success that always leaves the page is a plain `redirect` or `redirectWithFlash`.
import type { Submission } from "@conform-to/react";
import { json } from "@remix-run/node";
import { DomainError, TooManyAttempts } from "~/utils/errors.server";
import { redirectWithFlash, type FlashKey } from "~/utils/flash.server";

export type ActionReply = {
  ok: boolean;
  intent: string;
  targetId: number | null;
  message: string;
  fieldErrors: Record<string, string[]>;
};

type ConformOptions = { hideFields?: string[]; resetForm?: boolean };

/** Posted by a page running JavaScript (`_js=1`, see EnhancedFlag): it wants data back, not a redirect. */
export const isEnhancedPost = (formData: FormData) => formData.get("_js") === "1";

/**
 * A successful post: with JavaScript (`_js=1`) the fetcher or form gets `reply()`; a plain
 * form post gets post/redirect/get (303 to `pageUrl`, `key`'s message shown once there), so a
 * reload is a GET. Refused posts don't come here: they stay 4xx with their messages.
 */
export function replyOrRedirect<R extends Response>(formData: FormData, reply: () => R, pageUrl: string, key: FlashKey, about?: number) {
  return isEnhancedPost(formData) ? reply() : redirectWithFlash(pageUrl, key, 303, about);
}

/** A refusal's headers: Retry-After for a rate limit's (TooManyAttempts). */
const refusalHeaders = (error: DomainError) => (error instanceof TooManyAttempts ? { "Retry-After": String(error.retryAfter) } : undefined);

/** Conform's result for a refused submission and its status; anything but a DomainError is rethrown. */
function refusal(submission: Submission<unknown>, error: unknown, options: ConformOptions) {
  if (!(error instanceof DomainError)) throw error;
  const hasFieldErrors = Object.keys(error.fieldErrors).length > 0;
  const result = submission.reply({
    fieldErrors: error.fieldErrors,
    formErrors: hasFieldErrors ? [] : [error.message],
    hideFields: options.hideFields,
  });
  return { result, status: error.status, headers: refusalHeaders(error) };
}

/** A refused Conform submission: field errors on their fields, else the message on the form; the error's status. */
export function replyWithError(submission: Submission<unknown>, error: unknown, options: ConformOptions = {}) {
  const { result, status, headers } = refusal(submission, error, options);
  return json(result, { status, headers });
}

/**
 * The reply to one of several Conform forms on a page: `{ intent, result, ...data }`, where
 * `intent` names the form it answers (its intent, or e.g. "edit-3" for one row's form).
 * With `error`, a refusal (its status); else the submission as parsed: 400 when it did not
 * validate, 200 when it did (a page that stays, e.g. a preview or a `_js=1` save).
 */
export function replyToForm<Data extends Record<string, unknown> = Record<never, never>>(
  intent: string,
  submission: Submission<unknown>,
  options: ConformOptions & { error?: unknown; data?: Data } = {},
) {
  const { result, status, headers } =
    "error" in options
      ? refusal(submission, options.error, options)
      : {
          result: submission.reply({ hideFields: options.hideFields, resetForm: options.resetForm }),
          status: submission.status === "success" ? 200 : 400,
          headers: undefined,
        };
  return json({ intent, result, ...(options.data as Data) }, { status, headers });
}

const targetOf = (formData: FormData, field: string) => {
  const id = Number(formData.get(field));
  return Number.isInteger(id) && id > 0 ? id : null;
};

const replyTo = (formData: FormData, targetField: string) => ({
  intent: String(formData.get("intent") ?? ""),
  targetId: targetOf(formData, targetField),
});

/**
 * A small form that did not validate: 400 with every field's messages. `targetField` names
 * the row's id; `message` replaces the first field's message as the summary.
 */
export function invalidForm(
  formData: FormData,
  error: Record<string, string[] | null> | null | undefined,
  targetField = "id",
  message?: string,
) {
  const fieldErrors: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(error ?? {})) if (messages?.length) fieldErrors[key || "form"] = messages;
  return json<ActionReply>(
    {
      ok: false,
      ...replyTo(formData, targetField),
      message: message ?? Object.values(fieldErrors)[0]?.[0] ?? "Check the form.",
      fieldErrors,
    },
    { status: 400 },
  );
}

/** A small form's refused action (DomainError): its status and messages; anything else is rethrown. */
export function refusedAction(formData: FormData, error: unknown, targetField = "id") {
  if (!(error instanceof DomainError)) throw error;
  return json<ActionReply>(
    { ok: false, ...replyTo(formData, targetField), message: error.message, fieldErrors: error.fieldErrors },
    { status: error.status, headers: refusalHeaders(error) },
  );
}

/** A small form's success: `body` (its message and data) with JavaScript, else post/redirect/get to `pageUrl` with `flash`. */
export function actionDone<Body extends { message: string }>(
  formData: FormData,
  body: Body,
  pageUrl: string,
  flash: FlashKey,
  about?: number,
  targetField = "id",
) {
  const reply = () => json<ActionReply & Body>({ ok: true, ...replyTo(formData, targetField), fieldErrors: {}, ...body });
  return replyOrRedirect(formData, reply, pageUrl, flash, about);
}

/** A small form's success as data (`extra`: what the page applies, e.g. a new star count). */
export function actionSucceeded<Extra extends Record<string, unknown> = Record<never, never>>(
  formData: FormData,
  message: string,
  extra?: Extra,
  targetField = "id",
) {
  return json<ActionReply & Extra>({ ok: true, ...replyTo(formData, targetField), message, fieldErrors: {}, ...(extra as Extra) });
}
