// The join page's loader and action (/events/:slug/join?key=…, optional &board=<id>): where
// the QR code and the join link lead (issue 17.1). Signed-in people and guests of this event
// are sent on to the board; everyone else may join as a guest, when the event takes guests
// and the link carries the event's join key (ADR 028), or log in.
import { parseWithZod } from "@conform-to/zod/v4";
import { json, redirect } from "@remix-run/node";
import { getSessionUser } from "~/accounts/session.server";
import { clientIp } from "~/utils/client-ip.server";
import { getBoard } from "~/board/boards.server";
import { requireVisibleEvent } from "~/events/permissions.server";
import { guestOf, joinAsGuest, joinRefusal } from "~/guests/guests.server";
import { guestJoinSchema } from "~/guests/join-schema";
import { joinPath } from "~/guests/join-link";
import { joinKeyMatches } from "~/guests/join-key.server";
import type { Event } from "#db/schema";
import { replyWithError } from "~/utils/action-reply.server";
import { forbidden } from "~/utils/errors.server";
import { checkHoneypot } from "~/utils/honeypot.server";
import { enforceRateLimit, LIMITS } from "~/utils/rate-limit.server";

/** The board named by ?board=, when it is one of this event's boards; else none (404 for a foreign one). */
function boardOf(event: Event, request: Request) {
  const param = new URL(request.url).searchParams.get("board");
  if (param === null || param === "") return null;
  const id = Number(param);
  const board = Number.isSafeInteger(id) && id > 0 ? getBoard(id) : undefined;
  if (!board || board.eventId !== event.id) throw new Response("This event has no such board.", { status: 404 });
  return board;
}

/** What a visitor with a link that lacks the event's key now (none, mistyped, or made before "New join link") reads. */
export const STALE_JOIN_LINK = "This join link is no longer valid — ask the organiser for the code on the screen.";

const keyOf = (request: Request) => new URL(request.url).searchParams.get("key");

/** Where a person who may take part goes on from the join page. */
function onwardPath(event: Event, boardId: number | undefined, fallback: string) {
  return boardId === undefined ? fallback : `/events/${event.slug}/boards/${boardId}`;
}

export async function loadJoinPage(request: Request, slug: string | undefined) {
  const user = await getSessionUser(request);
  const event = requireVisibleEvent(slug, user);
  const board = boardOf(event, request);
  if (user) throw redirect(onwardPath(event, board?.id, `/events/${event.slug}`));
  if (await guestOf(request.headers.get("cookie"), event)) throw redirect(onwardPath(event, board?.id, `/events/${event.slug}/board`));
  const refusal = joinRefusal(event)?.message ?? (joinKeyMatches(event, keyOf(request)) ? null : STALE_JOIN_LINK);
  return json(
    {
      event: { title: event.title, slug: event.slug },
      boardTitle: board?.title ?? null,
      refusal,
      // Signed in, nobody needs the key: it stays out of the login page's address.
      loginPath: `/login?redirectTo=${encodeURIComponent(joinPath(event.slug, null, board?.id))}`,
    },
    { status: refusal === STALE_JOIN_LINK ? 403 : 200 },
  );
}

export async function joinPageAction(request: Request, slug: string | undefined, context: unknown) {
  const user = await getSessionUser(request);
  const event = requireVisibleEvent(slug, user);
  const board = boardOf(event, request);
  if (user) throw redirect(onwardPath(event, board?.id, `/events/${event.slug}`));
  await enforceRateLimit(`guest-join:ip:${clientIp(context)}`, LIMITS.guestJoinPerIp);
  const formData = await request.formData();
  checkHoneypot(formData);
  const submission = parseWithZod(formData, { schema: guestJoinSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const refusal = joinRefusal(event);
  if (!refusal && !joinKeyMatches(event, keyOf(request))) return replyWithError(submission, forbidden(STALE_JOIN_LINK));
  try {
    const { setCookie } = await joinAsGuest(event, submission.value.name);
    return redirect(onwardPath(event, board?.id, `/events/${event.slug}/board`), { headers: { "Set-Cookie": setCookie } });
  } catch (error) {
    return replyWithError(submission, error);
  }
}
