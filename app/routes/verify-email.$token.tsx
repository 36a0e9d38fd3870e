// The link in the verification e-mail. GET only shows the page (mail scanners that fetch
// links use nothing up); the button posts, and the POST uses the link (ADR 018). Works
// signed out: the link itself is the proof.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { assertVerificationLinkUsable, verifyEmailWithToken } from "~/accounts/email-verification.server";
import { clientIp } from "~/utils/client-ip.server";
import { SubmitButton } from "~/components/submit-button";
import { Card } from "~/components/card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { toResponse } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";

export const meta: MetaFunction = () => [{ title: "Confirm your e-mail address · Knowledge Exchange" }];

// The token is in the URL: keep the page out of caches and the link out of Referer headers.
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export async function loader({ params }: LoaderFunctionArgs) {
  try {
    assertVerificationLinkUsable(params.token ?? "");
    return json(null, { headers: { "Cache-Control": "no-store", "Referrer-Policy": "same-origin" } });
  } catch (error) {
    toResponse(error);
  }
}

export async function action({ params, context }: ActionFunctionArgs) {
  try {
    verifyEmailWithToken(params.token ?? "", { ip: clientIp(context) });
  } catch (error) {
    toResponse(error);
  }
  return redirectWithFlash("/verify-email", "email-verified", 303);
}

export default function VerifyEmail() {
  return (
    <div className="mx-auto max-w-xl">
      <Card>
        <h1 className="text-2xl font-bold">Confirm your e-mail address</h1>
        <p className="mt-3 text-slate-700">Press the button to confirm that this address is yours.</p>
        <Form method="post" className="mt-4">
          <SubmitButton>Confirm my address</SubmitButton>
        </Form>
      </Card>
    </div>
  );
}

/** A broken or used link says "ask for a new one": the way to do that. */
export function ErrorBoundary() {
  return <GeneralErrorBoundary wayOn={{ to: "/verify-email", label: "Ask for a new link" }} />;
}
