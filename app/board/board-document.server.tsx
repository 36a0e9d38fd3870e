// GET of a board page by a signed-in attendee, answered from the board's shared template
// (app/utils/document-template.server.ts, ADR 014): everyone who takes part in a board
// sees the same cards; only their name, their dots and the "Yours" badge on their own
// topics differ, and those are the page's personal slots. The HTTP server (server/app.js)
// asks here before Remix; a null answer means "let Remix render it", as before.
//
// The same loaders' data is built (boardPageData, rootData), so the page's JSON is exactly
// what Remix would send. Pages with parts that are personal and not slots are left to
// Remix: facilitators (their tools), a topic under discussion (a running clock and one's
// Roman vote), and one's own topics while topics are collected (edit and withdraw forms).
import { renderToString } from "react-dom/server";
import { rootData } from "~/accounts/header-user.server";
import { getSessionUserByCookie } from "~/accounts/session.server";
import { boardPageData, type BoardPageData, type PageTopic } from "~/board/board-route.server";
import { boardSnapshotStamp } from "~/board/snapshot.server";
import { AccountLabel } from "~/accounts/ui/account-label";
import { canAddDot, DotsLeft, TopicHeading, VoteControls } from "~/board/ui/topic-card";
import { initialOverrides, mergeBoardView } from "~/board/ui/votes";
import {
  documentTemplateFor,
  fillDocumentTemplate,
  shouldLearn,
  type LoaderData,
  type TemplateSpec,
} from "~/utils/document-template.server";
import { databaseVersion } from "#db/client";

export type BoardDocumentRequest = {
  /** The path as requested (no query string). */
  path: string;
  slug: string;
  /** Absent for /events/:slug/board (the event's first board). */
  boardId?: string;
  cookie: string | null;
  nonce: string;
};

/** `html`: the page; `learn`: let Remix render it and learn the template; null: Remix alone. */
export type BoardDocumentOutcome = { html: Buffer } | { learn: TemplateSpec } | null;

type RootData = ReturnType<typeof rootData>;
type SharedBoardData = BoardPageData & { view: NonNullable<BoardPageData["view"]> };

const FIRST_BOARD_ROUTE = "routes/events.$slug.board";
const ANY_BOARD_ROUTE = "routes/events.$slug.boards.$boardId";

/** Whether everything personal on this page is in a slot. */
function isShareable(data: BoardPageData): data is SharedBoardData {
  const view = data.view;
  if (!view || view.role === "facilitator" || data.facilitation || view.discussing) return false;
  return !(view.board.phase === "collect" && view.open.some((t) => t.isMine));
}

export async function handleBoardDocumentRequest(request: BoardDocumentRequest): Promise<BoardDocumentOutcome> {
  const user = await getSessionUserByCookie(request.cookie);
  if (!user) return null;
  // From here on synchronous: the data, its version and the template agree.
  let data: BoardPageData;
  try {
    data = boardPageData(user, { slug: request.slug, boardId: request.boardId });
  } catch (error) {
    if (error instanceof Response) return null; // 404 and the like: Remix renders the page
    throw error;
  }
  if (!isShareable(data)) return null;
  const version = `${databaseVersion()}|${boardSnapshotStamp(data.view.board.id)}`;
  const root = rootData(user);
  const loaderData: LoaderData = { root, [request.boardId === undefined ? FIRST_BOARD_ROUTE : ANY_BOARD_ROUTE]: data };
  // The header differs for creators (New event) and admins (Admin): each has its own template.
  const key = `board ${request.path} ${data.view.role} ${root.user?.canCreateEvents ? "creator" : "member"}${root.user?.isAdmin ? " admin" : ""}`;
  const template = documentTemplateFor(key, version);
  if (template) return { html: fillDocumentTemplate(template, request.nonce, loaderData, boardSlots) };
  return shouldLearn(key, version) ? { learn: { key, version, neutralise, ...boardSlots } } : null;
}

const boardDataOf = (loaderData: LoaderData) =>
  (loaderData[ANY_BOARD_ROUTE] ?? loaderData[FIRST_BOARD_ROUTE]) as SharedBoardData;

/** The loader data with the viewer blanked out: no name, no dots, no own topics. */
function neutralise(loaderData: LoaderData): LoaderData {
  const root = loaderData.root as RootData;
  const data = boardDataOf(loaderData);
  const routeId = loaderData[ANY_BOARD_ROUTE] ? ANY_BOARD_ROUTE : FIRST_BOARD_ROUTE;
  const blankTopic = <T extends { myVotes: number; isMine?: true }>({ isMine: _mine, ...topic }: T) => ({ ...topic, myVotes: 0 });
  const view = data.view;
  return {
    root: { user: root.user && { ...root.user, id: 0, name: "", email: "", organisationName: null } },
    [routeId]: {
      ...data,
      view: { ...view, dotsLeft: 0, open: view.open.map(blankTopic), discussed: view.discussed.map(blankTopic) },
    },
  };
}

/**
 * The board's slots: "account", "dots-left", "head:<topic id>" and "vote:<topic id>".
 * A slot's key holds everything its markup depends on for one viewer (a topic's title is
 * part of the template, so the id stands for it).
 */
const boardSlots = { slotKey, renderSlot };

function slotKey(name: string, loaderData: LoaderData): string {
  const slot = describeSlot(name, loaderData);
  switch (slot.kind) {
    case "account":
      return `a${slot.user ? `${slot.user.id}\u0000${slot.user.name}\u0000${slot.user.organisationName}` : ""}`;
    case "dots-left":
      return `d${slot.dotsLeft} ${slot.dotsUsed}`;
    case "head":
      return `h${slot.topic.id}${slot.topic.isMine ? "+" : ""}`;
    case "vote":
      return `v${slot.topic.id} ${slot.topic.myVotes}${slot.canAdd ? "+" : ""}`;
  }
}

/** One personal slot for this viewer, rendered by the same components as the page. */
function renderSlot(name: string, loaderData: LoaderData): string {
  const slot = describeSlot(name, loaderData);
  switch (slot.kind) {
    case "account":
      return slot.user ? renderToString(<AccountLabel name={slot.user.name} organisationName={slot.user.organisationName} />) : "";
    case "dots-left":
      return renderToString(<DotsLeft dotsLeft={slot.dotsLeft} dotsUsed={slot.dotsUsed} total={slot.total} />);
    case "head":
      return renderToString(<TopicHeading title={slot.topic.title} isMine={Boolean(slot.topic.isMine)} />);
    case "vote":
      return renderToString(<VoteControls topic={slot.topic} myVotes={slot.topic.myVotes} canAdd={slot.canAdd} />);
  }
}

/** What slot `name` shows for this viewer: the props of its component. */
function describeSlot(name: string, loaderData: LoaderData) {
  const colon = name.indexOf(":");
  const kind = colon < 0 ? name : name.slice(0, colon);
  if (kind === "account") return { kind, user: (loaderData.root as RootData).user } as const;
  const { view, topics } = firstPassView(loaderData);
  if (kind === "dots-left") return { kind, dotsLeft: view.dotsLeft, dotsUsed: view.dotsUsed, total: view.board.votesPerPerson } as const;
  const topic = topics.get(Number(name.slice(colon + 1)));
  if (!topic) throw new Error(`board template: no topic for slot ${name}`);
  if (kind === "head") return { kind, topic } as const;
  if (kind === "vote") return { kind, topic, canAdd: canAddDot(view.dotsLeft, view.board.allowStacking, topic.myVotes) } as const;
  throw new Error(`board template: unknown slot ${name}`);
}

const firstPass = new WeakMap<LoaderData, { view: ReturnType<typeof mergeView>; topics: Map<number, PageTopic> }>();
const mergeView = (loaderData: LoaderData) => mergeBoardView(boardDataOf(loaderData).view, initialOverrides());

/** The view as the page renders it on its first pass (no live overrides yet), once per request. */
function firstPassView(loaderData: LoaderData) {
  let found = firstPass.get(loaderData);
  if (!found) {
    const view = mergeView(loaderData);
    found = { view, topics: new Map([...view.open, ...view.discussed].map((t) => [t.id, t])) };
    firstPass.set(loaderData, found);
  }
  return found;
}
