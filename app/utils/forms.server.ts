// Turning domain errors into Conform replies: field errors on their fields, the
// message on the form, the error's status (400/403/404/409) on the response.
import type { Submission } from "@conform-to/react";
import { json } from "@remix-run/node";
import { DomainError } from "~/utils/errors.server";

export function replyWithError(
  submission: Submission<unknown>,
  error: unknown,
  options: { hideFields?: string[] } = {},
) {
  if (!(error instanceof DomainError)) throw error;
  const hasFieldErrors = Object.keys(error.fieldErrors).length > 0;
  return json(
    submission.reply({
      fieldErrors: error.fieldErrors,
      formErrors: hasFieldErrors ? [] : [error.message],
      hideFields: options.hideFields,
    }),
    { status: error.status },
  );
}
