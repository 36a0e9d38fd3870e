// An organiser's invitation link: /invite/<token>. A working link leads to the event's
// registration form carrying the invitation (for people with and without an account);
// an expired, used-up or revoked one is a 410 page, an unknown one 404. Nothing is written here.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { invitationRegisterUrl } from "~/invitations/links.server";

export const meta: MetaFunction = () => [{ title: "Invitation · Knowledge Exchange" }, { name: "robots", content: "noindex" }];

export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(invitationRegisterUrl(params.token ?? ""));
}

/** Never shown: the loader always redirects or throws its error page. */
export default function Invite() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
