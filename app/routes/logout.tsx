import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { destroyLoginSession } from "~/accounts/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  // Drain the body, so the connection is not reset while a client is still sending.
  await request.arrayBuffer().catch(() => undefined);
  return redirect("/", { headers: { "Set-Cookie": await destroyLoginSession(request) } });
}
