// A note's authors invite a co-author by e-mail address, also someone without an account
// yet: the invitation goes out by e-mail and the authorship is theirs once they sign up
// with that address and confirm it (at once when it is already confirmed).
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser, type SessionUser } from "~/accounts/session.server";
import { clientIp } from "~/utils/client-ip.server";
import { SubmitButton } from "~/components/submit-button";
import { Card, PageHeader } from "~/components/card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { RoleInviteList } from "~/invitations/ui/role-invite-list";
import { FlashMessage } from "~/components/flash-message";
import { errorsFor, formMessageFor, RowField, RowMessage, type RowReply } from "~/components/row-form";
import { coAuthorInviteSchema } from "~/invitations/invitation-schema";
import { inviteCoAuthor, listRoleInvites } from "~/invitations/role-invites.server";
import { limitMails } from "~/outbox/mail-limits.server";
import { getNoteForViewer } from "~/notes/note-access.server";
import { invalidForm, refusedAction } from "~/utils/action-reply.server";
import { toResponse } from "~/utils/errors.server";
import { jsonWithFlash, redirectWithFlash } from "~/utils/flash.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Co-authors of “${data?.note.title ?? "a note"}” · Knowledge Exchange` },
];

/** The note when the user may edit it (its authors, the event's organisers); else 404 or 403. */
function requireNoteEditor(id: number, user: SessionUser) {
  try {
    const found = getNoteForViewer(id, user);
    if (!found.canEdit) throw new Response("Only the note's co-authors and the event's organisers may invite co-authors.", { status: 403 });
    return found.note;
  } catch (error) {
    toResponse(error);
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const note = requireNoteEditor(Number(params.id), user);
  return jsonWithFlash(request, {
    note: { id: note.id, title: note.title },
    invites: listRoleInvites({ noteId: note.id }).map((i) => ({ id: i.id, email: i.email, accepted: Boolean(i.acceptedAt) })),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  // Permission before validation: an outsider learns nothing from field messages.
  const note = requireNoteEditor(Number(params.id), user);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: coAuthorInviteSchema });
  if (submission.status !== "success") return invalidForm(formData, submission.error);
  try {
    await limitMails("role-invite", { actorId: user.id, eventId: note.eventId });
    const { grantedNow } = inviteCoAuthor({ note, email: submission.value.email }, { id: user.id, name: user.name, ip: clientIp(context) });
    return redirectWithFlash(`/notes/${note.id}/co-authors`, grantedNow ? "role-granted" : "role-invited", 303);
  } catch (error) {
    return refusedAction(formData, error);
  }
}

export default function CoAuthors() {
  const { note, invites, flash } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as RowReply;
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title="Invite a co-author"
        subtitle={
          <>
            <Link to={`/notes/${note.id}`}>{note.title}</Link>
          </>
        }
      />
      <FlashMessage message={flash} />
      <Card>
        <p className="text-sm text-slate-700">
          By e-mail address, also for someone without an account yet: they get an e-mail, and become a co-author once they sign up with this
          address and confirm it.
        </p>
        <Form method="post" noValidate className="mt-3 space-y-2">
          <RowField
            id="co-author-email"
            name="email"
            type="email"
            label="E-mail address"
            required
            errors={errorsFor(reply, "", null, "email")}
          />
          <SubmitButton>Send invitation</SubmitButton>
          <RowMessage reply={formMessageFor(reply, "", null)} />
        </Form>
        <RoleInviteList invites={invites} label="Invited co-authors" />
      </Card>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
