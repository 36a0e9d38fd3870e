// "Copy as next installment": organisers of the event choose the new day (and, if they
// like, a title and an address); the copy is a draft (app/events/next-installment.server.ts).
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { clientIp } from "~/utils/client-ip.server";
import { listBoards } from "~/board/boards.server";
import { SubmitButton } from "~/components/submit-button";
import { Card, PageHeader } from "~/components/card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CheckboxField, Field, FormErrors } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { copyEventAsNextInstallment, openTopicCount } from "~/events/next-installment.server";
import { nextInstallmentSchema } from "~/events/next-installment-schema";
import { requireOrganiser } from "~/events/permissions.server";
import { listRooms, listSlots } from "~/schedule/rooms-slots.server";
import { formatRange } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { replyWithError } from "~/utils/action-reply.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Copy ${data?.event.title ?? "event"} as next installment · Knowledge Exchange` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiser(request, params.slug ?? "");
  return json({
    event: {
      slug: event.slug,
      title: event.title,
      series: event.series,
      when: formatRange(event.startsAt, event.endsAt, event.timeZone),
      timeZone: event.timeZone,
    },
    copies: {
      rooms: listRooms(event.id).length,
      slots: listSlots(event.id).length,
      boards: listBoards(event.id).length,
      openTopics: openTopicCount(event.id),
    },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiser(request, params.slug ?? "");
  const submission = parseWithZod(await request.formData(), { schema: nextInstallmentSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    const copy = copyEventAsNextInstallment(event, submission.value, { id: user.id, isAdmin: user.isAdmin, ip: clientIp(context) });
    return redirectWithFlash(`/events/${copy.slug}`, "event-copied");
  } catch (error) {
    return replyWithError(submission, error);
  }
}

export default function CopyAsNextInstallment() {
  const { event, copies } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(nextInstallmentSchema, { lastResult });
  const carried = [
    "the series, partners, organisers, description and seats",
    copies.rooms || copies.slots ? `${copies.rooms} rooms and ${copies.slots} slots (same times of day)` : null,
    copies.boards ? (copies.boards === 1 ? "the board with its settings" : `${copies.boards} boards with their settings`) : null,
  ].filter(Boolean);
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title="Copy as next installment"
        subtitle={
          <>
            of <Link to={`/events/${event.slug}`}>{event.title}</Link>, {event.when}
          </>
        }
      />
      <Card>
        <p className="text-sm text-slate-700">
          The copy is a draft that only organisers see. It takes {carried.join(", ")}. Registrations, sessions, votes and notes stay with
          this event.
        </p>
        <Form method="post" {...getFormProps(form)} className="mt-5 space-y-5">
          <FormErrors id={form.errorId} errors={form.errors} />
          <Field
            label="Day of the next installment"
            meta={fields.startsOn}
            type="date"
            hint={`Every time keeps its time of day in ${event.timeZone}.`}
          />
          <Field label="Title (optional)" meta={fields.title} hint={`Empty: “${event.title}”.`} />
          <Field
            label="Address (optional)"
            meta={fields.slug}
            hint="The part after /events/, e.g. lean-coffee-part-3. Empty: made from the title."
          />
          {copies.boards ? (
            <CheckboxField
              label="Carry the undiscussed topics over to the new board"
              meta={fields.carryTopics}
              hint={
                copies.openTopics === 1
                  ? "1 topic was not discussed. It moves with its history; this board marks it as carried over."
                  : `${copies.openTopics} topics were not discussed. They move with their history; this board marks them as carried over.`
              }
            />
          ) : null}
          <SubmitButton>Create the next installment</SubmitButton>
        </Form>
      </Card>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
