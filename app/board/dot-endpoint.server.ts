// POST /events/:slug/boards/:boardId/dots: a dot cast or taken back from the board page
// with JavaScript. The hottest write of the app (a whole room votes within a minute), so
// the HTTP server hands it here directly instead of through Remix's document machinery
// (which costs more than the vote itself). Everything else is the board's own: the same
// session, the same Origin guard and body limit (server/security.js runs first), the same
// checks as the board's form action and the same domain functions. Without JavaScript the
// board's form action (`intent=vote|unvote`) does the same job.
import { z } from "zod";
import { getSessionUserByCookie } from "~/accounts/session.server";
import { castVote, retractVote } from "~/board/dot-votes.server";
import { requireVisibleEvent } from "~/events/permissions.server";
import { formerGuestRefusal, guestActor, guestOfEventSlug } from "~/guests/guests.server";
import { DomainError } from "~/utils/errors.server";

export type DotRequest = {
  slug: string;
  boardId: string;
  cookie: string | null;
  /** The urlencoded body. */
  form: URLSearchParams;
  ip: string | null;
};

export type DotReply = { status: number; body: Record<string, unknown> };

const dotSchema = z.object({
  intent: z.enum(["vote", "unvote"], { error: "Say whether to add or take back a dot." }),
  topicId: z.coerce.number({ error: "Choose a topic." }).int("Choose a topic.").positive("Choose a topic."),
});

const refuse = (status: number, error: string, fieldErrors?: Record<string, string[]>): DotReply => ({
  status,
  body: { ok: false, error, ...(fieldErrors ? { fieldErrors } : {}) },
});

export async function handleDotRequest(request: DotRequest): Promise<DotReply> {
  const user = await getSessionUserByCookie(request.cookie);
  // Nobody signed in: a guest of this event votes as a participant (ADR 025).
  const guest = user ? null : await guestOfEventSlug(request.cookie, request.slug);
  const formerGuest = user || guest ? null : await formerGuestRefusal(request.cookie);
  if (formerGuest) return refuse(formerGuest.status, formerGuest.message);
  if (!user && !guest) return refuse(401, "Log in to vote.");

  const parsed = dotSchema.safeParse({
    intent: request.form.get("intent") ?? undefined,
    topicId: request.form.get("topicId") ?? undefined,
  });
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0])] ??= []).push(issue.message);
    return refuse(400, "Check the highlighted fields.", fieldErrors);
  }

  try {
    const event = requireVisibleEvent(request.slug, user);
    const boardId = Number(request.boardId);
    if (!Number.isSafeInteger(boardId) || boardId <= 0) return refuse(404, "This event has no such board.");
    const actor = user ? { id: user.id, isAdmin: user.isAdmin, ip: request.ip } : guestActor(guest!, request.ip);
    const { intent, topicId } = parsed.data;
    // The vote checks that the board is this event's (404) in its own transaction. `ref`
    // lets the voter's page recognise its own vote in the live stream.
    const options = { eventId: event.id, ref: request.form.get("ref") ?? undefined };
    const vote = intent === "vote" ? castVote : retractVote;
    return { status: 200, body: { ok: true, intent, ...vote(boardId, topicId, actor, options) } };
  } catch (error) {
    if (error instanceof DomainError) return refuse(error.status, error.message, error.fieldErrors);
    if (error instanceof Response) return refuse(error.status, await error.text());
    throw error;
  }
}
