import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Fragment } from "react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { NewAccountFields } from "~/accounts/ui/new-account-fields";
import { useZodForm } from "~/components/use-zod-form";
import { SubmitButton } from "~/components/submit-button";
import { Card } from "~/components/card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CheckboxField, Field, FormErrors, TextareaField, type AnyFieldMetadata } from "~/components/forms";
import { HoneypotField } from "~/components/honeypot";
import { SeatsSummary } from "~/registration/ui/seats-summary";
import { RegistrationStatusPanel } from "~/registration/ui/status";
import { InvitationNotice } from "~/invitations/ui/invitation-notice";
import { loadRegisterPage, submitRegisterPage } from "~/registration/register-page.server";
import type { RegistrationStanding } from "~/registration/standing.server";
import { RegistrationQuestionFields } from "~/registration/ui/questions";
import { askedOf, registerFormSchema, type AnswerAudience } from "~/registration/questions-schema";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Register: ${data.event.title} · Knowledge Exchange` : "Register · Knowledge Exchange" },
];

export const loader = ({ request, params }: LoaderFunctionArgs) => loadRegisterPage(request, params.slug);

export const action = ({ request, params, context }: ActionFunctionArgs) => submitRegisterPage(request, params.slug, context);

export default function Register() {
  const { event, window, seats, partners, viewer, registration, privacyVersion, invitation, questions } = useLoaderData<typeof loader>();
  const audience: AnswerAudience = viewer ? (viewer.standing.kind === "member" ? "partner" : "interest") : "unknown";
  const actionData = useActionData<typeof action>();
  const lastResult = actionData && "cancelError" in actionData ? undefined : actionData;
  const cancelError = actionData && "cancelError" in actionData ? actionData.cancelError : null;
  const active = registration && ["confirmed", "waitlisted", "pending"].includes(registration.status);
  const canRegister = window.open && (!registration || registration.status === "cancelled");

  const [form, fields] = useZodForm(registerFormSchema(Boolean(viewer), questions, audience), {
    lastResult,
    defaultValue: {
      jobRole: registration?.jobRole ?? viewer?.jobRole ?? "",
      topics: registration?.topics ?? "",
      dietary: registration?.dietary ?? "",
      accessibility: registration?.accessibility ?? "",
    },
  });

  return (
    <div className="mx-auto grid max-w-5xl gap-6 lg:grid-cols-3">
      <div className="space-y-6 lg:col-span-2">
        <header>
          <p className="text-sm text-slate-600">
            <Link to={`/events/${event.slug}`}>← {event.title}</Link>
          </p>
          <h1 className="mt-1 text-3xl font-bold tracking-tight">Register for {event.title}</h1>
          <p className="mt-1 text-slate-700">{event.when}</p>
          {event.venue ? <p className="text-slate-700">{event.venue}</p> : null}
        </header>

        {registration ? (
          <RegistrationStatusPanel
            status={registration.status}
            position={registration.position}
            explanation={
              event.isOver
                ? "This event has taken place."
                : registration.status === "cancelled" && !canRegister
                  ? "Registration is closed, so you cannot register again."
                  : registration.status === "pending" && viewer
                    ? pendingExplanation(viewer.standing)
                    : undefined
            }
          >
            {registration.status === "pending" && viewer?.standing.kind === "verify-address" ? <ResendLink /> : null}
            {registration.checkedIn ? <p className="mt-2 text-sm font-medium text-green-800">Checked in. Enjoy the day!</p> : null}
            {cancelError ? (
              <p role="alert" className="mt-3 rounded-md border border-red-300 bg-red-50 p-2 text-sm text-red-800">
                {cancelError}
              </p>
            ) : null}
            {active && !event.isOver ? (
              <details className="mt-4">
                <summary className="cursor-pointer text-sm font-medium text-red-700">Cancel my registration…</summary>
                <Form method="post" className="mt-2 flex flex-wrap items-center gap-3">
                  <input type="hidden" name="intent" value="cancel" />
                  <p className="text-sm text-slate-700">
                    {registration.status === "confirmed"
                      ? "Your seat goes to the next person on the waiting list."
                      : "You will lose your place."}
                  </p>
                  <SubmitButton variant="danger" size="sm">
                    Yes, cancel my registration
                  </SubmitButton>
                </Form>
              </details>
            ) : null}
            {active ? (
              <dl className="mt-4 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
                <dt className="font-medium text-slate-700">Job role</dt>
                <dd className="text-slate-900">{registration.jobRole || "—"}</dd>
                <dt className="font-medium text-slate-700">Topics</dt>
                <dd className="whitespace-pre-line text-slate-900">{registration.topics || "—"}</dd>
                <dt className="font-medium text-slate-700">Dietary needs</dt>
                <dd className="text-slate-900">{registration.dietary || "—"}</dd>
                <dt className="font-medium text-slate-700">Accessibility</dt>
                <dd className="text-slate-900">{registration.accessibility || "—"}</dd>
                {registration.questionAnswers.map((a) => (
                  <Fragment key={a.questionId}>
                    <dt className="font-medium text-slate-700">{a.askedLabel}</dt>
                    <dd className="whitespace-pre-line text-slate-900">{a.text}</dd>
                  </Fragment>
                ))}
                <dt className="font-medium text-slate-700">Consent</dt>
                <dd className="text-slate-900">
                  Privacy notice version {registration.consentVersion}, {registration.consentAt}
                </dd>
              </dl>
            ) : null}
          </RegistrationStatusPanel>
        ) : null}

        {!window.open && !active ? (
          <Card>
            <p role="status" className="font-medium text-slate-800">
              {window.message}
            </p>
          </Card>
        ) : null}

        {canRegister ? (
          <Card aria-labelledby="register-heading">
            <h2 id="register-heading" className="text-xl font-semibold">
              {registration?.status === "cancelled" ? "Register again" : viewer ? "Register" : "Register and create your account"}
            </h2>
            {viewer ? <StandingNote standing={viewer.standing} /> : null}
            <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
              <FormErrors id={form.errorId} errors={form.errors} />
              <input type="hidden" name="intent" value="register" />
              {invitation ? <InvitationNotice invitation={invitation} /> : null}
              <HoneypotField />
              {viewer ? (
                <div className="rounded-md bg-slate-50 p-3 text-sm text-slate-700">
                  Registering as <strong>{viewer.name}</strong> ({viewer.email})
                  {viewer.organisationName ? <>, {viewer.organisationName}</> : null}. <Link to="/account">Change your details</Link>
                </div>
              ) : (
                <fieldset className="space-y-4">
                  <legend className="text-sm text-slate-600">
                    About you. Already have an account?{" "}
                    <Link
                      to={`/login?redirectTo=${encodeURIComponent(`/events/${event.slug}/register${invitation ? `?invite=${invitation.token}` : ""}`)}`}
                    >
                      Log in first
                    </Link>
                    .
                  </legend>
                  <NewAccountFields
                    fields={fields}
                    passwordHint="For your new account. At least 10 characters."
                    organisationHint="Members of partner organisations are recognised by their e-mail domain."
                  />
                </fieldset>
              )}
              <Field label="Job role" meta={fields.jobRole} autoComplete="organization-title" />
              <TextareaField
                label="Topics you would like to discuss"
                meta={fields.topics}
                rows={3}
                hint="Optional. Helps the organisers plan sessions."
              />
              <Field label="Dietary needs" meta={fields.dietary} hint="Optional, e.g. vegetarian, nut allergy." />
              <Field label="Accessibility needs" meta={fields.accessibility} hint="Optional. Anything that helps you take part." />
              <RegistrationQuestionFields
                questions={questions.filter((q) => askedOf(q, audience))}
                fields={fields as unknown as Record<string, AnyFieldMetadata>}
              />
              <CheckboxField
                meta={fields.consent}
                label={
                  <>
                    I agree to the <Link to="/privacy">privacy notice (version {privacyVersion})</Link> and to my answers being stored for
                    this event.
                  </>
                }
              />
              <SubmitButton className="w-full sm:w-auto" pendingLabel="Registering…">
                {viewer ? "Register" : "Create account and register"}
              </SubmitButton>
            </Form>
          </Card>
        ) : null}
      </div>

      <aside className="space-y-4">
        <Card aria-labelledby="seats-heading">
          <SeatsSummary seats={seats} capacity={event.capacity} />
          {event.closesAt ? <p className="mt-2 text-xs text-slate-500">Registration closes {event.closesAt}.</p> : null}
        </Card>
        <Card aria-labelledby="how-heading">
          <h2 id="how-heading" className="font-semibold">
            How registration works
          </h2>
          <p className="mt-1 text-sm text-slate-700">
            {partners.length
              ? `Members of ${partners.join(" and ")} are confirmed while seats are left, then join the waiting list in order of arrival.`
              : "Registrations are confirmed while seats are left, then join the waiting list."}{" "}
            Everyone else sends an interest request that the organisers review.
          </p>
        </Card>
      </aside>
    </div>
  );
}

type Standing = RegistrationStanding;

function partnerList(partners: Extract<Standing, { kind: "interest-request" }>["partners"]) {
  return partners.map((p) => `${p.name}${p.domains.length ? ` (${p.domains.join(", ")})` : ""}`).join(", ");
}

/** Why a pending registration is pending, in terms the person can act on. */
function pendingExplanation(standing: Standing) {
  switch (standing.kind) {
    case "member":
      return "Your request is waiting for the organisers' review. You will get an e-mail when they decide.";
    case "verify-address":
      return `Your address is on ${standing.domain}, a partner organisation's domain. Verify your address (open the link we e-mailed you) and you are confirmed directly while seats are left, else placed on the waiting list in the order you arrived.`;
    case "interest-request":
      return standing.partners.length
        ? `Your address is on ${standing.domain}; the partner organisations are ${partnerList(standing.partners)}. So this is an interest request the organisers review; you will get an e-mail when they decide. To be confirmed directly, ask an organiser for an invitation link.`
        : "This event has no partner organisations, so every registration is an interest request the organisers review. You will get an e-mail when they decide.";
  }
}

function ResendLink() {
  return (
    <Form method="post" action="/verify-email" className="mt-3">
      <SubmitButton variant="secondary" size="sm">
        Send a new verification link
      </SubmitButton>
    </Form>
  );
}

/** Before registering: will this be a direct registration or an interest request, and why. */
function StandingNote({ standing }: { standing: Standing }) {
  return (
    <div className="mt-3 rounded-md bg-slate-50 p-3 text-sm text-slate-700" data-testid="registration-standing">
      {standing.kind === "member" ? (
        <p>As a member of a partner organisation you register directly.</p>
      ) : standing.kind === "verify-address" ? (
        <>
          <p>
            Your address is on <strong>{standing.domain}</strong>, a partner organisation's domain, but it is not verified yet. Verify your
            address to register directly: open the link we e-mailed you. If you register now, your place in the queue is kept until you do.
          </p>
          <ResendLink />
        </>
      ) : standing.partners.length ? (
        <p>
          Your address is on <strong>{standing.domain}</strong>; the partner organisations are{" "}
          {standing.partners.map((p, i) => (
            <span key={p.name}>
              {i > 0 ? (i === standing.partners.length - 1 ? " and " : ", ") : null}
              {p.name}
              {p.domains.length ? ` (${p.domains.join(", ")})` : null}
            </span>
          ))}
          . So this registration is an interest request the organisers review. To be confirmed directly, ask an organiser for an invitation
          link.
        </p>
      ) : (
        <p>This event has no partner organisations, so every registration is an interest request the organisers review.</p>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
