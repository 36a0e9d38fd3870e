// What of a board page's data is the same for everyone a board template serves, and what
// is the viewer's own (ADR 023). The template's data is built from these lists only; a
// field added to the page data, the board view, a topic or the header's user without a
// line here fails the build (FieldRules is exhaustive).
//
// Shared means: the same for every viewer with the template's key (path, role, header
// variant) at the template's data version. Personal fields are blanked in the template and
// must be rendered inside a <PersonalSlot>; `other` gives the second viewer, made up for
// the check every template passes before it is kept, a value different from the first's.
import type { HeaderUser, rootData } from "~/accounts/header-user.server";
import type { BoardPageData, PageTopic, PageView } from "~/board/board-route.server";
import { blankedFields, blankOnly, fieldsOf, listOf, otherViewersFields, personal, type FieldRules } from "~/utils/template-fields";

export type RootData = ReturnType<typeof rootData>;

export const TOPIC_FIELDS: FieldRules<PageTopic> = {
  id: "shared",
  title: "shared",
  description: "shared",
  authorName: "shared",
  /** Hidden tallies are null for attendees and not for facilitators: the role is in the key. */
  votes: "shared",
  myVotes: personal(0, (mine) => (mine > 0 ? 0 : 1)),
  isMine: personal(undefined, (mine) => (mine ? undefined : true)),
  carriedFrom: "shared",
  timerEndsAt: "shared",
  extensions: "shared",
  discussedSeconds: "shared",
  noteId: "shared",
};

export const VIEW_FIELDS: FieldRules<PageView> = {
  board: "shared",
  role: "shared",
  canRecordTakeaways: "shared",
  talliesVisible: "shared",
  dotsLeft: personal(0, (left) => (left > 0 ? left - 1 : 1)),
  open: listOf(TOPIC_FIELDS),
  discussing: fieldsOf(TOPIC_FIELDS),
  discussed: listOf(TOPIC_FIELDS),
  carriedOverCount: "shared",
  /** One's own Roman vote; only while a topic is discussed, and such pages are not shared. */
  roman: personal(null, () => null),
  /** The clock of the request; shown only by a running timer, and such pages are not shared. */
  serverNow: "shared",
  live: "shared",
};

export const BOARD_PAGE_FIELDS: FieldRules<BoardPageData> = {
  view: fieldsOf(VIEW_FIELDS),
  event: "shared",
  boards: "shared",
  canCreateBoard: "shared",
  signedIn: "shared",
  /** Null for everyone a template serves: templates serve signed-in people; guests' pages are Remix's (ADR 025). */
  guestName: "shared",
  guestsWelcome: "shared",
  /** Facilitators' tools; their pages are not shared. */
  facilitation: personal(null, () => null),
};

/** The header's user. The second viewer's header is rootData() of a made-up person. */
export const HEADER_USER_FIELDS: FieldRules<HeaderUser> = {
  id: blankOnly(0),
  name: blankOnly(""),
  email: blankOnly(""),
  organisationName: blankOnly(null),
  /** The header's variant (Admin, New event links) is part of the template's key. */
  isAdmin: "shared",
  canCreateEvents: "shared",
};

/** The root route's data: the header. */
export const ROOT_FIELDS: FieldRules<RootData> = { user: fieldsOf(HEADER_USER_FIELDS) };

export type BoardFieldRules = { root: FieldRules<RootData>; page: FieldRules<BoardPageData> };
export const BOARD_FIELD_RULES: BoardFieldRules = { root: ROOT_FIELDS, page: BOARD_PAGE_FIELDS };

export const blankRoot = (root: RootData, rules: FieldRules<RootData>) => blankedFields(root, rules);
export const blankBoardPage = (page: BoardPageData, rules: FieldRules<BoardPageData>) => blankedFields(page, rules);
export const otherViewersBoardPage = (page: BoardPageData, rules: FieldRules<BoardPageData>) => otherViewersFields(page, rules);
