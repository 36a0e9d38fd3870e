import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { json } from "@remix-run/node";
import { Form, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useMatches, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { rootData } from "~/accounts/header-user.server";
import { getSessionUser } from "~/accounts/session.server";
import { AccountLabel } from "~/accounts/ui/account-label";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import stylesheet from "~/tailwind.css";
import { useNonce } from "~/utils/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Knowledge Exchange" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return json(rootData(await getSessionUser(request)));
}

/**
 * The root data is who is signed in, which only a form submission or a navigation can
 * change. A bare `revalidator.revalidate()` (a live board reloading on every change, for
 * every open page) therefore skips it: one request per page per change instead of two.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, formMethod, defaultShouldRevalidate }) => {
  const sameUrl = currentUrl.pathname === nextUrl.pathname && currentUrl.search === nextUrl.search;
  if (!formMethod && sameUrl) return false;
  return defaultShouldRevalidate;
};

export function useOptionalUser() {
  const data = useRouteLoaderData<typeof loader>("root");
  return data?.user ?? null;
}

const navClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-3 py-2 text-sm font-medium no-underline hover:bg-slate-100 hover:no-underline ${isActive ? "text-brand-700" : "text-slate-700"}`;

function Header() {
  const user = useOptionalUser();
  return (
    <header className="no-print border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-3">
        <Link to="/" className="flex items-center gap-2 text-lg font-bold text-slate-900 no-underline hover:no-underline">
          <span aria-hidden="true" className="inline-block h-6 w-6 rounded-md bg-brand-600" />
          Knowledge Exchange
        </Link>
        <nav aria-label="Main" className="flex flex-wrap items-center gap-1">
          <NavLink to="/" end className={navClass}>
            Exchanges
          </NavLink>
          <NavLink to="/notes" className={navClass}>
            Notes
          </NavLink>
          {user?.canCreateEvents ? (
            <NavLink to="/events/new" className={navClass}>
              New event
            </NavLink>
          ) : null}
          {user?.isAdmin ? (
            <NavLink to="/admin" className={navClass}>
              Admin
            </NavLink>
          ) : null}
          {user ? (
            <>
              <NavLink to="/account" className={navClass}>
                <AccountLabel name={user.name} organisationName={user.organisationName} />
              </NavLink>
              <Form method="post" action="/logout">
                <button type="submit" className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">
                  Log out
                </button>
              </Form>
            </>
          ) : (
            <>
              <NavLink to="/login" className={navClass}>
                Log in
              </NavLink>
              <NavLink to="/signup" className={navClass}>
                Sign up
              </NavLink>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}

/** Full-screen pages (a projector, a screen at the venue) say `handle: { chrome: false }`: no header, no footer. */
function useSiteChrome() {
  return !useMatches().some((match) => (match.handle as { chrome?: boolean } | undefined)?.chrome === false);
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const chrome = useSiteChrome();
  return (
    <html lang="en" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-full flex-col">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-white focus:p-2">
          Skip to content
        </a>
        {chrome ? <Header /> : null}
        <main id="main" className={chrome ? "mx-auto w-full max-w-6xl flex-1 px-4 py-8" : "flex w-full flex-1 flex-col"}>
          {children}
        </main>
        {chrome ? (
          <footer className="no-print border-t border-slate-200 py-6 text-center text-sm text-slate-500">
            Knowledge Exchange · <Link to="/privacy">Privacy</Link>
          </footer>
        ) : null}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
