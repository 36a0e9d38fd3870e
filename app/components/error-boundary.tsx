// One error page for every route: thrown Responses show their status and message,
// anything else a generic apology (details stay in the server log).
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const titles: Record<number, string> = {
  400: "That did not work",
  401: "Please log in",
  403: "Not allowed",
  404: "Page not found",
  409: "That clashed with another change",
  410: "This link no longer works",
  429: "Too many requests",
};

/** `wayOn`: where to go from this route's errors, e.g. "Ask for a new link" after a broken one. */
export function GeneralErrorBoundary({ wayOn }: { wayOn?: { to: string; label: string } } = {}) {
  const error = useRouteError();
  let status = 500;
  let message = "Something went wrong on our side. Please try again in a moment.";
  if (isRouteErrorResponse(error)) {
    status = error.status;
    message =
      typeof error.data === "string" && error.data
        ? error.data
        : status === 404
          ? "We could not find what you were looking for."
          : error.statusText || message;
  }
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-brand-600">{status}</p>
      <h1 className="mt-2 text-3xl font-bold">{titles[status] ?? "Something went wrong"}</h1>
      <p className="mt-4 text-slate-600">{message}</p>
      {wayOn ? (
        <p className="mt-8">
          <Link to={wayOn.to}>{wayOn.label}</Link>
        </p>
      ) : null}
      <p className={wayOn ? "mt-2" : "mt-8"}>
        <Link to="/">Back to the exchanges</Link>
      </p>
    </div>
  );
}
