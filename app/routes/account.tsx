import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { changeEmailSchema, profileSchema } from "~/accounts/account-schema";
import { pendingEmailChange, requestEmailChange } from "~/accounts/email-change.server";
import { changePassword } from "~/accounts/change-password.server";
import { destroyLoginSession, endAllSessions, listSessions, redirectWithSession, requireUser } from "~/accounts/session.server";
import { updateProfile } from "~/accounts/users.server";
import { ChangePasswordCard, EmailCard, ProfileCard } from "~/accounts/ui/account-settings";
import { SessionsCard } from "~/accounts/ui/login-sessions";
import { clientIp } from "~/utils/client-ip.server";
import { PageHeader } from "~/components/card";
import { describeUserAgent, endOwnSession } from "~/privacy/account-sessions.server";
import { deleteAccount } from "~/privacy/delete-account.server";
import { changePasswordSchema, deleteAccountSchema, endSessionSchema } from "~/privacy/privacy-schema";
import { retentionDays } from "~/privacy/retention.server";
import { DataCard, DeleteAccountCard } from "~/privacy/ui/account-data";
import { replyOrRedirect, replyToForm } from "~/utils/action-reply.server";
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

export default function Account() {
  const { flash, user, address, sessions, retentionDays } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  // The action answers every form of the page, naming the one (intent) it answers.
  const reply = useActionData<typeof action>();
  const resultFor = (intent: Intent) => (reply && "intent" in reply && reply.intent === intent ? reply.result : undefined);
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
      <ProfileCard user={user} lastResult={resultFor("profile")} />
      <EmailCard
        email={user.email}
        verified={address.verified}
        pendingChange={address.pendingChange}
        lastResult={resultFor("change-email")}
      />
      <SessionsCard sessions={sessions} lastResult={resultFor("end-session")} />
      <ChangePasswordCard lastResult={resultFor("change-password")} />
      <DataCard retentionDays={retentionDays} />
      <DeleteAccountCard email={user.email} lastResult={resultFor("delete-account")} />
    </div>
  );
}
