// The agenda page's posts: star and unstar, create and revoke the private calendar link.
// Kept out of the route module so its schemas (and zod) stay out of the browser bundle.
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import type { Event } from "#db/schema";
import type { SessionUser } from "~/accounts/session.server";
import { setStar } from "~/schedule/agenda.server";
import { createAgendaToken, hasActiveAgendaToken, revokeAgendaTokens } from "~/schedule/feeds.server";
import { actionDone, actionSucceeded, invalidForm, refusedAction } from "~/utils/action-reply.server";
import { starSchema } from "~/schedule/schedule-schema";
import { publicOrigin } from "~/utils/public-origin.server";

// Replacing a link that works is confirmed: the calendars subscribed to it stop updating.
const feedSchema = z.object({ intent: z.enum(["create-feed", "revoke-feed"]), confirmReplace: z.literal("yes").optional() });

export const CONFIRM_REPLACE_MESSAGE = "Tick “Yes, my old link stops working” to replace your link.";

export async function agendaAction(request: Request, event: Event, user: SessionUser) {
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  try {
    if (intent === "create-feed" || intent === "revoke-feed") {
      const submission = parseWithZod(formData, { schema: feedSchema });
      if (submission.status !== "success") return invalidForm(formData, submission.error);
      if (intent === "revoke-feed") {
        revokeAgendaTokens(event, user);
        return actionDone(
          formData,
          { message: "Your private calendar link no longer works." },
          `/events/${event.slug}/agenda`,
          "agenda-feed-revoked",
        );
      }
      if (hasActiveAgendaToken(event.id, user.id) && !submission.value.confirmReplace) {
        return invalidForm(formData, { confirmReplace: [CONFIRM_REPLACE_MESSAGE] });
      }
      // Stays 200 with the page even without JavaScript: the link is shown this once only.
      const token = createAgendaToken(event, user);
      return actionSucceeded(
        formData,
        "Your private calendar link is ready. Copy it now: for your safety we keep only a fingerprint of it.",
        {
          feedUrl: `${publicOrigin(request)}/events/${event.slug}/agenda.ics?token=${token}`,
        },
      );
    }
    const submission = parseWithZod(formData, { schema: starSchema });
    if (submission.status !== "success") return invalidForm(formData, submission.error);
    const on = submission.value.intent === "star";
    const starCount = setStar(event, user, submission.value.sessionId, on);
    const body = { sessionId: submission.value.sessionId, starCount, message: on ? "Starred." : "Removed from your agenda." };
    return actionDone(formData, body, `/events/${event.slug}/agenda`, on ? "session-starred" : "session-unstarred");
  } catch (error) {
    return refusedAction(formData, error);
  }
}
