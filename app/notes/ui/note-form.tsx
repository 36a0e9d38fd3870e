// The write/edit note form (presentational; the routes own loading and saving).
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useZodForm } from "~/components/use-zod-form";
import { SubmitButton } from "~/components/submit-button";
import { Field, FormErrors, SelectField, TextareaField } from "~/components/forms";
import { NOTE_BODY_MAX, noteCreateSchema, noteEditSchema, visibilityLabels } from "~/notes/note-schema";

export type NoteFormDefaults = Partial<{
  title: string;
  body: string;
  visibility: string;
  tags: string;
  coAuthorEmails: string;
  sessionId: string;
  topicId: string;
}>;

const visibilityOptions = Object.entries(visibilityLabels).map(([value, label]) => ({ value, label }));

export function NoteForm({
  mode,
  lastResult,
  defaultValue,
  eventSlug,
  version,
  sessions = [],
  topics = [],
  submitLabel,
}: {
  mode: "create" | "edit";
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: NoteFormDefaults;
  eventSlug?: string;
  version?: number;
  sessions?: { id: number; title: string }[];
  topics?: { id: number; title: string }[];
  submitLabel: string;
}) {
  const schema = mode === "create" ? noteCreateSchema : noteEditSchema;
  const [form, fields] = useZodForm(schema, {
    lastResult,
    defaultValue,
  });
  const all = fields as Record<string, (typeof fields)["title"]>;
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-5">
      <FormErrors id={form.errorId} errors={form.errors} />
      {mode === "create" ? <input type="hidden" name="event" value={eventSlug} /> : null}
      {mode === "edit" ? <input type="hidden" name="version" value={version} /> : null}
      <Field label="Title" meta={fields.title} />
      <TextareaField
        label="Note"
        meta={fields.body}
        rows={16}
        className="font-mono text-sm"
        hint={`Markdown: headings, lists, task lists (- [ ]), tables, \`\`\`code blocks\`\`\`. HTML is shown as text. Up to ${NOTE_BODY_MAX.toLocaleString("en")} characters.`}
      />
      {mode === "create" && (sessions.length > 0 || topics.length > 0) ? (
        <div className="grid gap-4 sm:grid-cols-2">
          {sessions.length > 0 ? (
            <SelectField
              label="Session (optional)"
              meta={all.sessionId}
              hint="Listed as a related note; the session's notes page is the hosts'."
              options={[{ value: "", label: "No session" }, ...sessions.map((s) => ({ value: String(s.id), label: s.title }))]}
            />
          ) : null}
          {topics.length > 0 ? (
            <SelectField
              label="Lean Coffee topic (optional)"
              meta={all.topicId}
              hint="Listed as a related note; the takeaways are recorded on the board."
              options={[{ value: "", label: "No topic" }, ...topics.map((t) => ({ value: String(t.id), label: t.title }))]}
            />
          ) : null}
        </div>
      ) : null}
      <SelectField label="Who may read it" meta={fields.visibility} options={visibilityOptions} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Tags" meta={fields.tags} hint="Comma-separated, e.g. observability, on-call" />
        <Field
          label="Co-authors"
          meta={fields.coAuthorEmails}
          hint={
            mode === "create"
              ? "Their e-mail addresses, comma-separated. You are an author already."
              : "E-mail addresses of everyone who wrote it."
          }
        />
      </div>
      <SubmitButton pendingLabel={mode === "edit" ? "Saving…" : "Publishing…"}>{submitLabel}</SubmitButton>
    </Form>
  );
}
