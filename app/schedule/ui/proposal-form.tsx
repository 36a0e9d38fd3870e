// Propose or edit a session: title, abstract (Markdown), format, hosts, tags.
import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useZodForm } from "~/components/use-zod-form";
import { SubmitButton } from "~/components/submit-button";
import { Field, FieldError, FormErrors, SelectField, TextareaField } from "~/components/forms";
import { FORMAT_LABELS, proposalSchema } from "~/schedule/schedule-schema";

export type ProposalDefaults = { title?: string; abstract?: string; format?: string; hostIds?: string[]; tags?: string };

export function ScheduleProposalForm({
  lastResult,
  candidates,
  defaultValue,
  submitLabel,
}: {
  lastResult?: SubmissionResult<string[]>;
  candidates: { id: number; name: string; organisationName: string | null }[];
  defaultValue: ProposalDefaults;
  submitLabel: string;
}) {
  const [form, fields] = useZodForm(proposalSchema, {
    lastResult,
    constraint: true,
    defaultValue,
  });
  const hostErrors = fields.hostIds.errors;
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field label="Title" meta={fields.title} maxLength={120} />
      <TextareaField
        label="Abstract"
        meta={fields.abstract}
        rows={7}
        hint="What will happen in the session, and who is it for? Markdown works: **bold**, lists, links."
      />
      <SelectField
        label="Format"
        meta={fields.format}
        options={[{ value: "", label: "Choose…" }, ...Object.entries(FORMAT_LABELS).map(([value, label]) => ({ value, label }))]}
      />
      <fieldset aria-describedby={hostErrors?.length ? fields.hostIds.errorId : `${fields.hostIds.id}-hint`}>
        <legend className="block text-sm font-medium text-slate-800">Hosts</legend>
        <p id={`${fields.hostIds.id}-hint`} className="mt-1 text-xs text-slate-500">
          One or more confirmed attendees who run the session.
        </p>
        <div className="mt-2 grid max-h-64 gap-1 overflow-y-auto rounded-md border border-slate-200 p-2 sm:grid-cols-2">
          {candidates.map((c) => {
            const id = `${fields.hostIds.id}-${c.id}`;
            const { key: _key, ...props } = getInputProps(fields.hostIds, { type: "checkbox", value: String(c.id), ariaAttributes: false });
            return (
              <div key={c.id} className="flex items-center gap-2">
                <input {...props} id={id} className="h-4 w-4 rounded border-slate-300" />
                <label htmlFor={id} className="text-sm text-slate-800">
                  {c.name}
                  {c.organisationName ? <span className="text-slate-500"> · {c.organisationName}</span> : null}
                </label>
              </div>
            );
          })}
        </div>
        <FieldError id={fields.hostIds.errorId} errors={hostErrors} />
      </fieldset>
      <Field label="Tags" meta={fields.tags} hint="Comma-separated, e.g. observability, kubernetes" />
      <SubmitButton pendingLabel="Saving…">{submitLabel}</SubmitButton>
    </Form>
  );
}
