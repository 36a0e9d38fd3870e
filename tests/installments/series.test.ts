// Series pages (issue 14.5) through the real server: the installments in order with
// partners and attendance as numbers (no attendee named), drafts only for their
// organisers, discussed topics with dots (never from a board still hiding its tallies)
// and how often each came back, the sessions held, and the series' notes exactly as the
// archive's search shows them to each viewer (content and counts).
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { events, topics } from "#db/schema";
import { createBoard, listBoards, setPhase, updateBoardSettings } from "~/board/boards.server";
import { finishTopic, startTopic } from "~/board/discussion.server";
import { castVote } from "~/board/dot-votes.server";
import { proposeTopic } from "~/board/topics.server";
import { copyEventAsNextInstallment } from "~/events/next-installment.server";
import { nextInstallmentSchema } from "~/events/next-installment-schema";
import { seriesSlug } from "~/events/series";
import { createNote } from "~/notes/create-note.server";
import { makeOrganisation, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { addRoomsAndSlots, asActor, confirm, dayFromNow, editForm, makeDayEvent, placedSession } from "./helpers";

const server = await startTestServer();
const anonymous = client(server.url);
const signedIn = async (user: { id: number }) => client(server.url, await sessionCookieFor(user.id));
const page = async (as: ReturnType<typeof client>, path: string) => {
  const response = await as.get(path);
  expect(response.status).toBe(200);
  // Without React's text separators, so sentences read as they show.
  return (await response.text()).replace(/<!-- -->/g, "");
};

/** Note titles in a page's result list, in order. */
const noteTitles = (html: string) => [...html.matchAll(/<a href="\/notes\/\d+"[^>]*>(.*?)<\/a>/g)].map((m) => m[1]);
/** The table row of the topics table that names `title`. */
const topicRow = (html: string, title: string) => html.match(new RegExp(`<tr[^>]*><th scope="row"[^>]*>${title}</th>.*?</tr>`))?.[0] ?? "";

let n = 0;
/**
 * A series of two installments: a past Lean Coffee (partners Kappa and Lambda, three
 * checked-in attendees, a board with a discussed topic and an undiscussed one carried into
 * the next installment) and an upcoming unconference copied from it, with a placed session.
 */
async function makeSeries() {
  const tag = `${++n}`;
  const name = `Kappa × Lambda ${tag}`;
  // Membership is proven by a verified address on the organisation's domain (ADR 018).
  const kappa = makeOrganisation(`Kappa ${tag}`, `kappa-${tag}-${process.pid}.example`);
  const lambda = makeOrganisation(`Lambda ${tag}`);
  const { event: first, organiser } = await makeDayEvent({
    day: dayFromNow(-20),
    overrides: { title: `Lean Coffee ${tag}`, series: name, format: "mixed", partnerIds: [kappa.id, lambda.id] },
  });
  const org = asActor(organiser);
  const attendees = [
    await makeUser({ name: `Ada Attendee ${tag}`, organisationId: kappa.id }),
    await makeUser({ name: `Bo Attendee ${tag}`, organisationId: kappa.id }),
    await makeUser({ name: `Cy Attendee ${tag}`, organisationId: lambda.id }),
  ];
  for (const a of attendees) confirm(first.id, a.id, { checkedInAt: first.startsAt });
  const board = createBoard(first.id, org, "Lean Coffee");
  const discussed = proposeTopic(board.id, org, { title: `Testing in production ${tag}` });
  const carried = proposeTopic(board.id, org, { title: `Hiring juniors ${tag}` });
  setPhase(board.id, "vote", org);
  castVote(board.id, discussed.id, asActor(attendees[0]));
  castVote(board.id, discussed.id, asActor(attendees[1]));
  castVote(board.id, carried.id, asActor(attendees[2]));
  setPhase(board.id, "discuss", org);
  startTopic(board.id, discussed.id, org);
  finishTopic(board.id, discussed.id, org);

  // The second installment: the real copy, carrying "Hiring juniors" over; then published.
  const draft = copyEventAsNextInstallment(
    first,
    nextInstallmentSchema.parse({ startsOn: dayFromNow(30), title: `Unconference ${tag}`, carryTopics: true }),
    org,
  );
  const editor = await signedIn(organiser);
  expect((await editor.post(`/events/${draft.slug}/edit`, editForm(draft, { status: "published", format: "unconference" }))).status).toBe(
    302,
  );
  const second = getDb().select().from(events).where(eq(events.id, draft.id)).get()!;
  const [newBoard] = listBoards(second.id);
  const guest = await makeUser({ name: `Dee Guest ${tag}`, organisationId: lambda.id });
  confirm(second.id, guest.id);
  setPhase(newBoard.id, "vote", org);
  const { rooms, slots } = addRoomsAndSlots(second, organiser);
  await placedSession(second, organiser, rooms.hall.id, slots.ten.id, `Paved roads ${tag}`);
  return {
    name,
    slug: seriesSlug(name)!,
    first,
    second,
    organiser,
    attendees,
    guest,
    kappa,
    lambda,
    board,
    newBoard,
    discussed,
    carried,
    tag,
  };
}

describe("series pages", () => {
  it("list the installments in order with partners and attendance as numbers, never names; linked from the home page and each event", async () => {
    const s = await makeSeries();
    expect(s.slug).toBe(`kappa-lambda-${s.tag}`);
    const html = await page(anonymous, `/series/${s.slug}`);
    expect(html).toContain(`<h1`);
    expect(html).toContain(s.name.replace("×", "×"));
    const first = html.indexOf(`Lean Coffee ${s.tag}</a>`);
    const second = html.indexOf(`Unconference ${s.tag}</a>`);
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(html).toContain(`Partners: Kappa ${s.tag}, Lambda ${s.tag}`);
    expect(html).toContain("3 confirmed attendees, 3 checked in");
    expect(html).toContain("2 confirmed attendees");
    for (const person of [...s.attendees, s.guest]) expect(html).not.toContain(person.name);

    expect(await page(anonymous, "/")).toContain(`href="/series/${s.slug}"`);
    expect(await page(anonymous, `/events/${s.first.slug}`)).toContain(`href="/series/${s.slug}"`);
  });

  it("draw attendance per installment and organisation as an SVG image with a text alternative", async () => {
    const s = await makeSeries();
    const html = await page(anonymous, `/series/${s.slug}`);
    const svg = html.match(/<svg role="img"[^]*?<\/svg>/)?.[0] ?? "";
    expect(svg).toContain("Confirmed attendees per installment, by organisation");
    expect(svg).toContain(`Lean Coffee ${s.tag}: 3 confirmed (Kappa ${s.tag} 2, Lambda ${s.tag} 1)`);
    expect(svg).toContain(`Unconference ${s.tag}: 2 confirmed (Lambda ${s.tag} 1, No organisation 1)`);
    // One bar segment per installment and organisation: Kappa and Lambda, then Lambda and none.
    expect(svg.match(/<rect /g)).toHaveLength(4);
    expect(html).toContain("Attendance per installment and organisation");
    expect(html).toMatch(
      new RegExp(
        `<th scope="row"[^>]*>Lean Coffee ${s.tag}</th><td[^>]*>3</td><td[^>]*>3</td><td[^>]*>Kappa ${s.tag}: 2, Lambda ${s.tag}: 1</td>`,
      ),
    );
  });

  it("show discussed topics with their dots and how often they came back, never dots of a board still hiding its tallies", async () => {
    const s = await makeSeries();
    const org = asActor(s.organiser);
    // On the second board, the carried topic is discussed: it came back once.
    const carriedCopy = getDb()
      .select({ id: topics.id })
      .from(topics)
      .where(and(eq(topics.boardId, s.newBoard.id), eq(topics.carriedFromId, s.carried.id)))
      .get()!;
    castVote(s.newBoard.id, carriedCopy.id, asActor(s.guest));
    setPhase(s.newBoard.id, "discuss", org);
    startTopic(s.newBoard.id, carriedCopy.id, org);
    finishTopic(s.newBoard.id, carriedCopy.id, org);

    let html = await page(anonymous, `/series/${s.slug}`);
    const firstRow = topicRow(html, `Testing in production ${s.tag}`);
    expect(firstRow).toContain(`Lean Coffee ${s.tag}`);
    expect(firstRow).toMatch(/<td[^>]*>2<\/td>/);
    expect(firstRow).toContain("First time");
    const cameBack = topicRow(html, `Hiring juniors ${s.tag}`);
    expect(cameBack).toContain(`Unconference ${s.tag}`);
    expect(cameBack).toMatch(/<td[^>]*>1<\/td>/);
    expect(cameBack).toContain("Came back once");

    // The board hides its tallies and goes back to voting: its counts disappear from the page.
    updateBoardSettings(
      s.newBoard.id,
      {
        title: "Lean Coffee",
        votesPerPerson: 3,
        allowStacking: true,
        hideTallies: true,
        timeboxMinutes: 8,
        extensionMinutes: 4,
        takeawaysBy: "facilitator",
      },
      org,
    );
    setPhase(s.newBoard.id, "vote", org);
    html = await page(anonymous, `/series/${s.slug}`);
    const hidden = topicRow(html, `Hiring juniors ${s.tag}`);
    expect(hidden).toContain(">hidden<");
    expect(hidden).not.toMatch(/<td[^>]*>\d+<\/td>/);
  });

  it("list the sessions held", async () => {
    const s = await makeSeries();
    const html = await page(anonymous, `/series/${s.slug}`);
    expect(html).toMatch(new RegExp(`href="/events/${s.second.slug}/sessions/\\d+">Paved roads ${s.tag}</a>`));
    expect(html).toContain("Main hall");
  });

  it("hide drafts from everyone but their organisers, and answer 404 when nothing is left to see", async () => {
    const s = await makeSeries();
    const draft = copyEventAsNextInstallment(
      s.second,
      nextInstallmentSchema.parse({ startsOn: dayFromNow(90), title: `Secret part 3 ${s.tag}` }),
      asActor(s.organiser),
    );
    expect(draft.status).toBe("draft");
    expect(await page(anonymous, `/series/${s.slug}`)).not.toContain(`Secret part 3 ${s.tag}`);
    expect(await page(await signedIn(s.attendees[0]), `/series/${s.slug}`)).not.toContain(`Secret part 3 ${s.tag}`);
    expect(await page(await signedIn(s.organiser), `/series/${s.slug}`)).toContain(`Secret part 3 ${s.tag}`);

    const { event: lonely } = await makeDayEvent({ day: dayFromNow(40), overrides: { series: `Only drafts ${s.tag}`, status: "draft" } });
    expect((await anonymous.get(`/series/${seriesSlug(lonely.series)}`)).status).toBe(404);
    expect((await anonymous.get("/series/no-such-series")).status).toBe(404);
    expect(await page(anonymous, "/")).not.toContain(`/series/${seriesSlug(lonely.series)}`);
  });

  it("show the notes each viewer may read, exactly as the archive's search does, in content and counts", async () => {
    const s = await makeSeries();
    const author = s.organiser;
    for (const [visibility, title] of [
      ["public", `Public takeaways ${s.tag}`],
      ["attendees", `Attendees only ${s.tag}`],
      ["partners", `Partners only ${s.tag}`],
    ] as const) {
      createNote({ eventId: s.first.id, title, body: "What we learned.", visibility, authorIds: [author.id] });
    }
    const outsiderOrg = makeOrganisation(`Outsiders ${s.tag}`);
    const attendeeElsewhere = await makeUser({ name: `Eve Elsewhere ${s.tag}`, organisationId: outsiderOrg.id });
    confirm(s.first.id, attendeeElsewhere.id);
    const partnerMember = await makeUser({ name: `Pat Partner ${s.tag}`, email: `pat-${s.tag}@kappa-${s.tag}-${process.pid}.example` });
    const outsider = await makeUser({ name: `Olli Outsider ${s.tag}`, organisationId: outsiderOrg.id });
    const archive = `/notes?${new URLSearchParams({ series: s.name })}`;

    const expected: [string, ReturnType<typeof client>, string[]][] = [
      ["anonymous", anonymous, [`Public takeaways ${s.tag}`]],
      ["outsider", await signedIn(outsider), [`Public takeaways ${s.tag}`]],
      ["attendee", await signedIn(attendeeElsewhere), [`Attendees only ${s.tag}`, `Public takeaways ${s.tag}`]],
      ["partner member", await signedIn(partnerMember), [`Partners only ${s.tag}`, `Public takeaways ${s.tag}`]],
      // Also the attendees-only notes page placing a session made on the second installment.
      [
        "organiser",
        await signedIn(s.organiser),
        [`Partners only ${s.tag}`, `Attendees only ${s.tag}`, `Public takeaways ${s.tag}`, `Paved roads ${s.tag}`],
      ],
    ];
    for (const [role, viewer, titles] of expected) {
      const html = await page(viewer, `/series/${s.slug}`);
      expect(noteTitles(html), `${role}: ${noteTitles(html).join(" | ")}`).toEqual(titles);
      expect(html, role).toContain(`${titles.length} note${titles.length === 1 ? "" : "s"} from this series.`);
      for (const hidden of [`Attendees only ${s.tag}`, `Partners only ${s.tag}`].filter((t) => !titles.includes(t))) {
        expect(html, role).not.toContain(hidden);
      }
      // The same notes as the archive's own search, pre-filtered to the series.
      expect(noteTitles(await page(viewer, archive)), role).toEqual(titles);
    }
    const html = await page(anonymous, `/series/${s.slug}`);
    expect(html).toContain('action="/notes"');
    expect(html).toContain(`<input type="hidden" name="series" value="${s.name}"/>`);
    expect(html).toContain("Search the notes of this series");
  });

  it("treat names that differ only in case and punctuation as one series", async () => {
    await makeDayEvent({ day: dayFromNow(45), overrides: { title: "Mu first", series: "Mu × Nu" } });
    await makeDayEvent({ day: dayFromNow(75), overrides: { title: "Mu second", series: "MU - nu" } });
    expect(seriesSlug("Mu × Nu")).toBe("mu-nu");
    expect(seriesSlug("MU - nu")).toBe("mu-nu");
    const html = await page(anonymous, "/series/mu-nu");
    expect(html).toContain("Mu first");
    expect(html).toContain("Mu second");
    expect(html).toContain("A series of 2 installments.");
    // Spelling advice is for the series' organisers only.
    expect(html).not.toContain("spell the series in");
  });
});
