// Who is signed in, as every page's header shows it: the root route's data. Also used by
// handlers that build a page's data outside Remix (app/board/template/board-document.server.tsx).
import type { SessionUser } from "~/accounts/session.server";
import { canCreateEvents } from "~/events/permissions.server";

export function headerUser(user: SessionUser | null) {
  return user
    ? {
        id: user.id,
        name: user.name,
        email: user.email,
        organisationName: user.organisationName,
        isAdmin: user.isAdmin,
        canCreateEvents: canCreateEvents(user),
      }
    : null;
}

export type HeaderUser = NonNullable<ReturnType<typeof headerUser>>;

/** The root route's loader data. */
export const rootData = (user: SessionUser | null) => ({ user: headerUser(user) });
