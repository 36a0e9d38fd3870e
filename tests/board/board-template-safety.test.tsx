// A board template is safe by construction (ADR 023): its data is built from a typed,
// exhaustive list of fields, and it is kept only when, filled in, it gives Remix's own
// page both for the viewer who taught it and for a made-up second viewer. Here a fixture
// page (the board's real slot components, plus one personal value shown outside any
// slot) is learnt with the board's real spec and the real loaders' data: every leak is
// refused, with the right reason, even when the field list is wrong; without the leak the
// same page is kept and then serves another attendee exactly their own page.
import type { EntryContext } from "@remix-run/node";
import { escapeHtml } from "@remix-run/server-runtime/dist/markup.js";
import { renderToString } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { HeaderUser } from "~/accounts/header-user.server";
import { getSessionUserByCookie, type SessionUser } from "~/accounts/session.server";
import { AccountLabel } from "~/accounts/ui/account-label";
import type { PageView } from "~/board/board-route.server";
import { setPhase, updateBoardSettings } from "~/board/boards.server";
import { castVote } from "~/board/dot-votes.server";
import { proposeTopic } from "~/board/topics.server";
import { boardDocumentData, boardTemplateSpec } from "~/board/template/board-document.server";
import {
  BOARD_FIELD_RULES,
  BOARD_PAGE_FIELDS,
  HEADER_USER_FIELDS,
  ROOT_FIELDS,
  VIEW_FIELDS,
  type BoardFieldRules,
  type RootData,
} from "~/board/template/board-fields";
import { boardTemplateHandle } from "~/board/template/handle";
import { canAddDot, DotsLeft, TopicHeading, VoteControls } from "~/board/ui/topic-card";
import { initialOverrides, mergeBoardView } from "~/board/ui/votes";
import { PersonalSlot, SlotMarkerContext } from "~/components/personal-slot";
import {
  clearDocumentTemplates,
  documentTemplateFor,
  fillDocumentTemplate,
  learnDocumentTemplate,
  slotMarker,
  type PageData,
} from "~/utils/document-template.server";
import { blankOnly, fieldsOf, type FieldRules } from "~/utils/template-fields";
import { makeOrganisation, makeUser } from "../helpers/factories";
import { sessionCookieFor } from "../helpers/server";
import { boardSettings, confirm, leanCoffee } from "./helpers";

const ROUTE = "routes/fixture-board";
type Page = ReturnType<typeof boardDocumentData>["page"];
/** What the fixture shows outside every slot. */
type Leak = (root: RootData, view: NonNullable<Page["view"]>) => string;

function FixturePage({ root, page, leak }: { root: RootData; page: Page; leak?: Leak }) {
  const view = mergeBoardView(page.view!, initialOverrides());
  return (
    <div>
      {root.user ? <AccountLabel name={root.user.name} organisationName={root.user.organisationName} /> : null}
      <PersonalSlot name="dots-left">
        <DotsLeft dotsLeft={view.dotsLeft} dotsUsed={view.dotsUsed} total={view.board.votesPerPerson} />
      </PersonalSlot>
      {view.open.map((topic) => (
        <article key={topic.id}>
          <PersonalSlot name={`head:${topic.id}`}>
            <TopicHeading title={topic.title} isMine={Boolean(topic.isMine)} />
          </PersonalSlot>
          <p>{topic.description}</p>
          <PersonalSlot name={`vote:${topic.id}`}>
            <VoteControls
              topic={topic}
              myVotes={topic.myVotes}
              canAdd={canAddDot(view.dotsLeft, view.board.allowStacking, topic.myVotes)}
            />
          </PersonalSlot>
        </article>
      ))}
      {leak ? <p>{leak(root, page.view!)}</p> : null}
    </div>
  );
}

const handoffOf = (loaderData: Record<string, unknown>) =>
  escapeHtml(JSON.stringify({ basename: "/", future: {}, isSpaMode: false, state: { loaderData, actionData: null, errors: null } }));

/** A Remix entry context for the fixture route, as Remix hands it to entry.server.tsx. */
function contextFor(data: PageData) {
  const loaderData = { root: data.root, [ROUTE]: data.page };
  return {
    serverHandoffString: handoffOf(loaderData),
    staticHandlerContext: { loaderData, matches: [{ route: { id: "root" } }, { route: { id: ROUTE } }] },
    routeModules: { [ROUTE]: { handle: boardTemplateHandle } },
  } as unknown as EntryContext;
}

/** Renders the fixture like entry.server.tsx renders a page: as the page, or as a template. */
const renderFixture = (leak?: Leak) => (context: EntryContext, as: "template" | "page") => {
  const loaderData = context.staticHandlerContext.loaderData;
  const body = renderToString(
    <SlotMarkerContext.Provider value={as === "template" ? slotMarker : null}>
      <FixturePage root={loaderData.root as RootData} page={loaderData[ROUTE] as Page} leak={leak} />
    </SlotMarkerContext.Provider>,
  );
  return `<!DOCTYPE html>${body}<script>window.__remixContext = ${context.serverHandoffString};</script>`;
};

/** The page data as the fast path builds it for this person, as it arrives in JSON. */
async function dataOf(user: SessionUser, world: { event: { slug: string }; board: { id: number } }): Promise<PageData> {
  return JSON.parse(JSON.stringify(boardDocumentData(user, { slug: world.event.slug, boardId: String(world.board.id) })));
}

const sessionUser = async (id: number) => (await getSessionUserByCookie(await sessionCookieFor(id)))!;

/** A board in its vote phase: Alice has one dot placed, Bob all three, Zoë (another organisation) proposed a topic. */
async function votingBoard() {
  const world = await leanCoffee();
  updateBoardSettings(world.board.id, boardSettings(), { id: world.organiser.id });
  const zoe = await makeUser({ name: "Zoë Other", organisationId: makeOrganisation(`Zoë's <Org> ${Date.now()}`).id });
  confirm(zoe.id, world.event.id);
  const topics = ["Pairing", "On-call", "Platform teams"].map((title, i) =>
    proposeTopic(world.board.id, { id: [world.alice.id, world.alice.id, zoe.id][i] }, { title, description: `About ${title}` }),
  );
  setPhase(world.board.id, "vote", { id: world.organiser.id });
  castVote(world.board.id, topics[0].id, { id: world.alice.id });
  for (let i = 0; i < 3; i++) castVote(world.board.id, topics[2].id, { id: world.bob.id });
  return {
    ...world,
    zoe,
    topics,
    people: { alice: await sessionUser(world.alice.id), bob: await sessionUser(world.bob.id), zoe: await sessionUser(zoe.id) },
  };
}

let keys = 0;
/** Learns the fixture page from `learner`'s data with the board's spec; returns whether it was kept, and why not. */
function learn(learner: SessionUser, data: PageData, leak?: Leak, rules?: BoardFieldRules) {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  const key = `fixture ${++keys}`;
  const context = contextFor(data);
  const render = renderFixture(leak);
  const kept = learnDocumentTemplate(boardTemplateSpec(learner, key, "v1", rules), context, render(context, "page"), "n0nce", render);
  const reason = warn.mock.calls.map((call) => String(call[0])).join("\n");
  warn.mockRestore();
  return { kept, reason, key };
}

afterEach(() => clearDocumentTemplates());

describe("a board template with a personal value outside its slots", () => {
  it("is kept without the leak, and then gives another attendee exactly their own page", async () => {
    const w = await votingBoard();
    const learnt = learn(w.people.bob, await dataOf(w.people.bob, w));
    expect(learnt).toEqual({ kept: true, reason: "", key: learnt.key });
    const template = documentTemplateFor(learnt.key, "v1")!;
    const alice = await dataOf(w.people.alice, w);
    const filled = fillDocumentTemplate(template, "n0nce", alice, boardTemplateSpec(w.people.alice, learnt.key, "v1")).toString();
    expect(filled).toBe(renderFixture()(contextFor(alice), "page"));
    expect(filled).toContain("Alice Attendee");
    expect(filled).toContain("2 of 3 dots left");
    expect(filled).not.toContain("Bob Attendee");
  });

  it("is refused when the viewer's name shows outside a slot", async () => {
    const w = await votingBoard();
    const learnt = learn(w.people.alice, await dataOf(w.people.alice, w), (root) => `Hello ${root.user?.name}`);
    expect(learnt.kept).toBe(false);
    expect(learnt.reason).toContain("differs from the page rendered for its viewer");
  });

  it("is refused by the second viewer when the field list wrongly calls the organisation shared", async () => {
    const w = await votingBoard();
    const wrong: BoardFieldRules = {
      ...BOARD_FIELD_RULES,
      root: { user: fieldsOf<HeaderUser>({ ...HEADER_USER_FIELDS, organisationName: "shared" }) },
    };
    const showOrganisation: Leak = (root) => `From ${root.user?.organisationName}`;
    // The learner's own page agrees with the template (the list kept Zoë's organisation in
    // it); the made-up viewer, whose header the root loader's function builds, does not.
    const learnt = learn(w.people.zoe, await dataOf(w.people.zoe, w), showOrganisation, wrong);
    expect(learnt.kept).toBe(false);
    expect(learnt.reason).toContain("differs from the page Remix renders for another viewer");
    // Without the leak, the same wrong list is harmless: the organisation shows only in its slot.
    expect(learn(w.people.zoe, await dataOf(w.people.zoe, w), undefined, wrong).kept).toBe(true);
  });

  it("is refused by the second viewer when the learner's personal value happens to equal the blank", async () => {
    const w = await votingBoard();
    // Bob has no dot left (0, the blank) and no topic of his own (none, the blank): his own
    // page agrees with the template; another viewer's dots and topics do not.
    const dotsLeft: Leak = (_root, view) => `${view.dotsLeft} left`;
    const ownTopics: Leak = (_root, view) => `${view.open.filter((t) => t.isMine).length} topics of yours`;
    for (const leak of [dotsLeft, ownTopics]) {
      const learnt = learn(w.people.bob, await dataOf(w.people.bob, w), leak);
      expect(learnt.kept).toBe(false);
      expect(learnt.reason).toContain("differs from the page Remix renders for another viewer");
    }
    // Alice's values differ from the blanks: her own page already refuses it.
    const alice = learn(w.people.alice, await dataOf(w.people.alice, w), dotsLeft);
    expect(alice.reason).toContain("differs from the page rendered for its viewer");
  });
});

describe("a board template that cannot be learnt", () => {
  it("is not kept, and learning it does not throw into the viewer's page", async () => {
    const w = await votingBoard();
    // A rule without a second viewer's value where the page data needs one.
    const broken: BoardFieldRules = { ...BOARD_FIELD_RULES, page: { ...BOARD_PAGE_FIELDS, signedIn: blankOnly(false) } };
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const learnt = learn(w.people.alice, await dataOf(w.people.alice, w), undefined, broken);
    expect(learnt.kept).toBe(false);
    expect(String(error.mock.calls[0]?.[0])).toContain("could not be learnt");
    error.mockRestore();
  });
});

describe("the field lists", () => {
  it("name every field of the board view, a topic and the header's user, and nothing else", () => {
    // Type checks (tsc runs over the tests): a field without a rule, or a rule for no field, does not compile.
    // @ts-expect-error a personal field added to the header's user needs a rule
    const withAvatar: FieldRules<HeaderUser & { avatarUrl: string }> = HEADER_USER_FIELDS;
    // @ts-expect-error data added to the root route needs a rule
    const withTheme: FieldRules<RootData & { theme: string }> = ROOT_FIELDS;
    // @ts-expect-error a flag added to the board view needs a rule
    const withFlag: FieldRules<PageView & { youFacilitated: boolean }> = VIEW_FIELDS;
    // @ts-expect-error a rule for a field that does not exist
    const extra: FieldRules<{ a: number }> = { a: "shared", b: "shared" };
    expect([withAvatar, withTheme, withFlag, extra].length).toBe(4);
    // At run time the lists are what the template's data is built from: exactly the fields.
    expect(Object.keys(VIEW_FIELDS).sort()).toEqual(
      [
        "board",
        "role",
        "canRecordTakeaways",
        "talliesVisible",
        "dotsLeft",
        "open",
        "discussing",
        "discussed",
        "carriedOverCount",
        "roman",
        "serverNow",
        "live",
      ].sort(),
    );
  });
});
