import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { requireUser } from "~/accounts/session.server";
import { Card, PageHeader } from "~/components/card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { NoteForm } from "~/notes/ui/note-form";
import { noteEditSchema } from "~/notes/note-schema";
import { currentAuthorEmails } from "~/notes/co-author-emails.server";
import { currentTags, NoteConflictError, updateNote } from "~/notes/edit-note.server";
import { getNoteForViewer } from "~/notes/note-access.server";
import { replyToForm } from "~/utils/action-reply.server";
import { toResponse } from "~/utils/errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Edit “${data.note.title}” · Knowledge Exchange` : "Edit note · Knowledge Exchange" },
];

const MAY_NOT_EDIT = "Only the note's co-authors and the event's organisers may edit it.";

/** The note when the user may edit it; else a thrown 404 (hidden or unknown) or 403. */
function requireEditableNote(id: number, user: Awaited<ReturnType<typeof requireUser>>) {
  try {
    const found = getNoteForViewer(id, user);
    if (!found.canEdit) throw new Response(MAY_NOT_EDIT, { status: 403 });
    return found;
  } catch (error) {
    toResponse(error);
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { note, card } = requireEditableNote(Number(params.id), user);
  return json({
    note: { id: note.id, title: note.title, version: note.version },
    event: card.event,
    defaults: {
      title: note.title,
      body: note.body,
      visibility: note.visibility,
      tags: currentTags(note.id).join(", "),
      coAuthorEmails: currentAuthorEmails(note.id).join(", "),
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  // Permission before validation: an outsider learns nothing from field messages.
  requireEditableNote(Number(params.id), user);
  const submission = parseWithZod(await request.formData(), { schema: noteEditSchema });
  if (submission.status !== "success") return replyToForm("note", submission, { data: { conflict: null } });
  try {
    const { note } = updateNote(Number(params.id), submission.value, user);
    return redirect(`/notes/${note.id}`);
  } catch (error) {
    // On a conflict the user's text stays in the form, and the next save starts from
    // the current version (a deliberate overwrite after reading the message).
    const conflict =
      error instanceof NoteConflictError ? { currentVersion: error.currentVersion, yourVersion: submission.value.version } : null;
    return replyToForm("note", submission, { error, data: { conflict } });
  }
}

export default function EditNote() {
  const { note, event, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // The version this editing session started from; after a refused save, the current one.
  const [startedFrom] = useState(note.version);
  const conflict = actionData?.conflict;
  const version = conflict?.currentVersion ?? startedFrom;
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title={`Edit “${note.title}”`}
        subtitle={
          <>
            <Link to={`/notes/${note.id}`}>Back to the note</Link> · {event.title}
          </>
        }
      />
      {conflict ? (
        <p className="mb-4 text-sm">
          <Link to={`/notes/${note.id}/history?from=${conflict.yourVersion}&to=${conflict.currentVersion}`} target="_blank">
            Compare version {conflict.yourVersion} with version {conflict.currentVersion} (opens a new tab)
          </Link>
        </p>
      ) : null}
      <p className="mb-4 text-sm">
        <Link to={`/notes/${note.id}/co-authors`}>Invite a co-author by e-mail</Link>, also someone without an account yet.
      </p>
      <Card>
        <NoteForm mode="edit" lastResult={actionData?.result} defaultValue={defaults} version={version} submitLabel="Save changes" />
      </Card>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
