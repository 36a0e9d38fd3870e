// Board pages filled in from the board's shared template (ADR 014) through the real server:
// each page must be byte for byte what Remix renders for that viewer (rendered here
// directly through the build's request handler with the same nonce), for many viewers and
// states; nothing of the viewer who taught the template reaches anyone else; a write is
// seen by the next request; and pages with personal parts outside the slots are left to Remix.
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { users } from "#db/schema";
import { getSessionUserByCookie } from "~/accounts/session.server";
import { boardDocumentData } from "~/board/template/board-document.server";
import { setPhase, updateBoardSettings } from "~/board/boards.server";
import { startTopic } from "~/board/discussion.server";
import { castVote } from "~/board/dot-votes.server";
import { boardRevision } from "~/board/live-channel.server";
import { BOARD_SNAPSHOT_TTL_MS } from "~/board/snapshot.server";
import { proposeTopic } from "~/board/topics.server";
import { clearDocumentTemplates, learnDocumentTemplate, type TemplateSpec } from "~/utils/document-template.server";
import { makeEvent, makeOrganisation, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { boardSettings, confirm, leanCoffee } from "./helpers";
import { waitFor } from "./sse-client";

const server = (await startTestServer()) as Awaited<ReturnType<typeof startTestServer>> & { build: ServerBuild };
const remix = createRequestHandler(server.build, "production");

/** The page as Remix renders it for this cookie, with the nonce the server's answer used. */
async function remixRendered(path: string, cookie: string, nonce: string) {
  const response = await remix(new Request(server.url + path, { headers: { cookie } }), { cspNonce: nonce, clientIp: "127.0.0.1" });
  return response.text();
}

async function page(path: string, cookie: string) {
  const response = await client(server.url, cookie).get(path);
  const html = await response.text();
  const nonce = /nonce="([^"]+)"/.exec(html)?.[1] ?? "";
  return {
    status: response.status,
    html,
    nonce,
    fromTemplate: response.headers.get("x-page-cache") === "template",
    type: response.headers.get("content-type"),
    csp: response.headers.get("content-security-policy") ?? "",
  };
}

/** The server's clock in the data is the only part that may differ (it is read per request). */
const sameClock = (html: string) => html.replace(/"serverNow":"[^"]+"/, '"serverNow":"…"');

/** Asks twice (the first answer may teach the template) and checks the answer is Remix's. */
async function expectSameAsRemix(path: string, cookie: string) {
  const served = await page(path, cookie);
  expect(served.status).toBe(200);
  expect(served.type).toBe("text/html; charset=utf-8");
  // The security headers of every page, with this response's own nonce.
  expect(served.csp).toContain(`'nonce-${served.nonce}'`);
  expect(sameClock(served.html)).toBe(sameClock(await remixRendered(path, cookie, served.nonce)));
  return served;
}

async function votingBoard(over: Parameters<typeof boardSettings>[0] = {}) {
  const world = await leanCoffee();
  updateBoardSettings(world.board.id, boardSettings(over), { id: world.organiser.id });
  const acme = makeOrganisation(`Acme <b>"Labs"</b> & 'Co' ${Date.now()}`);
  // A name and an organisation that need escaping, in markup and in the JSON.
  const zoe = await makeUser({ name: `Zoë <script>alert("x")</script> & 'Ω' \u2028`, organisationId: acme.id });
  const yan = await makeUser({ name: "Yan Nobody-Else-Has-This-Name", organisationId: null });
  confirm(zoe.id, world.event.id);
  confirm(yan.id, world.event.id);
  const topics = ["Pairing across companies", 'On-call <rotations> & "pages"', "Platform teams"].map((title, i) =>
    proposeTopic(world.board.id, { id: [world.alice.id, world.bob.id, zoe.id][i] }, { title }),
  );
  setPhase(world.board.id, "vote", { id: world.organiser.id });
  const cookies = {
    alice: await sessionCookieFor(world.alice.id),
    bob: await sessionCookieFor(world.bob.id),
    zoe: await sessionCookieFor(zoe.id),
    yan: await sessionCookieFor(yan.id),
    organiser: await sessionCookieFor(world.organiser.id),
    outsider: await sessionCookieFor(world.outsider.id),
  };
  return { ...world, zoe, yan, topics, cookies, path: `/events/${world.event.slug}/boards/${world.board.id}` };
}

describe("board pages from the shared template", () => {
  it("gives every attendee exactly the page Remix renders for them, from one template", async () => {
    clearDocumentTemplates();
    const w = await votingBoard();
    const [pairing, oncall, platform] = w.topics;
    castVote(w.board.id, pairing.id, { id: w.alice.id });
    castVote(w.board.id, pairing.id, { id: w.alice.id });
    castVote(w.board.id, oncall.id, { id: w.zoe.id });
    for (let i = 0; i < 3; i++) castVote(w.board.id, platform.id, { id: w.bob.id }); // Bob: all dots placed

    // The first request teaches the template (rendered by Remix), the others are filled in.
    const first = await expectSameAsRemix(w.path, w.cookies.yan);
    expect(first.fromTemplate).toBe(false);
    for (const who of ["alice", "bob", "zoe", "yan"] as const) {
      const served = await expectSameAsRemix(w.path, w.cookies[who]);
      expect(served.fromTemplate, who).toBe(true);
    }
    const bob = await page(w.path, w.cookies.bob);
    expect(bob.html).toContain("All your dots are placed");
    expect(bob.html).toContain("Your dots: 3");
    const zoe = await page(w.path, w.cookies.zoe);
    expect(zoe.html).toContain("Yours");
    expect(zoe.html).not.toContain('<script>alert("x")'); // escaped like React escapes it
    // The viewer who taught the template appears nowhere in anyone else's page.
    expect(zoe.html).not.toContain("Yan Nobody-Else-Has-This-Name");
    // The same path and role under /board (the event's first board) is a page of its own.
    const firstBoard = await expectSameAsRemix(`/events/${w.event.slug}/board`, w.cookies.alice);
    expect(firstBoard.html).toContain("Your dots: 2");
  });

  it("shows a write to the next request, never a stale page", async () => {
    clearDocumentTemplates();
    const w = await votingBoard();
    await expectSameAsRemix(w.path, w.cookies.alice);
    expect((await page(w.path, w.cookies.bob)).fromTemplate).toBe(true);

    castVote(w.board.id, w.topics[2].id, { id: w.bob.id });
    const afterVote = await expectSameAsRemix(w.path, w.cookies.alice);
    expect(afterVote.html).toContain("1 dot");
    // A change that publishes nothing (a rename) reaches the board view when its snapshot
    // expires: a template made from the old snapshot must not outlive it.
    getDb().update(users).set({ name: "Alice Renamed" }).where(eq(users.id, w.alice.id)).run();
    await expectSameAsRemix(w.path, w.cookies.bob);
    expect((await expectSameAsRemix(w.path, w.cookies.zoe)).fromTemplate).toBe(true);
    await new Promise((r) => setTimeout(r, BOARD_SNAPSHOT_TTL_MS + 50));
    const afterRename = await expectSameAsRemix(w.path, w.cookies.bob);
    expect(afterRename.html).toContain("by Alice Renamed");
    expect((await expectSameAsRemix(w.path, w.cookies.zoe)).fromTemplate).toBe(true);
  });

  it("answers 60 parallel requests of six people, while the template is being learnt, each with their own page", async () => {
    clearDocumentTemplates();
    const w = await votingBoard();
    castVote(w.board.id, w.topics[0].id, { id: w.alice.id });
    castVote(w.board.id, w.topics[1].id, { id: w.zoe.id });
    const who = ["alice", "bob", "zoe", "yan", "outsider", "organiser"] as const;
    const served = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        page(w.path, w.cookies[who[i % who.length]]).then((p) => ({ ...p, cookie: w.cookies[who[i % who.length]] })),
      ),
    );
    for (const p of served) {
      expect(p.status).toBe(200);
      expect(sameClock(p.html)).toBe(sameClock(await remixRendered(w.path, p.cookie, p.nonce)));
    }
    expect(served.filter((p) => p.fromTemplate).length).toBeGreaterThan(0);
  });

  it("covers hidden tallies, no stacking and read-only viewers", async () => {
    clearDocumentTemplates();
    const w = await votingBoard({ hideTallies: true, allowStacking: false });
    const vote = castVote(w.board.id, w.topics[0].id, { id: w.alice.id });
    // With hidden tallies the vote's frame follows within a window (ADR 016): compare the
    // pages once it is out, so the template and Remix render the same revision.
    await waitFor(() => boardRevision(w.board.id) === vote.live);
    for (const who of ["alice", "bob", "outsider", "alice", "outsider"] as const) await expectSameAsRemix(w.path, w.cookies[who]);
    expect((await page(w.path, w.cookies.outsider)).fromTemplate).toBe(true);
    const alice = await page(w.path, w.cookies.alice);
    expect(alice.html).toContain("Tally hidden until voting closes");
    expect(alice.html).toContain("Your dots: 1");
  });

  it("leaves pages with personal parts outside the slots to Remix", async () => {
    clearDocumentTemplates();
    const w = await votingBoard();
    // Facilitators: their tools.
    for (let i = 0; i < 2; i++) expect((await expectSameAsRemix(w.path, w.cookies.organiser)).fromTemplate).toBe(false);

    // Collecting topics: people without topics of their own share a page, authors don't.
    const collecting = await leanCoffee();
    const path = `/events/${collecting.event.slug}/boards/${collecting.board.id}`;
    proposeTopic(collecting.board.id, { id: collecting.alice.id }, { title: "Mine to edit" });
    const alice = await sessionCookieFor(collecting.alice.id);
    const bob = await sessionCookieFor(collecting.bob.id);
    for (let i = 0; i < 2; i++) {
      const served = await expectSameAsRemix(path, alice);
      expect(served.fromTemplate).toBe(false);
      expect(served.html).toContain("Save topic");
    }
    await expectSameAsRemix(path, bob);
    expect((await expectSameAsRemix(path, bob)).fromTemplate).toBe(true);

    // A topic under discussion: a running clock and one's Roman vote.
    setPhase(w.board.id, "discuss", { id: w.organiser.id });
    startTopic(w.board.id, w.topics[0].id, { id: w.organiser.id });
    for (let i = 0; i < 2; i++) expect((await page(w.path, w.cookies.bob)).fromTemplate).toBe(false);

    // Data requests and anything with a query string go to Remix.
    const data = await client(server.url, w.cookies.bob).get(`${w.path}?_data=routes%2Fevents.%24slug.boards.%24boardId`);
    expect(data.headers.get("content-type")).toMatch(/json/);
    expect(data.headers.get("x-page-cache")).toBeNull();
    // Signed out: nothing personal either way, but not this handler's job.
    expect((await client(server.url).get(w.path)).headers.get("x-page-cache")).toBeNull();
    // A board that is not this event's: Remix's 404.
    expect((await client(server.url, w.cookies.bob).get(`/events/${collecting.event.slug}/boards/${w.board.id}`)).status).toBe(404);
  });

  it("serves every page from Remix while DOCUMENT_TEMPLATES=off, and from templates again once it is on", async () => {
    clearDocumentTemplates();
    const w = await votingBoard();
    castVote(w.board.id, w.topics[0].id, { id: w.alice.id });
    process.env.DOCUMENT_TEMPLATES = "off";
    try {
      for (const who of ["alice", "bob", "zoe", "alice", "bob"] as const) {
        const served = await expectSameAsRemix(w.path, w.cookies[who]);
        expect(served.fromTemplate, who).toBe(false);
      }
      expect((await page(w.path, w.cookies.alice)).html).toContain("Your dots: 1");
    } finally {
      delete process.env.DOCUMENT_TEMPLATES;
    }
    await expectSameAsRemix(w.path, w.cookies.alice);
    expect((await expectSameAsRemix(w.path, w.cookies.bob)).fromTemplate).toBe(true);
  });

  it("builds exactly the data the routes' loaders return, for every kind of viewer", async () => {
    const w = await votingBoard({ hideTallies: true });
    const vote = castVote(w.board.id, w.topics[0].id, { id: w.alice.id });
    await waitFor(() => boardRevision(w.board.id) === vote.live); // the hidden tally's frame (ADR 016)
    // Someone who organises another event: the header's "New event" variant.
    const creator = await makeUser({ name: "Cora Creator" });
    makeEvent({ organiserIds: [creator.id] });
    const cookies = {
      anonymous: null,
      attendee: w.cookies.alice,
      "signed-in outsider": w.cookies.outsider,
      facilitator: w.cookies.organiser,
      "organiser of another event": await sessionCookieFor(creator.id),
    };
    const boards = [
      { path: w.path, route: "routes/events.$slug.boards.$boardId", params: { slug: w.event.slug, boardId: String(w.board.id) } },
      { path: `/events/${w.event.slug}/board`, route: "routes/events.$slug.board", params: { slug: w.event.slug } },
    ];
    const clock = (json: string) => json.replace(/"serverNow":"[^"]+"/, '"serverNow":"…"');
    for (const [who, cookie] of Object.entries(cookies)) {
      const user = cookie ? await getSessionUserByCookie(cookie) : null;
      for (const board of boards) {
        const built = boardDocumentData(user, board.params);
        const asked = async (route: string) =>
          (await client(server.url, cookie ?? undefined).get(`${board.path}?_data=${encodeURIComponent(route)}`)).text();
        expect(JSON.stringify(built.root), who).toBe(await asked("root"));
        expect(clock(JSON.stringify(built.page)), who).toBe(clock(await asked(board.route)));
      }
    }
    // The kinds of viewer above are really different pages.
    const role = async (cookie: string | null) =>
      boardDocumentData(cookie ? await getSessionUserByCookie(cookie) : null, boards[0].params).page.view?.role;
    expect(await Promise.all(Object.values(cookies).map(role))).toEqual(["viewer", "participant", "viewer", "facilitator", "viewer"]);
  });

  it("keeps no template whose shared part would carry a personal value", () => {
    clearDocumentTemplates();
    // A page that (wrongly) shows the name outside any slot: the template, rendered from
    // blanked data, filled for this viewer, differs from the real page, so it is not kept.
    // The same page without the name outside a slot is kept: the refusal is the leak's.
    const learn = (leaky: boolean) => {
      const loaderData = (name: string) => ({ root: { name }, "routes/leaky": {} });
      const handoff = (name: string) =>
        JSON.stringify({
          basename: "/",
          future: {},
          isSpaMode: false,
          state: { loaderData: loaderData(name), actionData: null, errors: null },
        });
      const render = (name: string, handoffString: string) =>
        `<p>${leaky ? name : ""}</p><script>window.__remixContext = ${handoffString};</script>`;
      const spec: TemplateSpec = {
        name: "leaky",
        key: `leaky page ${leaky}`,
        version: "1",
        neutralise: () => ({ root: { name: "" }, page: {} }),
        otherViewer: () => ({ root: { name: "Bob" }, page: {} }),
        slotKey: () => "",
        renderSlot: () => "",
      };
      const context = {
        serverHandoffString: handoff("Alice"),
        staticHandlerContext: { loaderData: loaderData("Alice"), matches: [{ route: { id: "root" } }, { route: { id: "routes/leaky" } }] },
        routeModules: { "routes/leaky": { handle: { sharedTemplate: "leaky" } } },
      } as never;
      return learnDocumentTemplate(spec, context, render("Alice", handoff("Alice")), "n0nce", (c, as) =>
        render(as === "template" ? "" : (c.staticHandlerContext.loaderData.root as { name: string }).name, c.serverHandoffString ?? ""),
      );
    };
    expect(learn(true)).toBe(false);
    expect(learn(false)).toBe(true);
  });
});
