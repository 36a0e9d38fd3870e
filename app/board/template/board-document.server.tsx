// GET of a board page by a signed-in attendee, answered from the board's shared template
// (app/utils/document-template.server.ts, ADR 014, ADR 023): everyone who takes part in a
// board sees the same cards; only their name, their dots and the "Yours" badge on their
// own topics differ, and those are the page's personal slots (board-slots.server.tsx).
// The HTTP server (server/app.js) asks here before Remix; a null answer means "let Remix
// render it", as before.
//
// The same loaders' data is built (boardPageData, rootData), so the page's JSON is exactly
// what Remix would send. Pages with parts that are personal and not slots are left to
// Remix: facilitators (their tools), a topic under discussion (a running clock and one's
// Roman vote), and one's own topics while topics are collected (edit and withdraw forms).
//
// This folder (app/board/template/) sits at the UI layer: it renders the board's
// components and calls the board's domain; nothing in the domain imports it.
import { rootData } from "~/accounts/header-user.server";
import { getSessionUserByCookie, type SessionUser } from "~/accounts/session.server";
import { boardPageData, type BoardPageData } from "~/board/board-route.server";
import { boardSnapshotStamp } from "~/board/snapshot.server";
import {
  BOARD_FIELD_RULES,
  blankBoardPage,
  blankRoot,
  otherViewersBoardPage,
  type BoardFieldRules,
  type RootData,
} from "~/board/template/board-fields";
import { boardSlots } from "~/board/template/board-slots.server";
import { boardTemplateHandle } from "~/board/template/handle";
import {
  documentTemplateFor,
  documentTemplatesEnabled,
  fillDocumentTemplate,
  shouldLearn,
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

type SharedBoardData = BoardPageData & { view: NonNullable<BoardPageData["view"]> };

/** Whether everything personal on this page is in a slot. */
function isShareable(data: BoardPageData): data is SharedBoardData {
  const view = data.view;
  if (!view || view.role === "facilitator" || data.facilitation || view.discussing) return false;
  return !(view.board.phase === "collect" && view.open.some((t) => t.isMine));
}

/**
 * The data the fast path serves for this viewer: the root route's and the board route's
 * loader data, built by the loaders' own functions (tests compare it with the loaders'
 * answers). Throws the loaders' Responses (404 and the like).
 */
export function boardDocumentData(user: SessionUser | null, params: { slug: string; boardId?: string }) {
  return { root: rootData(user), page: boardPageData(user, params) };
}

export async function handleBoardDocumentRequest(request: BoardDocumentRequest): Promise<BoardDocumentOutcome> {
  if (!documentTemplatesEnabled()) return null;
  const user = await getSessionUserByCookie(request.cookie);
  if (!user) return null;
  // From here on synchronous: the data, its version and the template agree.
  let data: ReturnType<typeof boardDocumentData>;
  try {
    data = boardDocumentData(user, { slug: request.slug, boardId: request.boardId });
  } catch (error) {
    if (error instanceof Response) return null; // 404 and the like: Remix renders the page
    throw error;
  }
  const { root, page } = data;
  if (!isShareable(page)) return null;
  const version = `${databaseVersion()}|${boardSnapshotStamp(page.view.board.id)}`;
  // The header differs for creators (New event) and admins (Admin): each has its own template.
  const key = `board ${request.path} ${page.view.role} ${root.user?.canCreateEvents ? "creator" : "member"}${root.user?.isAdmin ? " admin" : ""}`;
  const template = documentTemplateFor(key, version);
  if (template) return { html: fillDocumentTemplate(template, request.nonce, data, boardSlots) };
  return shouldLearn(key, version) ? { learn: boardTemplateSpec(user, key, version) } : null;
}

/**
 * How a board template is learnt for `user`'s request. `rules` is a seam for tests only:
 * they pass a deliberately wrong field list to see the second-viewer check refuse it.
 */
export function boardTemplateSpec(
  user: SessionUser,
  key: string,
  version: string,
  rules: BoardFieldRules = BOARD_FIELD_RULES,
): TemplateSpec {
  return {
    name: boardTemplateHandle.sharedTemplate,
    key,
    version,
    neutralise: ({ root, page }) => ({
      root: blankRoot(root as RootData, rules.root),
      page: blankBoardPage(page as BoardPageData, rules.page),
    }),
    otherViewer: ({ root, page }) => ({
      root: rootData(madeUpViewer(user, (root as RootData).user?.canCreateEvents ?? false)),
      page: servedBy(otherViewersBoardPage(page as BoardPageData, rules.page)),
    }),
    ...boardSlots,
  };
}

/**
 * The made-up viewer as one the template serves: while topics are collected, people with
 * topics of their own are left to Remix (their edit forms), so the other viewer has none.
 */
function servedBy(other: BoardPageData): BoardPageData {
  if (other.view?.board.phase === "collect") for (const topic of other.view.open) delete topic.isMine;
  return other;
}

/**
 * A person who is not `user` in every way the header can show: another id, name, e-mail,
 * organisation. A SessionUser literal, so a field added to SessionUser needs a value here.
 * Only what the template's key depends on is kept: being an admin, creating events.
 */
function madeUpViewer(user: SessionUser, canCreateEvents: boolean): SessionUser {
  const unlike = <T,>(mine: T, first: T, second: T) => (mine === first ? second : first);
  return {
    id: unlike(user.id, -1, -2), // no such user: grants nothing found in the database
    email: unlike(user.email, "another.viewer@example.invalid", "a.viewer@example.invalid"),
    name: unlike(user.name, `Another <viewer> & "Ω"`, "A viewer"),
    organisationId: unlike(user.organisationId, -1, -2),
    organisationName: unlike(user.organisationName, `Another <organisation> & 'Co'`, "An organisation"),
    memberOrganisationId: unlike(user.memberOrganisationId, -1, -2),
    emailVerified: !user.emailVerified,
    jobRole: unlike(user.jobRole, "Another role", "A role"),
    isAdmin: user.isAdmin,
    mayCreateEvents: canCreateEvents,
    sessionId: "another-viewer",
  };
}
