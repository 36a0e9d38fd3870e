import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getSessionUser, requireUser } from "~/accounts/session.server";
import { clientIp } from "~/utils/client-ip.server";
import { buttonClass } from "~/components/button";
import { SubmitButton } from "~/components/submit-button";
import { Card } from "~/components/card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MarkdownView } from "~/components/markdown";
import { NoteTrustPanel } from "~/notes/ui/trust";
import { noteVerifySchema } from "~/notes/note-schema";
import { getNoteForViewer } from "~/notes/note-access.server";
import { verifyNote } from "~/notes/verify-note.server";
import { DomainError, toResponse } from "~/utils/errors.server";
import { renderMarkdown } from "~/utils/markdown.server";

/** Kept for a few seconds for visitors without a cookie (app/utils/page-cache.server.ts). */
export const handle = { pageCache: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.note.title} · Notes · Knowledge Exchange` : "Note · Knowledge Exchange" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await getSessionUser(request);
  try {
    const { note, card, canEdit, canVerify } = getNoteForViewer(Number(params.id), viewer);
    return json({
      note: { id: note.id, title: note.title, version: note.version },
      card,
      html: renderMarkdown(note.body),
      canEdit,
      canVerify,
    });
  } catch (error) {
    toResponse(error);
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: noteVerifySchema });
  if (submission.status !== "success") return json({ error: "Reload the page and try again.", verified: false }, { status: 400 });
  try {
    verifyNote(Number(params.id), submission.value.version, user, clientIp(context));
    return json({ error: null, verified: true });
  } catch (error) {
    if (error instanceof DomainError) {
      const message =
        error.status === 409 ? "The note changed while you were reading it. Read the new version, then verify again." : error.message;
      return json({ error: message, verified: false }, { status: error.status });
    }
    throw error;
  }
}

export default function NotePage() {
  const { note, card, html, canEdit, canVerify } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const needsVerification = !card.verification || card.verification.changedSince;
  return (
    <article className="mx-auto max-w-3xl">
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-600">
        <Link to="/notes">Notes</Link> › <Link to={`/notes?event=${card.event.slug}`}>{card.event.title}</Link>
      </nav>
      <header className="mb-4 flex flex-wrap items-start justify-between gap-3">
        <h1 className="text-3xl font-bold tracking-tight">{note.title}</h1>
        <div className="flex flex-wrap gap-2">
          {canEdit ? (
            <Link to={`/notes/${note.id}/edit`} className={buttonClass("secondary", "sm")}>
              Edit
            </Link>
          ) : null}
          <Link to={`/notes/${note.id}/history`} className={buttonClass("secondary", "sm")}>
            History
          </Link>
        </div>
      </header>
      <Card className="mb-6 bg-slate-50" aria-label="About this note">
        <NoteTrustPanel note={card} />
        {canVerify ? (
          <div className="mt-4 border-t border-slate-200 pt-4">
            {actionData?.error ? (
              <p role="alert" className="mb-2 text-sm text-red-700">
                {actionData.error}
              </p>
            ) : null}
            {actionData?.verified ? (
              <p role="status" className="mb-2 text-sm text-green-800">
                Verified. Thank you.
              </p>
            ) : null}
            {needsVerification ? (
              <Form method="post" className="flex flex-wrap items-center gap-3">
                <input type="hidden" name="intent" value="verify" />
                <input type="hidden" name="version" value={note.version} />
                <SubmitButton size="sm" pendingLabel="Verifying…">
                  Verify version {note.version}
                </SubmitButton>
                <span className="text-sm text-slate-600">As an organiser, you vouch that this note is accurate.</span>
              </Form>
            ) : null}
          </div>
        ) : null}
      </Card>
      <MarkdownView html={html} />
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
