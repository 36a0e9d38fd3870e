// The board template's personal slots (ADR 014): "account" (the header's name),
// "dots-left", "head:<topic id>" and "vote:<topic id>", rendered per viewer by the same
// components as the page.
import { renderToString } from "react-dom/server";
import { AccountLabel } from "~/accounts/ui/account-label";
import type { BoardPageData, PageTopic } from "~/board/board-route.server";
import type { RootData } from "~/board/template/board-fields";
import { canAddDot, DotsLeft, TopicHeading, VoteControls } from "~/board/ui/topic-card";
import { initialOverrides, mergeBoardView } from "~/board/ui/votes";
import type { PageData, TemplateSpec } from "~/utils/document-template.server";

type SharedBoardData = BoardPageData & { view: NonNullable<BoardPageData["view"]> };

/**
 * A slot's key holds everything its markup depends on for one viewer (a topic's title is
 * part of the template, so the id stands for it).
 */
function slotKey(name: string, data: PageData): string {
  const slot = describeSlot(name, data);
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
function renderSlot(name: string, data: PageData): string {
  const slot = describeSlot(name, data);
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

export const boardSlots: Pick<TemplateSpec, "slotKey" | "renderSlot"> = { slotKey, renderSlot };

/** What slot `name` shows for this viewer: the props of its component. */
function describeSlot(name: string, data: PageData) {
  const colon = name.indexOf(":");
  const kind = colon < 0 ? name : name.slice(0, colon);
  if (kind === "account") return { kind, user: (data.root as RootData).user } as const;
  const { view, topics } = firstPassView(data);
  if (kind === "dots-left") return { kind, dotsLeft: view.dotsLeft, dotsUsed: view.dotsUsed, total: view.board.votesPerPerson } as const;
  const topic = topics.get(Number(name.slice(colon + 1)));
  if (!topic) throw new Error(`board template: no topic for slot ${name}`);
  if (kind === "head") return { kind, topic } as const;
  if (kind === "vote") return { kind, topic, canAdd: canAddDot(view.dotsLeft, view.board.allowStacking, topic.myVotes) } as const;
  throw new Error(`board template: unknown slot ${name}`);
}

const firstPass = new WeakMap<PageData, { view: ReturnType<typeof mergeView>; topics: Map<number, PageTopic> }>();
const mergeView = (data: PageData) => mergeBoardView((data.page as SharedBoardData).view, initialOverrides());

/** The view as the page renders it on its first pass (no live overrides yet), once per request. */
function firstPassView(data: PageData) {
  let found = firstPass.get(data);
  if (!found) {
    const view = mergeView(data);
    found = { view, topics: new Map([...view.open, ...view.discussed].map((t) => [t.id, t])) };
    firstPass.set(data, found);
  }
  return found;
}
