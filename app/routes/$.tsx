// Every unknown URL: a real 404 page rendered by the shared error boundary.
import { GeneralErrorBoundary } from "~/components/error-boundary";

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
