// Small glue the schedule routes share: the event as the viewer may see it. Their replies
// come from ~/utils/action-reply.server like every other action's.
import { getSessionUser, requireUser } from "~/accounts/session.server";
import { requireVisibleEvent } from "~/events/permissions.server";

export async function scheduleContext(request: Request, slug: string | undefined) {
  const user = await getSessionUser(request);
  const event = requireVisibleEvent(slug, user);
  return { user, event };
}

export async function scheduleActionContext(request: Request, slug: string | undefined) {
  const user = await requireUser(request);
  const event = requireVisibleEvent(slug, user);
  return { user, event };
}
