// Replies of pages with many small forms (one per row: rename this organisation, revoke
// that link): which form (`intent` + `targetId`) the answer belongs to, its message and
// field errors, with the domain error's status. Successful plain posts use replyOrRedirect.
import { json } from "@remix-run/node";
import { DomainError } from "~/utils/errors.server";

export type ActionReply = {
  ok: boolean;
  intent: string;
  targetId: number | null;
  message: string;
  fieldErrors: Record<string, string[]>;
};

const targetOf = (formData: FormData, field: string) => {
  const id = Number(formData.get(field));
  return Number.isInteger(id) && id > 0 ? id : null;
};

/** A form that did not validate: 400 with every field's messages. */
export function invalidForm(formData: FormData, error: Record<string, string[] | null> | null | undefined, targetField = "id") {
  const fieldErrors: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(error ?? {})) if (messages?.length) fieldErrors[key || "form"] = messages;
  return json<ActionReply>(
    {
      ok: false,
      intent: String(formData.get("intent") ?? ""),
      targetId: targetOf(formData, targetField),
      message: Object.values(fieldErrors)[0]?.[0] ?? "Check the form.",
      fieldErrors,
    },
    { status: 400 },
  );
}

/** A refused action (DomainError): its status and messages; anything else is rethrown. */
export function refusedAction(formData: FormData, error: unknown, targetField = "id") {
  if (!(error instanceof DomainError)) throw error;
  return json<ActionReply>(
    {
      ok: false,
      intent: String(formData.get("intent") ?? ""),
      targetId: targetOf(formData, targetField),
      message: error.message,
      fieldErrors: error.fieldErrors,
    },
    { status: error.status },
  );
}
