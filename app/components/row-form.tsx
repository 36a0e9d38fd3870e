// Small forms repeated per row (rename this organisation, add a domain to it): a labelled
// input whose errors come from the action's reply when it is about this form.
import type { InputHTMLAttributes, ReactNode } from "react";
import { FlashMessage } from "~/components/flash-message";
import { FieldError, inputClass } from "~/components/forms";

export type RowReply =
  { ok: boolean; intent: string; targetId: number | null; message: string; fieldErrors: Record<string, string[]> } | undefined;

/** The reply's errors for `name` when the reply is about this form (intent and row). */
export function errorsFor(reply: RowReply, intent: string, targetId: number | null, name: string) {
  if (!reply || reply.ok || reply.intent !== intent || reply.targetId !== targetId) return undefined;
  return reply.fieldErrors[name];
}

/** The reply's message when it is about this form and names no field. */
export function formMessageFor(reply: RowReply, intent: string, targetId: number | null) {
  if (!reply || reply.intent !== intent || reply.targetId !== targetId) return null;
  if (!reply.ok && Object.keys(reply.fieldErrors).length) return null;
  return reply;
}

export function RowField({
  id,
  label,
  errors,
  hint,
  ...input
}: { id: string; label: ReactNode; errors?: string[]; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const described = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input id={id} {...input} aria-invalid={errors?.length ? true : undefined} aria-describedby={described} className={inputClass} />
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} errors={errors} />
    </div>
  );
}

export function RowMessage({ reply }: { reply: RowReply | null }) {
  if (!reply) return null;
  return <FlashMessage ok={reply.ok} message={reply.message} className="mt-2" />;
}
