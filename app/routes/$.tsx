// Every unknown URL: a real 404 page rendered by the shared error boundary.
import type { MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Page not found · Knowledge Exchange" }];

export async function loader() {
  throw new Response("We could not find that page.", { status: 404 });
}

export async function action() {
  throw new Response("We could not find that page.", { status: 404 });
}

export default function NotFound() {
  return <GeneralErrorBoundary />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
