import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getSessionUser, requireUser } from "~/accounts/session.server";
import { clientIp } from "~/utils/client-ip.server";
import { SubmitButton } from "~/components/submit-button";
import { Card, PageHeader } from "~/components/card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FlashMessage } from "~/components/flash-message";
import { noteRestoreSchema } from "~/notes/note-schema";
import { NoteDiff, NoteTitleDiff } from "~/notes/ui/diff";
import { RestoreConfirmation } from "~/notes/ui/restore-confirmation";
import { canEditNote, getNoteForViewer, requireReadableNote } from "~/notes/note-access.server";
import { loadNoteCards } from "~/notes/note-cards.server";
import { restoreRevision } from "~/notes/restore-revision.server";
import { compareRevisions, listRevisions } from "~/notes/revisions.server";
import { invalidForm, refusedAction } from "~/utils/action-reply.server";
import { formatDateTime } from "~/utils/dates";
import { toResponse } from "~/utils/errors.server";
import { jsonWithFlash, redirectWithFlash } from "~/utils/flash.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `History of “${data.note.title}” · Knowledge Exchange` : "History · Knowledge Exchange" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await getSessionUser(request);
  try {
    const note = requireReadableNote(Number(params.id), viewer);
    const [card] = loadNoteCards([note.id]);
    const revisions = listRevisions(note.id);
    const url = new URL(request.url);
    const versions = revisions.map((r) => r.version);
    const pick = (name: string, fallback: number) => {
      const value = Number(url.searchParams.get(name));
      return versions.includes(value) ? value : fallback;
    };
    const latest = versions[0] ?? note.version;
    const canEdit = canEditNote(viewer, note);
    // "Restore version N" asks first (?restore=N): the confirmation works without JavaScript.
    const restore = canEdit ? pick("restore", note.version) : note.version;
    // While asking, the comparison shows what restoring undoes: version N to the current one.
    const asking = restore !== note.version && !url.searchParams.has("from") && !url.searchParams.has("to");
    const to = pick("to", latest);
    const from = asking ? restore : pick("from", versions.find((v) => v < to) ?? to);
    return jsonWithFlash(request, {
      note: { id: note.id, title: note.title, version: note.version },
      canEdit,
      restore: restore !== note.version ? restore : null,
      timeZone: card.event.timeZone,
      verifiedVersion: card.verification?.version ?? null,
      revisions,
      from,
      to,
      comparison: from !== to ? compareRevisions(note.id, Math.min(from, to), Math.max(from, to)) : null,
    });
  } catch (error) {
    toResponse(error);
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  // Permission before validation: someone who may not edit learns nothing from field messages.
  const note = (() => {
    try {
      const found = getNoteForViewer(Number(params.id), user);
      if (!found.canEdit)
        throw new Response("Only the note's co-authors and the event's organisers may restore its versions.", { status: 403 });
      return found.note;
    } catch (error) {
      toResponse(error);
    }
  })();
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: noteRestoreSchema });
  if (submission.status !== "success") return invalidForm(formData, submission.error, "version");
  try {
    const restored = restoreRevision(note.id, submission.value, user, clientIp(context));
    return redirectWithFlash(
      `/notes/${note.id}/history?from=${submission.value.currentVersion}&to=${restored.version}`,
      "note-restored",
      303,
    );
  } catch (error) {
    return refusedAction(formData, error, "version");
  }
}

const selectClass = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 shadow-sm";

export default function NoteHistory() {
  const { note, canEdit, restore, flash, timeZone, verifiedVersion, revisions, from, to, comparison } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader title="History" subtitle={<Link to={`/notes/${note.id}`}>{note.title}</Link>} />
      <FlashMessage message={flash} />
      {restore !== null ? <RestoreConfirmation version={restore} currentVersion={note.version} error={refused?.message} /> : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-1" aria-labelledby="versions-heading">
          <h2 id="versions-heading" className="font-semibold">
            {revisions.length} {revisions.length === 1 ? "version" : "versions"}
          </h2>
          <ol className="mt-3 space-y-3 text-sm">
            {revisions.map((r) => (
              <li key={r.version} className="border-l-2 border-slate-200 pl-3">
                <p className="font-medium">
                  Version {r.version}
                  {r.version === note.version ? <span className="font-normal text-slate-500"> (current)</span> : null}
                  {r.version === verifiedVersion ? <span className="font-normal text-green-700"> ✓ verified</span> : null}
                </p>
                <p className="text-slate-600">
                  {r.editorId === null ? "unknown" : (r.editorName ?? <span className="italic">former attendee</span>)} ·{" "}
                  <time dateTime={String(r.createdAt)}>{formatDateTime(r.createdAt, timeZone)}</time>
                </p>
                {canEdit && r.version !== note.version ? (
                  <p>
                    <Link to={`?restore=${r.version}`} preventScrollReset>
                      {`Restore version ${r.version}`}
                    </Link>
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        </Card>
        <div className="space-y-4 lg:col-span-2">
          {revisions.length > 1 ? (
            <Card>
              <Form method="get" className="flex flex-wrap items-end gap-3">
                <VersionSelect name="from" label="Compare version" value={from} versions={revisions} />
                <VersionSelect name="to" label="with version" value={to} versions={revisions} />
                <SubmitButton variant="secondary">Compare</SubmitButton>
              </Form>
            </Card>
          ) : null}
          {comparison ? (
            <section aria-labelledby="diff-heading" className="space-y-3">
              <h2 id="diff-heading" className="text-lg font-semibold">
                Changes from version {comparison.from.version} to version {comparison.to.version}
              </h2>
              <p className="text-sm text-slate-600">
                {comparison.body.added} {comparison.body.added === 1 ? "line" : "lines"} added, {comparison.body.removed} removed
              </p>
              {comparison.title ? <NoteTitleDiff parts={comparison.title} /> : null}
              <NoteDiff blocks={comparison.body.blocks} />
            </section>
          ) : (
            <p className="text-slate-600">
              {revisions.length > 1 ? "Choose two different versions to compare." : "This note has one version so far."}
            </p>
          )}
        </div>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

/** One end of the comparison: a labelled choice of the note's versions. */
function VersionSelect({ name, label, value, versions }: { name: string; label: string; value: number; versions: { version: number }[] }) {
  return (
    <div>
      <label htmlFor={`diff-${name}`} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select id={`diff-${name}`} name={name} defaultValue={value} className={selectClass}>
        {versions.map((r) => (
          <option key={r.version} value={r.version}>
            {r.version}
          </option>
        ))}
      </select>
    </div>
  );
}
