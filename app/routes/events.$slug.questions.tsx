import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { clientIp } from "~/utils/client-ip.server";
import { FlashMessage } from "~/components/flash-message";
import { Badge } from "~/components/badge";
import { SubmitButton } from "~/components/submit-button";
import { Card, PageHeader } from "~/components/card";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CheckboxField, Field, FormErrors, SelectField, TextareaField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { requireOrganiser } from "~/events/permissions.server";
import { addQuestion, editQuestion, moveQuestion, questionsForOrganisers, removeQuestion } from "~/registration/questions.server";
import { QUESTION_AUDIENCE_LABELS, QUESTION_KIND_LABELS, questionFormSchema, questionMoveSchema } from "~/registration/questions-schema";
import { QUESTION_AUDIENCES, QUESTION_KINDS } from "#db/enums";
import { redirectWithFlash, readFlash } from "~/utils/flash.server";
import { replyToForm } from "~/utils/action-reply.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Registration questions: ${data.event.title} · Knowledge Exchange` : "Registration questions · Knowledge Exchange" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiser(request, params.slug ?? "");
  const flash = await readFlash(request);
  return json(
    { flash: flash.message, event: { slug: event.slug, title: event.title }, questions: questionsForOrganisers(event.id) },
    { headers: flash.headers },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiser(request, params.slug ?? "");
  const here = `/events/${event.slug}/questions`;
  const actor = { actorId: user.id, ip: clientIp(context) };
  const formData = await request.formData();
  const intent = formData.get("intent");

  if (intent === "up" || intent === "down" || intent === "remove") {
    const submission = parseWithZod(formData, { schema: questionMoveSchema });
    if (submission.status !== "success") return replyToForm("move", submission);
    try {
      const { intent: what, questionId } = submission.value;
      if (what === "remove") {
        const { archived } = removeQuestion(event.id, questionId, actor);
        return redirectWithFlash(here, archived ? "question-archived" : "question-deleted", 303);
      }
      moveQuestion(event.id, questionId, what, actor);
      return redirectWithFlash(here, "question-moved", 303);
    } catch (error) {
      return replyToForm("move", submission, { error });
    }
  }

  const formId = intent === "edit" ? `edit-${String(formData.get("questionId") ?? "")}` : "add";
  const submission = parseWithZod(formData, { schema: questionFormSchema });
  if (submission.status !== "success") return replyToForm(formId, submission);
  try {
    if (submission.value.intent === "add") {
      addQuestion(event.id, submission.value, actor);
      return redirectWithFlash(here, "question-added", 303);
    }
    editQuestion(event.id, submission.value.questionId!, submission.value, actor);
    return redirectWithFlash(here, "question-saved", 303);
  } catch (error) {
    return replyToForm(formId, submission, { error });
  }
}

type LoadedQuestion = ReturnType<typeof useLoaderData<typeof loader>>["questions"][number];

const KIND_OPTIONS = QUESTION_KINDS.map((k) => ({ value: k, label: QUESTION_KIND_LABELS[k] }));
const AUDIENCE_OPTIONS = QUESTION_AUDIENCES.map((a) => ({ value: a, label: QUESTION_AUDIENCE_LABELS[a] }));

function QuestionForm({ id, question, lastResult }: { id: string; question?: LoadedQuestion; lastResult?: unknown }) {
  const [form, fields] = useZodForm(questionFormSchema, {
    id,
    lastResult: lastResult as never,
    defaultValue: question
      ? {
          label: question.label,
          kind: question.kind,
          helpText: question.helpText,
          options: question.options.join("\n"),
          required: question.required ? "on" : "",
          audience: question.audience,
        }
      : { kind: "short_text", audience: "everyone" },
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value={question ? "edit" : "add"} />
      {question ? <input type="hidden" name="questionId" value={question.id} /> : null}
      <Field label="Question" meta={fields.label} />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField label="Kind of answer" meta={fields.kind} options={KIND_OPTIONS} />
        <SelectField label="Who is asked" meta={fields.audience} options={AUDIENCE_OPTIONS} />
      </div>
      <TextareaField
        label="Choices, one per line"
        meta={fields.options}
        rows={3}
        hint="For “One choice” and “Several choices”; at least two."
      />
      <Field label="Help text" meta={fields.helpText} hint="Optional. Shown under the question." />
      <CheckboxField label="An answer is required" meta={fields.required} />
      <SubmitButton size="sm">{question ? "Save question" : "Add question"}</SubmitButton>
    </Form>
  );
}

export default function Questions() {
  const { flash, event, questions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { intent: string; result: unknown } | undefined;
  const resultFor = (id: string) => (actionData?.intent === id ? actionData.result : undefined);
  const active = questions.filter((q) => !q.archived);
  const archived = questions.filter((q) => q.archived);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader
        title="Registration questions"
        subtitle={
          <>
            <Link to={`/events/${event.slug}`}>{event.title}</Link>: asked after job role, topics, dietary and accessibility needs.
          </>
        }
      />
      <FlashMessage message={flash} className="" />
      <Card aria-labelledby="current-heading">
        <h2 id="current-heading" className="text-xl font-semibold">
          Asked now
        </h2>
        {active.length === 0 ? (
          <div className="mt-3">
            <EmptyState title="No questions of your own yet.">The form asks only the built-in fields.</EmptyState>
          </div>
        ) : (
          <ol className="mt-3 space-y-4">
            {active.map((q, i) => (
              <li key={q.id} className="rounded-lg border border-slate-200 p-3">
                <div className="flex flex-wrap items-center gap-2">
                  <h3 className="font-medium">{q.label}</h3>
                  <Badge>{QUESTION_KIND_LABELS[q.kind]}</Badge>
                  {q.required ? <Badge>Required</Badge> : null}
                  {q.audience !== "everyone" ? <Badge>{QUESTION_AUDIENCE_LABELS[q.audience]}</Badge> : null}
                </div>
                {q.options.length ? <p className="mt-1 text-sm text-slate-700">Choices: {q.options.join(", ")}</p> : null}
                <p className="mt-1 text-xs text-slate-500">
                  {q.answers === 1 ? "1 answer" : `${q.answers} answers`}
                  {q.version > 1 ? `, wording version ${q.version}` : ""}
                </p>
                <div className="mt-2 flex flex-wrap gap-2">
                  <Form method="post">
                    <input type="hidden" name="questionId" value={q.id} />
                    <SubmitButton
                      size="sm"
                      variant="secondary"
                      name="intent"
                      value="up"
                      disabled={i === 0}
                      aria-label={`Move “${q.label}” up`}
                    >
                      Up
                    </SubmitButton>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="questionId" value={q.id} />
                    <SubmitButton
                      size="sm"
                      variant="secondary"
                      name="intent"
                      value="down"
                      disabled={i === active.length - 1}
                      aria-label={`Move “${q.label}” down`}
                    >
                      Down
                    </SubmitButton>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="questionId" value={q.id} />
                    <SubmitButton size="sm" variant="danger" name="intent" value="remove" aria-label={`Remove “${q.label}”`}>
                      Remove
                    </SubmitButton>
                  </Form>
                </div>
                <details className="mt-2" open={Boolean(resultFor(`edit-${q.id}`))}>
                  <summary className="cursor-pointer text-sm font-medium">Edit “{q.label}”</summary>
                  <div className="mt-2">
                    <QuestionForm id={`edit-${q.id}`} question={q} lastResult={resultFor(`edit-${q.id}`)} />
                  </div>
                </details>
              </li>
            ))}
          </ol>
        )}
      </Card>
      <Card aria-labelledby="add-heading">
        <h2 id="add-heading" className="text-xl font-semibold">
          Add a question
        </h2>
        <div className="mt-3">
          {/* A new key after each added question: the form starts empty again. */}
          <QuestionForm key={`add-${questions.length}`} id="add" lastResult={resultFor("add")} />
        </div>
      </Card>
      {archived.length ? (
        <Card aria-labelledby="removed-heading">
          <h2 id="removed-heading" className="text-xl font-semibold">
            Removed, answers kept
          </h2>
          <ul className="mt-2 list-disc pl-5 text-sm text-slate-700">
            {archived.map((q) => (
              <li key={q.id}>
                {q.label} ({q.answers === 1 ? "1 answer" : `${q.answers} answers`})
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
