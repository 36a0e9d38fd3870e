import crypto from "node:crypto";
import { getCollectionProps, getFormProps, getSelectProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { clientIp } from "~/utils/client-ip.server";
import { FlashMessage } from "~/components/flash-message";
import { SubmitButton } from "~/components/submit-button";
import { Card, PageHeader } from "~/components/card";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FieldError, FormErrors, inputClass, SelectField, TextareaField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { requireOrganiser } from "~/events/permissions.server";
import { listEventMessages } from "~/messages/history.server";
import { messageFormSchema, NOBODY_MATCHES, RECIPIENT_STATE_LABELS, RECIPIENT_STATES, reminderFormSchema } from "~/messages/message-schema";
import { setReminderDays } from "~/messages/reminders.server";
import { describeFilter, previewRecipients, recipientFilterOf, sendEventMessage } from "~/messages/send.server";
import { limitMails } from "~/outbox/mail-limits.server";
import { attendeeCounts } from "~/registration/attendees.server";
import { answerFilterOptions } from "~/registration/questions-answers.server";
import { AnswerFilterOptions } from "~/registration/ui/questions";
import { getDb } from "#db/client";
import { formatDateTime } from "~/utils/dates";
import { readFlash, redirectWithFlash } from "~/utils/flash.server";
import { replyToForm } from "~/utils/action-reply.server";

/** Which form a reply belongs to: the message (preview or send; its intent field says which) or the reminder. */
const MESSAGE_FORM = "message";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Message attendees: ${data.event.title} · Knowledge Exchange` : "Message attendees · Knowledge Exchange" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiser(request, params.slug ?? "");
  const flash = await readFlash(request);
  return json(
    {
      flash: flash.message,
      event: { slug: event.slug, title: event.title, reminderDaysBefore: event.reminderDaysBefore },
      sendKey: crypto.randomUUID(),
      organisations: attendeeCounts(event.id).organisations.map((o) => ({ id: String(o.id), name: o.name })),
      answerFilters: answerFilterOptions(getDb(), event.id),
      messages: listEventMessages(event.id).map((m) => ({
        ...m,
        createdAt: formatDateTime(m.createdAt, event.timeZone),
        recipients: m.recipients.map((r) => ({ name: r.name, email: r.email, status: r.status ?? "removed" })),
      })),
    },
    { headers: flash.headers },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiser(request, params.slug ?? "");
  const here = `/events/${event.slug}/messages`;
  const formData = await request.formData();

  if (formData.get("intent") === "reminder") {
    const submission = parseWithZod(formData, { schema: reminderFormSchema });
    if (submission.status !== "success") return replyToForm("reminder", submission, { data: { preview: null } });
    setReminderDays(event, submission.value.reminderDaysBefore, { actorId: user.id, ip: clientIp(context) });
    return redirectWithFlash(here, "reminder-saved", 303);
  }

  const submission = parseWithZod(formData, { schema: messageFormSchema });
  if (submission.status !== "success") return replyToForm(MESSAGE_FORM, submission, { data: { preview: null } });
  const filter = recipientFilterOf(submission.value);
  if (submission.value.intent === "preview") {
    const preview = { ...previewRecipients(event.id, filter), audience: describeFilter(getDb(), event.id, filter) };
    return replyToForm(MESSAGE_FORM, submission, { data: { preview } });
  }
  try {
    await limitMails("event-message", { actorId: user.id, eventId: event.id });
    const sent = sendEventMessage({ event, sender: { id: user.id, email: user.email }, value: submission.value, ip: clientIp(context) });
    return redirectWithFlash(here, sent.alreadySent ? "message-already-sent" : "message-sent", 303);
  } catch (error) {
    return replyToForm(MESSAGE_FORM, submission, { error, data: { preview: null } });
  }
}

export default function Messages() {
  const { flash, event, sendKey, organisations, answerFilters, messages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useZodForm(messageFormSchema, {
    id: MESSAGE_FORM,
    lastResult: actionData?.intent === MESSAGE_FORM ? (actionData.result as never) : undefined,
    defaultValue: { states: ["confirmed"] },
  });
  const [reminderForm, reminderFields] = useZodForm(reminderFormSchema, {
    id: "reminder",
    lastResult: actionData?.intent === "reminder" ? (actionData.result as never) : undefined,
    defaultValue: { reminderDaysBefore: String(event.reminderDaysBefore) },
  });
  const preview = actionData?.preview;
  const stateOptions = RECIPIENT_STATES.map((s) => s as string);
  const stateBoxes = getCollectionProps(fields.states, { type: "checkbox", options: stateOptions, ariaAttributes: false });
  const { key: answerKey, ...answerProps } = getSelectProps(fields.answer, { ariaAttributes: false });
  const key = (fields.sendKey.initialValue as string | undefined) ?? sendKey;

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <PageHeader
        title="Message attendees"
        subtitle={
          <>
            <Link to={`/events/${event.slug}`}>{event.title}</Link>: one e-mail per person, through the outbox; replies come to you.
          </>
        }
      />
      <FlashMessage message={flash} className="" />

      <Card aria-labelledby="compose-heading">
        <h2 id="compose-heading" className="text-xl font-semibold">
          Write a message
        </h2>
        <Form method="post" {...getFormProps(form)} className="mt-3 space-y-4">
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="sendKey" value={key} />
          <fieldset aria-describedby={fields.states.errors?.length ? fields.states.errorId : undefined}>
            <legend className="text-sm font-medium text-slate-800">To people who are</legend>
            <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
              {stateBoxes.map(({ key: boxKey, ...props }, i) => (
                <label key={boxKey} className="flex items-center gap-2 text-sm">
                  <input {...props} className="h-4 w-4 border-slate-300" />
                  {RECIPIENT_STATE_LABELS[RECIPIENT_STATES[i]]}
                </label>
              ))}
            </div>
            <FieldError id={fields.states.errorId} errors={fields.states.errors} />
          </fieldset>
          <div className="grid gap-3 sm:grid-cols-2">
            <SelectField
              label="Organisation"
              meta={fields.organisation}
              options={[{ value: "", label: "All organisations" }, ...organisations.map((o) => ({ value: o.id, label: o.name }))]}
            />
            <div>
              <label htmlFor={fields.answer.id} className="block text-sm font-medium text-slate-800">
                Answer
              </label>
              <select key={answerKey} {...answerProps} className={inputClass}>
                <AnswerFilterOptions filters={answerFilters} />
              </select>
              <FieldError id={fields.answer.errorId} errors={fields.answer.errors} />
            </div>
          </div>
          <Field label="Subject" meta={fields.subject} />
          <TextareaField label="Message" meta={fields.body} rows={8} hint="Plain text. Each person's e-mail starts with “Hello <name>,”." />
          {preview ? (
            <div role="status" className="rounded-md border border-slate-300 bg-slate-50 p-3 text-sm">
              {preview.count === 0 ? (
                <p className="font-medium text-red-800">{NOBODY_MATCHES}</p>
              ) : (
                <>
                  <p className="font-medium">
                    {`${preview.count} ${preview.count === 1 ? "person gets" : "people get"} this message (${preview.audience}).`}
                  </p>
                  <p className="mt-1 text-slate-700">
                    {preview.names.join(", ")}
                    {preview.count > preview.names.length ? ` and ${preview.count - preview.names.length} more` : ""}
                  </p>
                </>
              )}
            </div>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <SubmitButton variant="secondary" name="intent" value="preview">
              Preview recipients
            </SubmitButton>
            {preview && preview.count > 0 ? (
              <SubmitButton name="intent" value="send">
                {`Send to ${preview.count} ${preview.count === 1 ? "person" : "people"}`}
              </SubmitButton>
            ) : null}
          </div>
        </Form>
      </Card>

      <Card aria-labelledby="reminder-heading">
        <h2 id="reminder-heading" className="text-xl font-semibold">
          Automatic e-mails
        </h2>
        <p className="mt-1 text-sm text-slate-700">
          Confirmed attendees get a reminder with the event as a calendar file before the start. Everyone registered is told when the event
          is cancelled or its time or place changes.
        </p>
        <Form method="post" {...getFormProps(reminderForm)} className="mt-3 flex flex-wrap items-end gap-3">
          <FormErrors id={reminderForm.errorId} errors={reminderForm.errors} />
          <input type="hidden" name="intent" value="reminder" />
          <Field
            label="Reminder, days before the start"
            meta={reminderFields.reminderDaysBefore}
            type="number"
            min={0}
            max={60}
            hint="0 turns the reminder off."
          />
          <SubmitButton variant="secondary">Save reminder</SubmitButton>
        </Form>
      </Card>

      <Card aria-labelledby="sent-heading">
        <h2 id="sent-heading" className="text-xl font-semibold">
          Sent
        </h2>
        {messages.length === 0 ? (
          <div className="mt-3">
            <EmptyState title="No messages sent yet." />
          </div>
        ) : (
          <ul className="mt-3 space-y-3">
            {messages.map((m) => (
              <li key={m.id} id={`message-${m.id}`} className="rounded-lg border border-slate-200 p-3">
                <h3 className="font-medium">{m.subject}</h3>
                <p className="text-xs text-slate-600">
                  {`${m.createdAt} · ${m.kind === "organiser" ? `by ${m.sentBy ?? "a former organiser"}` : m.kind === "reminder" ? "automatic reminder" : "automatic change notice"} · to ${m.audience}`}
                </p>
                <details className="mt-2">
                  <summary className="cursor-pointer text-sm">{`Text and ${m.recipients.length} ${m.recipients.length === 1 ? "recipient" : "recipients"}`}</summary>
                  <p className="mt-2 whitespace-pre-line text-sm text-slate-800">{m.body}</p>
                  <table className="mt-2 w-full text-left text-sm">
                    <caption className="sr-only">{`Recipients of “${m.subject}”`}</caption>
                    <thead>
                      <tr>
                        <th scope="col">Name</th>
                        <th scope="col">E-mail</th>
                        <th scope="col">Delivery</th>
                      </tr>
                    </thead>
                    <tbody>
                      {m.recipients.map((r, i) => (
                        <tr key={i}>
                          <td>{r.name ?? "Former attendee"}</td>
                          <td>{r.email ?? ""}</td>
                          <td>{r.status}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
