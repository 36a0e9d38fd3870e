// Loader and action shared by /events/:slug/board (the first board) and
// /events/:slug/boards/:boardId (any board), and the presenter view. Thin: find the
// board, parse the intent with zod, call one domain function, reply or redirect.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import type { Actor } from "~/accounts/actor";
import { getSessionUser, requireUser, type SessionUser } from "~/accounts/session.server";
import { clientIp } from "~/utils/client-ip.server";
import { boardActionSchema } from "~/board/board-schema";
import { createBoard, getBoard, getFirstBoard, listBoards, setPhase, updateBoardSettings } from "~/board/boards.server";
import { carryOverTargets, carryOverTopics } from "~/board/carry-over.server";
import { castRomanVote, endTimebox, extendTopic, finishTopic, startTopic } from "~/board/discussion.server";
import { castVote, retractVote } from "~/board/dot-votes.server";
import { recordTakeaways } from "~/board/takeaways.server";
import { editTopic, mergeTopics, proposeTopic, withdrawTopic } from "~/board/topics.server";
import { getBoardView, type BoardTopicView, type BoardView } from "~/board/view.server";
import { promotedSessions, promoteTargets, promoteTopicToSession } from "~/board/promote.server";
import { isOrganiserOf, requireVisibleEvent } from "~/events/permissions.server";
import { formerGuestRefusal, guestActor, guestOfEventSlug, takesGuests, type Guest } from "~/guests/guests.server";
import { DomainError } from "~/utils/errors.server";
import { isEnhancedPost, replyWithError } from "~/utils/action-reply.server";
import { enforceRateLimit, LIMITS } from "~/utils/rate-limit.server";
import type { Board, Event } from "#db/schema";

export function boardPath(slug: string, boardId: number) {
  return `/events/${slug}/boards/${boardId}`;
}

/** The board named by the URL: a board id must belong to the event; else the first board. */
function findBoard(event: Event, boardIdParam: string | undefined, eventBoards?: Board[]) {
  if (boardIdParam === undefined) return (eventBoards ? eventBoards[0] : getFirstBoard(event.id)) ?? null;
  const id = Number(boardIdParam);
  const board = Number.isSafeInteger(id) && id > 0 ? getBoard(id) : undefined;
  if (!board || board.eventId !== event.id) throw new Response("This event has no such board.", { status: 404 });
  return board;
}

/**
 * A topic as the board page needs it. The loader's JSON is part of every board document
 * (100 topics on a busy board), so it carries only what the page renders: fields that
 * apply to few topics are left out when empty.
 */
export type PageTopic = {
  id: number;
  title: string;
  description: string;
  authorName: string;
  votes: number | null;
  myVotes: number;
  isMine?: true;
  carriedFrom?: { eventTitle: string; votes: number | null };
  /** The topic under discussion. */
  timerEndsAt?: string | null;
  extensions?: number;
  /** Discussed topics. */
  discussedSeconds?: number | null;
  noteId?: number | null;
};

function pageTopic(t: BoardTopicView, extra?: "discussing" | "discussed"): PageTopic {
  const topic: PageTopic = {
    id: t.id,
    title: t.title,
    description: t.description,
    authorName: t.authorName,
    votes: t.votes,
    myVotes: t.myVotes,
  };
  if (t.isMine) topic.isMine = true;
  if (t.carriedFrom) topic.carriedFrom = t.carriedFrom;
  if (extra === "discussing") Object.assign(topic, { timerEndsAt: t.timerEndsAt, extensions: t.extensions });
  if (extra === "discussed") Object.assign(topic, { extensions: t.extensions, discussedSeconds: t.discussedSeconds, noteId: t.noteId });
  return topic;
}

/** The board view as the page needs it (see PageTopic); the summary uses the full view. */
export function pageView(view: BoardView) {
  return {
    board: view.board,
    role: view.role,
    canRecordTakeaways: view.canRecordTakeaways,
    talliesVisible: view.talliesVisible,
    dotsLeft: view.dotsLeft,
    open: view.open.map((t) => pageTopic(t)),
    discussing: view.discussing ? pageTopic(view.discussing, "discussing") : null,
    discussed: view.discussed.map((t) => pageTopic(t, "discussed")),
    carriedOverCount: view.carriedOver.length,
    roman: view.roman,
    serverNow: view.serverNow,
    live: view.live,
  };
}

export type PageView = ReturnType<typeof pageView>;

const actorOf = (user: SessionUser | null, context?: unknown, guest?: Guest | null): Actor | null =>
  user
    ? { id: user.id, isAdmin: user.isAdmin, ip: context ? clientIp(context) : null }
    : guest
      ? guestActor(guest, context ? clientIp(context) : null)
      : null;

/** Who asks: the signed-in user, else a guest of this event (ADR 025), else nobody. */
async function boardViewer(request: Request, slug: string | undefined) {
  const user = await getSessionUser(request);
  return { user, guest: user ? null : await guestOfEventSlug(request.headers.get("cookie"), slug) };
}

/**
 * The board page's data for `user` (the loader's JSON; also built outside Remix by
 * template/board-document.server.tsx), or for a guest of the event when nobody is signed in.
 */
export function boardPageData(user: SessionUser | null, params: { slug?: string; boardId?: string }, guest: Guest | null = null) {
  const event = requireVisibleEvent(params.slug, user);
  const eventBoards = listBoards(event.id);
  const board = findBoard(event, params.boardId, eventBoards);
  const boards = eventBoards.map((b) => ({ id: b.id, title: b.title }));
  const eventInfo = { slug: event.slug, title: event.title };
  // Guests (ADR 025): who takes part as one, and whether a signed-out visitor could join
  // (with the join link from the screen or the organiser: it carries a key, ADR 028).
  const guestName = guest?.name ?? null;
  const guestsWelcome = !user && !guest && takesGuests(event);
  if (!board) {
    return {
      view: null,
      event: eventInfo,
      boards,
      canCreateBoard: isOrganiserOf(user, event.id),
      signedIn: Boolean(user || guest),
      guestName,
      guestsWelcome,
      facilitation: null,
    };
  }
  const actor = actorOf(user, undefined, guest);
  const view = getBoardView(board.id, actor);
  const facilitation =
    view.role === "facilitator" && actor
      ? {
          carryTargets: carryOverTargets(board.id, actor),
          promoteTargets: promoteTargets(actor),
          promoted: promotedSessions(board.id),
        }
      : null;
  return {
    view: pageView(view),
    event: eventInfo,
    boards,
    canCreateBoard: view.role === "facilitator",
    signedIn: Boolean(user || guest),
    guestName,
    guestsWelcome,
    facilitation,
  };
}

export type BoardPageData = ReturnType<typeof boardPageData>;

export async function boardLoader({ request, params }: LoaderFunctionArgs) {
  const { user, guest } = await boardViewer(request, params.slug);
  return json(boardPageData(user, params, guest));
}

export type BoardLoader = typeof boardLoader;

export async function boardAction({ request, params, context }: ActionFunctionArgs) {
  const { user, guest } = await boardViewer(request, params.slug);
  if (!user && !guest) {
    const refusal = await formerGuestRefusal(request.headers.get("cookie"));
    if (refusal) throw new Response(refusal.message, { status: refusal.status });
    await requireUser(request);
  }
  const event = requireVisibleEvent(params.slug, user);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: boardActionSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const input = submission.value;
  const actor = actorOf(user, context, guest)!;
  // With JavaScript the page stays put (fetchers revalidate); without it, post/redirect/get.
  const enhanced = isEnhancedPost(formData);

  try {
    if (input.intent === "create-board") {
      const created = createBoard(event.id, actor, input.title);
      return redirect(boardPath(event.slug, created.id));
    }
    const board = findBoard(event, params.boardId);
    if (!board) throw new DomainError("This event has no board yet.", 404);
    const id = board.id;
    let goTo = params.boardId ? boardPath(event.slug, id) : `/events/${event.slug}/board`;
    switch (input.intent) {
      case "propose": {
        try {
          await enforceRateLimit(`topic:${actor.id}`, LIMITS.topicPerUser);
        } catch (error) {
          if (error instanceof Response) throw new DomainError(await error.text(), 429);
          throw error;
        }
        const topic = proposeTopic(id, actor, input);
        goTo += `#topic-${topic.id}`;
        break;
      }
      case "edit-topic":
        editTopic(id, input.topicId, actor, input);
        break;
      case "withdraw":
        withdrawTopic(id, input.topicId, actor);
        break;
      case "vote":
      case "unvote": {
        // With JavaScript the page applies the reply in place (no reload: see the board
        // routes' shouldRevalidate); `ref` comes back in the frame so it knows its own vote.
        const ref = formData.get("ref");
        const options = { ref: typeof ref === "string" ? ref : undefined };
        const result =
          input.intent === "vote" ? castVote(id, input.topicId, actor, options) : retractVote(id, input.topicId, actor, options);
        if (enhanced) return json({ status: "success" as const, intent: input.intent, ...result });
        break;
      }
      case "start":
        startTopic(id, input.topicId, actor);
        break;
      case "end-timebox":
        endTimebox(id, input.topicId, actor);
        break;
      case "extend":
        extendTopic(id, input.topicId, actor);
        break;
      case "roman":
        castRomanVote(id, input.topicId, actor, input.value);
        break;
      case "finish":
        finishTopic(id, input.topicId, actor, input);
        break;
      case "takeaways":
        recordTakeaways(id, input.topicId, actor, input);
        break;
      case "phase":
        setPhase(id, input.phase, actor);
        break;
      case "settings":
        updateBoardSettings(id, input, actor);
        break;
      case "merge":
        mergeTopics(id, input.sourceId, input.targetId, actor);
        break;
      case "carry-over":
        carryOverTopics(id, input.targetBoardId, actor);
        break;
      case "promote":
        promoteTopicToSession(input.topicId, input.targetEventId, actor);
        goTo += "#promoted";
        break;
    }
    if (enhanced) return json({ ...submission.reply({ resetForm: true }), intent: input.intent });
    return redirect(goTo);
  } catch (error) {
    return replyWithError(submission, error);
  }
}
