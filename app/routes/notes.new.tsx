import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/accounts/session.server";
import { SubmitButton } from "~/components/submit-button";
import { Card, PageHeader } from "~/components/card";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { NoteForm } from "~/notes/ui/note-form";
import { noteCreateSchema } from "~/notes/note-schema";
import { createNoteForUser, eventsForNewNote, prepareNewNote } from "~/notes/new-note.server";
import { toResponse } from "~/utils/errors.server";
import { replyWithError } from "~/utils/action-reply.server";

export const meta: MetaFunction = () => [{ title: "Write a note · Knowledge Exchange" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const slug = url.searchParams.get("event");
  if (!slug) return json({ step: "choose" as const, events: eventsForNewNote(user) });
  try {
    const { event, sessions, topics } = prepareNewNote(slug, user);
    return json({
      step: "write" as const,
      event: { slug: event.slug, title: event.title },
      sessions,
      topics,
      defaults: { sessionId: url.searchParams.get("session") ?? "", topicId: url.searchParams.get("topic") ?? "", visibility: "public" },
    });
  } catch (error) {
    toResponse(error);
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: noteCreateSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    const note = createNoteForUser(submission.value, user);
    return redirect(`/notes/${note.id}`);
  } catch (error) {
    return replyWithError(submission, error);
  }
}

export default function NewNote() {
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  if (data.step === "choose") {
    return (
      <div className="mx-auto max-w-xl">
        <PageHeader title="Write a note" subtitle="Notes belong to an exchange. Which one is this about?" />
        {data.events.length === 0 ? (
          <EmptyState title="No exchange to write about yet">
            Notes are written by the attendees, partner members and organisers of an exchange. <Link to="/">See the exchanges</Link>.
          </EmptyState>
        ) : (
          <Card>
            <Form method="get" className="space-y-4">
              <div>
                <label htmlFor="note-event" className="block text-sm font-medium text-slate-800">
                  Exchange
                </label>
                <select
                  id="note-event"
                  name="event"
                  className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 shadow-sm"
                >
                  {data.events.map((e) => (
                    <option key={e.slug} value={e.slug}>
                      {e.title}
                    </option>
                  ))}
                </select>
              </div>
              <SubmitButton>Continue</SubmitButton>
            </Form>
          </Card>
        )}
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="Write a note"
        subtitle={
          <>
            For <Link to={`/events/${data.event.slug}`}>{data.event.title}</Link> · <Link to="/notes/new">choose another exchange</Link>
          </>
        }
      />
      <Card>
        <NoteForm
          mode="create"
          lastResult={lastResult}
          eventSlug={data.event.slug}
          sessions={data.sessions}
          topics={data.topics}
          defaultValue={data.defaults}
          submitLabel="Publish note"
        />
      </Card>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
