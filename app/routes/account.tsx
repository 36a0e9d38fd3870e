import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { changeEmailSchema, profileSchema } from "~/accounts/account-schema";
import { pendingEmailChange, requestEmailChange } from "~/accounts/email-change.server";
import { changePassword } from "~/accounts/change-password.server";
import { destroyLoginSession, endAllSessions, listSessions, redirectWithSession, requireUser } from "~/accounts/session.server";
import { updateProfile } from "~/accounts/users.server";
import { clientIp } from "~/utils/client-ip.server";
import { useZodForm } from "~/components/use-zod-form";
import { buttonClass } from "~/components/button";
import { SubmitButton } from "~/components/submit-button";
import { Card, PageHeader } from "~/components/card";
import { EnhancedFlag } from "~/components/enhanced-flag";
import { Field, FormErrors } from "~/components/forms";
import { describeUserAgent, endOwnSession } from "~/privacy/account-sessions.server";
import { deleteAccount } from "~/privacy/delete-account.server";
import { changePasswordSchema, deleteAccountSchema, endSessionSchema } from "~/privacy/privacy-schema";
import { retentionDays } from "~/privacy/retention.server";
import { replyOrRedirect, replyToForm } from "~/utils/action-reply.server";
import { formatDateTime } from "~/utils/dates";
import { jsonWithFlash, redirectWithFlash } from "~/utils/flash.server";
import { enforceRateLimit, LIMITS } from "~/utils/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Your account · Knowledge Exchange" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return jsonWithFlash(request, {
    user: { name: user.name, email: user.email, organisation: user.organisationName ?? "", jobRole: user.jobRole ?? "" },
    address: { verified: user.emailVerified, pendingChange: pendingEmailChange(user)?.email ?? null },
    sessions: listSessions(user.id)
      .reverse()
      .map((s) => ({
        id: s.id,
        current: s.id === user.sessionId,
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        browser: describeUserAgent(s.userAgent),
        userAgent: s.userAgent ?? "",
      })),
    retentionDays: retentionDays(),
  });
}

type Intent = "profile" | "change-email" | "change-password" | "delete-account" | "end-session";

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const intent = formData.get("intent");

  if (intent === "logout-everywhere") {
    endAllSessions(user.id);
    return redirect("/login");
  }

  if (intent === "end-session") {
    const submission = parseWithZod(formData, { schema: endSessionSchema });
    if (submission.status !== "success") return replyToForm("end-session", submission);
    try {
      endOwnSession(user.id, submission.value.sessionId);
    } catch (error) {
      return replyToForm("end-session", submission, { error });
    }
    if (submission.value.sessionId === user.sessionId) {
      return redirect("/login", { headers: { "Set-Cookie": await destroyLoginSession(request) } });
    }
    const ended = () => replyToForm("end-session", submission);
    return replyOrRedirect(formData, ended, "/account", "account-session-ended");
  }

  if (intent === "change-password") {
    const submission = parseWithZod(formData, { schema: changePasswordSchema });
    const hide = ["currentPassword", "newPassword", "confirmPassword"];
    if (submission.status !== "success") {
      return replyToForm("change-password", submission, { hideFields: hide });
    }
    await enforceRateLimit(`reauth:user:${user.id}`, LIMITS.passwordReauthPerUser);
    try {
      await changePassword(user.id, submission.value);
    } catch (error) {
      return replyToForm("change-password", submission, { error, hideFields: hide });
    }
    // Every session ended with the old password; this browser gets a fresh one.
    return redirectWithSession(user.id, request, "/account?changed=password");
  }

  if (intent === "change-email") {
    const submission = parseWithZod(formData, { schema: changeEmailSchema });
    if (submission.status !== "success") {
      return replyToForm("change-email", submission, { hideFields: ["currentPassword"] });
    }
    await enforceRateLimit(`reauth:user:${user.id}`, LIMITS.passwordReauthPerUser);
    try {
      await requestEmailChange(user, submission.value, { ip: clientIp(context) });
    } catch (error) {
      return replyToForm("change-email", submission, { error, hideFields: ["currentPassword"] });
    }
    return redirectWithFlash("/account", "email-change-sent", 303);
  }

  if (intent === "delete-account") {
    const submission = parseWithZod(formData, { schema: deleteAccountSchema });
    if (submission.status !== "success") {
      return replyToForm("delete-account", submission, { hideFields: ["currentPassword"] });
    }
    await enforceRateLimit(`reauth:user:${user.id}`, LIMITS.passwordReauthPerUser);
    try {
      await deleteAccount(user.id, submission.value, { ip: clientIp(context) });
    } catch (error) {
      return replyToForm("delete-account", submission, { error, hideFields: ["currentPassword"] });
    }
    return redirect("/account/deleted", { headers: { "Set-Cookie": await destroyLoginSession(request) } });
  }

  const submission = parseWithZod(formData, { schema: profileSchema });
  if (submission.status !== "success") return replyToForm("profile", submission);
  updateProfile(user.id, {
    name: submission.value.name,
    organisationName: submission.value.organisation,
    jobRole: submission.value.jobRole,
  });
  const saved = () => replyToForm("profile", submission, { resetForm: false });
  return replyOrRedirect(formData, saved, "/account", "profile-saved");
}

function useIntentResult(intent: Intent) {
  const data = useActionData<typeof action>();
  return data && "intent" in data && data.intent === intent ? data.result : undefined;
}

export default function Account() {
  const { flash, user, address, sessions, retentionDays } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader title="Your account" subtitle={user.email} />
      {searchParams.get("changed") === "password" ? (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800">
          Your password is changed. Every other session has been logged out.
        </p>
      ) : null}
      {flash ? (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800">
          {flash}
        </p>
      ) : null}
      <ProfileCard user={user} />
      <EmailCard email={user.email} verified={address.verified} pendingChange={address.pendingChange} />
      <SessionsCard sessions={sessions} />
      <ChangePasswordCard />
      <DataCard retentionDays={retentionDays} />
      <DeleteAccountCard email={user.email} />
    </div>
  );
}

function ProfileCard({ user }: { user: { name: string; email: string; organisation: string; jobRole: string } }) {
  const lastResult = useIntentResult("profile");
  const [form, fields] = useZodForm(profileSchema, {
    id: "profile",
    lastResult,
    defaultValue: user,
    shouldRevalidate: "onBlur",
  });
  const saved = lastResult?.status === "success";
  return (
    <Card aria-labelledby="profile-heading">
      <h2 id="profile-heading" className="mb-4 text-xl font-semibold">
        Profile
      </h2>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="profile" />
        <EnhancedFlag />
        <Field label="Name" meta={fields.name} autoComplete="name" />
        <Field label="Organisation" meta={fields.organisation} autoComplete="organization" />
        <Field label="Job role" meta={fields.jobRole} />
        <div className="flex items-center gap-3">
          <SubmitButton>Save profile</SubmitButton>
          {saved ? (
            <p role="status" className="text-sm text-green-700">
              Saved.
            </p>
          ) : null}
        </div>
      </Form>
    </Card>
  );
}

function EmailCard({ email, verified, pendingChange }: { email: string; verified: boolean; pendingChange: string | null }) {
  const lastResult = useIntentResult("change-email");
  const [form, fields] = useZodForm(changeEmailSchema, {
    id: "change-email",
    lastResult,
    shouldRevalidate: "onBlur",
  });
  return (
    <Card aria-labelledby="email-heading">
      <h2 id="email-heading" className="mb-1 text-xl font-semibold">
        E-mail address
      </h2>
      <p className="mb-3 text-sm text-slate-700">
        <strong>{email}</strong>{" "}
        {verified ? (
          <span className="text-green-700">(verified)</span>
        ) : (
          <span className="text-amber-800">(not verified yet: open the link we e-mailed you)</span>
        )}
      </p>
      {!verified ? (
        <Form method="post" action="/verify-email" className="mb-4">
          <SubmitButton variant="secondary" size="sm">
            Send a new verification link
          </SubmitButton>
        </Form>
      ) : null}
      {pendingChange ? (
        <p role="status" className="mb-4 text-sm text-slate-700">
          Change to <strong>{pendingChange}</strong> requested: it happens when the link we sent there is used. Until then your account
          keeps {email}.
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="change-email" />
        <Field
          label="New e-mail address"
          meta={fields.newEmail}
          type="email"
          autoComplete="email"
          hint="We send a link to the new address; it replaces the current one only when that link is used."
        />
        <Field label="Password, to confirm the change" meta={fields.currentPassword} type="password" autoComplete="current-password" />
        <SubmitButton variant="secondary">Change e-mail address</SubmitButton>
      </Form>
    </Card>
  );
}

type SessionRow = { id: string; current: boolean; createdAt: string; lastSeenAt: string; browser: string; userAgent: string };

function SessionsCard({ sessions }: { sessions: SessionRow[] }) {
  const lastResult = useIntentResult("end-session");
  return (
    <Card aria-labelledby="sessions-heading">
      <h2 id="sessions-heading" className="mb-1 text-xl font-semibold">
        Where you are logged in
      </h2>
      <p className="mb-3 text-sm text-slate-600">A session ends by itself after 7 days without use and 30 days after logging in.</p>
      {lastResult?.status === "error" ? (
        <p role="alert" className="mb-2 text-sm text-red-700">
          {lastResult.error?.[""]?.[0] ?? "That session could not be ended."}
        </p>
      ) : null}
      {lastResult?.status === "success" ? (
        <p role="status" className="mb-2 text-sm text-green-700">
          Session ended: that browser is logged out.
        </p>
      ) : null}
      <ul className="mb-4 divide-y divide-slate-100 text-sm">
        {sessions.map((s, i) => (
          <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
            <div className="min-w-0">
              <span className="font-medium" title={s.userAgent}>
                {s.browser}
              </span>
              {s.current ? <span className="ml-2 text-green-700">(this browser)</span> : null}
              <div className="text-slate-500">
                Since {formatDateTime(s.createdAt, "UTC")}, last seen {formatDateTime(s.lastSeenAt, "UTC")}
              </div>
            </div>
            <Form method="post">
              <input type="hidden" name="intent" value="end-session" />
              <input type="hidden" name="sessionId" value={s.id} />
              <EnhancedFlag />
              <SubmitButton
                variant="secondary"
                size="sm"
                aria-label={`${s.current ? "Log out here" : "End this session"}: session ${i + 1}, ${s.browser}${s.current ? " (this browser)" : ""}`}
              >
                {s.current ? "Log out here" : "End this session"}
              </SubmitButton>
            </Form>
          </li>
        ))}
      </ul>
      <Form method="post">
        <input type="hidden" name="intent" value="logout-everywhere" />
        <SubmitButton variant="secondary">Log out everywhere</SubmitButton>
      </Form>
    </Card>
  );
}

function ChangePasswordCard() {
  const lastResult = useIntentResult("change-password");
  const [form, fields] = useZodForm(changePasswordSchema, {
    id: "change-password",
    lastResult,
  });
  return (
    <Card aria-labelledby="password-heading">
      <h2 id="password-heading" className="mb-1 text-xl font-semibold">
        Change password
      </h2>
      <p className="mb-4 text-sm text-slate-600">Changing it logs you out everywhere else.</p>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="change-password" />
        <Field label="Current password" meta={fields.currentPassword} type="password" autoComplete="current-password" />
        <Field
          label="New password"
          meta={fields.newPassword}
          type="password"
          autoComplete="new-password"
          hint="At least 10 characters, and not one of the 10,000 most common passwords."
        />
        <Field label="Repeat the new password" meta={fields.confirmPassword} type="password" autoComplete="new-password" />
        <SubmitButton>Change password</SubmitButton>
      </Form>
    </Card>
  );
}

function DataCard({ retentionDays }: { retentionDays: number }) {
  return (
    <Card aria-labelledby="data-heading">
      <h2 id="data-heading" className="mb-1 text-xl font-semibold">
        Your data
      </h2>
      <p className="mb-4 text-sm text-slate-600">
        One JSON file with everything we hold about you: your account, registrations with your answers and consent records, topics, votes,
        stars, sessions, notes and their revisions you wrote, and your login sessions. Registration answers are deleted {retentionDays} days
        after each event ends. <a href="/privacy">Privacy notice</a>
      </p>
      <a href="/account/export.json" download className={buttonClass("secondary")}>
        Download my data (JSON)
      </a>
    </Card>
  );
}

function DeleteAccountCard({ email }: { email: string }) {
  const lastResult = useIntentResult("delete-account");
  const [form, fields] = useZodForm(deleteAccountSchema, {
    id: "delete-account",
    lastResult,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onSubmit",
  });
  return (
    <Card aria-labelledby="delete-heading" className="border-red-200">
      <h2 id="delete-heading" className="mb-1 text-xl font-semibold text-red-800">
        Delete my account
      </h2>
      <div className="mb-4 space-y-2 text-sm text-slate-700">
        <p>This cannot be undone. At once and for good:</p>
        <ul className="list-disc pl-5">
          <li>your name, e-mail address, job role, password and registration answers are erased;</li>
          <li>your registrations are cancelled and your seats go to the people on the waiting list;</li>
          <li>you are logged out everywhere.</li>
        </ul>
        <p>
          Topics, sessions and notes you contributed stay in the archive, shown as written by a <em>former attendee</em>. You can sign up
          again later with the same e-mail address.
        </p>
      </div>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="delete-account" />
        <Field
          label="Type your e-mail address to confirm"
          meta={fields.confirmEmail}
          type="email"
          autoComplete="off"
          hint={`Type ${email}`}
        />
        <Field label="Your password" meta={fields.currentPassword} type="password" autoComplete="current-password" />
        <SubmitButton variant="danger">Delete my account permanently</SubmitButton>
      </Form>
    </Card>
  );
}
