// Where a used verification link lands, and where a signed-in person whose address is not
// verified yet can ask for a new link.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { resendVerificationEmail } from "~/accounts/email-verification.server";
import { getSessionUser, requireUser } from "~/accounts/session.server";
import { SubmitButton } from "~/components/submit-button";
import { Card } from "~/components/card";
import { jsonWithFlash, redirectWithFlash } from "~/utils/flash.server";

export const meta: MetaFunction = () => [{ title: "E-mail verification · Knowledge Exchange" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  return jsonWithFlash(request, { signedIn: Boolean(user), email: user?.email ?? null, verified: user?.emailVerified ?? false });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await resendVerificationEmail(user);
  return redirectWithFlash("/verify-email", "verification-sent", 303);
}

export default function VerificationStatus() {
  const { flash, signedIn, email, verified } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-xl">
      <Card>
        <h1 className="text-2xl font-bold">E-mail verification</h1>
        {flash ? (
          <p role="status" className="mt-3 font-medium text-emerald-800">
            {flash}
          </p>
        ) : null}
        {!signedIn ? (
          <p className="mt-3 text-slate-700">
            <Link to="/login">Log in</Link> to see your account.
          </p>
        ) : verified ? (
          <p className="mt-3 text-slate-700">
            Your address <strong>{email}</strong> is verified. <Link to="/">Back to the exchanges</Link>.
          </p>
        ) : (
          <>
            <p className="mt-3 text-slate-700">
              Your address <strong>{email}</strong> is not verified yet. Open the link we e-mailed you, or ask for a new one.
            </p>
            <Form method="post" className="mt-4">
              <SubmitButton>Send a new link</SubmitButton>
            </Form>
          </>
        )}
      </Card>
    </div>
  );
}
