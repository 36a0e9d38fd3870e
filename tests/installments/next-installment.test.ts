// "Copy as next installment" (issue 14.4), as the domain function and through the real
// route: who may copy (organisers of that event, admins; 403 for an organiser of another
// event), what the draft takes along, slots that keep their wall-clock times in the
// event's zone across a daylight-saving change, carrying undiscussed topics with their
// history (or not), and bad input: a field message, a 4xx, nothing written.
import { and, asc, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, boards, eventOrganisers, events, rooms, slots, topics, votes, type Event } from "#db/schema";
import { createBoard, setPhase, updateBoardSettings } from "~/board/boards.server";
import { carryOverTopics } from "~/board/carry-over.server";
import { finishTopic, startTopic } from "~/board/discussion.server";
import { castVote } from "~/board/dot-votes.server";
import { proposeTopic } from "~/board/topics.server";
import { getPartners } from "~/events/events.server";
import { COPY_STEPS, copyEventAsNextInstallment } from "~/events/next-installment.server";
import { nextInstallmentSchema } from "~/events/next-installment-schema";
import { saveSlot } from "~/schedule/rooms-slots.server";
import { utcToLocalInput } from "~/utils/dates";
import { DomainError } from "~/utils/errors.server";
import { makeOrganisation, makeUser } from "../helpers/factories";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { addDays, addRoomsAndSlots, asActor, confirm, DAY, dayFromNow, editForm, makeDayEvent, nextSpringForward } from "./helpers";

const server = await startTestServer();
const db = getDb();
const HOUR = 60 * 60 * 1000;
const eventCount = () => db.select({ n: count() }).from(events).get()!.n;
const roomCount = () => db.select({ n: count() }).from(rooms).get()!.n;
const eventBySlug = (slug: string) => db.select().from(events).where(eq(events.slug, slug)).get();
const localTime = (date: Date, zone: string) => utcToLocalInput(date, zone).slice(11);
const input = (fields: Record<string, unknown>) => nextInstallmentSchema.parse(fields);
const signedIn = async (user: { id: number }) => client(server.url, await sessionCookieFor(user.id));

function boardsOf(eventId: number) {
  return db.select().from(boards).where(eq(boards.eventId, eventId)).orderBy(asc(boards.position)).all();
}
function topicsOf(boardId: number) {
  return db.select().from(topics).where(eq(topics.boardId, boardId)).orderBy(asc(topics.id)).all();
}

/** A board with two undiscussed topics (dots on them) and one discussed topic. */
async function boardWithTopics(event: Event, organiser: { id: number }) {
  const org = asActor(organiser);
  const board = createBoard(event.id, org, "Morning board");
  updateBoardSettings(
    board.id,
    {
      title: "Morning board",
      votesPerPerson: 5,
      allowStacking: false,
      hideTallies: true,
      timeboxMinutes: 6,
      extensionMinutes: 3,
      takeawaysBy: "anyone",
    },
    org,
  );
  const flaky = proposeTopic(board.id, org, { title: "Flaky tests", description: "Quarantine or fix?" });
  const budgets = proposeTopic(board.id, org, { title: "Cloud budgets" });
  const discussed = proposeTopic(board.id, org, { title: "Monorepos" });
  const voter = await makeUser();
  confirm(event.id, voter.id);
  setPhase(board.id, "vote", org);
  castVote(board.id, flaky.id, asActor(voter));
  castVote(board.id, discussed.id, asActor(voter));
  setPhase(board.id, "discuss", org);
  startTopic(board.id, discussed.id, org);
  finishTopic(board.id, discussed.id, org);
  return { board, flaky, budgets, discussed };
}

describe("copying as the next installment (domain)", () => {
  it("takes series, partners, organisers (owners stay owners), texts, capacity, rooms, slots and board settings; the copy is a draft", async () => {
    const aurora = makeOrganisation("Aurora");
    const beacon = makeOrganisation("Beacon");
    const coOwner = await makeUser({ name: "Carla Co-owner" });
    const helper = await makeUser({ name: "Hugo Helper" });
    const organiser = await makeUser({ name: "Olga Organiser" });
    const { event: created } = await makeDayEvent({
      day: dayFromNow(20),
      organiser,
      overrides: {
        organiserIds: [organiser.id, coOwner.id],
        title: "Lean Coffee: Aurora × Beacon",
        summary: "Our first exchange.",
        description: "## Bring questions",
        series: "Aurora × Beacon",
        venue: "Aurora HQ",
        capacity: 24,
        format: "mixed",
        openMarketplace: true,
        partnerIds: [aurora.id, beacon.id],
        registrationOpensAt: new Date(Date.now() + 2 * DAY),
        registrationClosesAt: new Date(Date.now() + 18 * DAY),
      },
    });
    // A co-organiser added the way organisers add one: the edit form.
    const edited = await (
      await signedIn(organiser)
    ).post(`/events/${created.slug}/edit`, editForm(created, { organiserEmails: helper.email! }));
    expect(edited.status).toBe(302);
    const source = db.select().from(events).where(eq(events.id, created.id)).get()!;
    addRoomsAndSlots(source, organiser);
    const { board } = await boardWithTopics(source, organiser);

    const startsOn = addDays(dayFromNow(20), 35);
    const copy = copyEventAsNextInstallment(source, input({ startsOn }), asActor(organiser));

    expect(copy).toMatchObject({
      status: "draft",
      title: source.title,
      summary: "Our first exchange.",
      description: "## Bring questions",
      series: "Aurora × Beacon",
      venue: "Aurora HQ",
      capacity: 24,
      format: "mixed",
      openMarketplace: true,
      timeZone: "Europe/Berlin",
      sequence: 0,
    });
    expect(copy.slug).not.toBe(source.slug);
    expect(utcToLocalInput(copy.startsAt, "Europe/Berlin")).toBe(`${startsOn}T09:00`);
    expect(utcToLocalInput(copy.endsAt, "Europe/Berlin")).toBe(`${startsOn}T17:00`);
    // Registration windows move by the same number of days, same time of day.
    expect(utcToLocalInput(copy.registrationOpensAt, "Europe/Berlin").slice(11)).toBe(
      utcToLocalInput(source.registrationOpensAt, "Europe/Berlin").slice(11),
    );
    expect(Math.round((copy.registrationClosesAt!.getTime() - source.registrationClosesAt!.getTime()) / DAY)).toBe(35);
    expect(getPartners(copy.id).map((p) => p.name)).toEqual(["Aurora", "Beacon"]);
    const roles = db
      .select({ userId: eventOrganisers.userId, role: eventOrganisers.role })
      .from(eventOrganisers)
      .where(eq(eventOrganisers.eventId, copy.id))
      .all();
    expect(roles).toEqual(
      expect.arrayContaining([
        { userId: organiser.id, role: "owner" },
        { userId: coOwner.id, role: "owner" },
        { userId: helper.id, role: "organiser" },
      ]),
    );
    expect(roles).toHaveLength(3);
    expect(
      db
        .select({ name: rooms.name, capacity: rooms.capacity, position: rooms.position })
        .from(rooms)
        .where(eq(rooms.eventId, copy.id))
        .orderBy(asc(rooms.position))
        .all(),
    ).toEqual([
      { name: "Main hall", capacity: 60, position: 0 },
      { name: "Garden room", capacity: 12, position: 1 },
    ]);
    const copiedSlots = db.select().from(slots).where(eq(slots.eventId, copy.id)).orderBy(asc(slots.startsAt)).all();
    expect(
      copiedSlots.map((s) => [utcToLocalInput(s.startsAt, "Europe/Berlin"), localTime(s.endsAt, "Europe/Berlin"), s.kind, s.label]),
    ).toEqual([
      [`${startsOn}T09:30`, "09:55", "plenary", "Opening"],
      [`${startsOn}T10:00`, "10:45", "session", null],
      [`${startsOn}T12:30`, "13:30", "break", "Lunch"],
    ]);
    const [newBoard] = boardsOf(copy.id);
    expect(newBoard).toMatchObject({
      title: "Morning board",
      phase: "collect",
      votesPerPerson: 5,
      allowStacking: false,
      hideTallies: true,
      timeboxSeconds: 6 * 60,
      extensionSeconds: 3 * 60,
      takeawaysBy: "anyone",
    });
    // Without the tick, no topic moves and the old board is untouched.
    expect(topicsOf(newBoard.id)).toEqual([]);
    expect(topicsOf(board.id).map((t) => t.status)).toEqual(["open", "open", "discussed"]);
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.eventId, copy.id), eq(auditLog.action, "event.copy")))
      .get();
    expect(audit?.details).toMatchObject({ from: source.id, startsOn, carryTopics: false });
  });

  it("carries the undiscussed topics with their history when asked; the discussed one and every dot stay behind", async () => {
    const { event: source, organiser } = await makeDayEvent({ day: dayFromNow(15), overrides: { format: "lean_coffee" } });
    const { board, flaky, budgets, discussed } = await boardWithTopics(source, organiser);
    const dotsBefore = db.select({ n: count() }).from(votes).where(eq(votes.boardId, board.id)).get()!.n;

    const copy = copyEventAsNextInstallment(source, input({ startsOn: dayFromNow(50), carryTopics: true }), asActor(organiser));
    const [newBoard] = boardsOf(copy.id);
    const carried = topicsOf(newBoard.id);
    expect(carried.map((t) => [t.title, t.description, t.status, t.carriedFromId, t.authorId])).toEqual([
      ["Flaky tests", "Quarantine or fix?", "open", flaky.id, organiser.id],
      ["Cloud budgets", "", "open", budgets.id, organiser.id],
    ]);
    const old = new Map(topicsOf(board.id).map((t) => [t.id, t.status]));
    expect(old.get(flaky.id)).toBe("carried_over");
    expect(old.get(budgets.id)).toBe("carried_over");
    expect(old.get(discussed.id)).toBe("discussed");
    expect(db.select({ n: count() }).from(votes).where(eq(votes.boardId, board.id)).get()!.n).toBe(dotsBefore);
    expect(db.select({ n: count() }).from(votes).where(eq(votes.boardId, newBoard.id)).get()!.n).toBe(0);

    // The chain goes on: the next copy carries the same topic again, one more link back.
    copyEventAsNextInstallment(copy, input({ startsOn: dayFromNow(80), carryTopics: true }), asActor(organiser));
    const lastBoard = db.select().from(boards).orderBy(asc(boards.id)).all().at(-1)!;
    const again = topicsOf(lastBoard.id).find((t) => t.title === "Flaky tests")!;
    expect(again.carriedFromId).toBe(carried[0].id);
  });

  it("keeps the slots' wall-clock times in the event's zone across a daylight-saving change (America/New_York)", async () => {
    const zone = "America/New_York";
    const change = nextSpringForward(zone);
    const before = addDays(change, -3);
    const after = addDays(change, 4);
    const { event: source, organiser } = await makeDayEvent({ day: before, timeZone: zone });
    addRoomsAndSlots(source, organiser);
    const sourceSlots = db.select().from(slots).where(eq(slots.eventId, source.id)).orderBy(asc(slots.startsAt)).all();

    const copy = copyEventAsNextInstallment(source, input({ startsOn: after }), asActor(organiser));
    const copied = db.select().from(slots).where(eq(slots.eventId, copy.id)).orderBy(asc(slots.startsAt)).all();
    expect(copied.map((s) => localTime(s.startsAt, zone))).toEqual(["09:30", "10:00", "12:30"]);
    expect(copied.map((s) => utcToLocalInput(s.startsAt, zone).slice(0, 10))).toEqual([after, after, after]);
    expect(localTime(copy.startsAt, zone)).toBe("09:00");
    // Seven calendar days later, but the clocks sprang forward: one hour less in UTC.
    copied.forEach((slot, i) => expect(slot.startsAt.getTime() - sourceSlots[i].startsAt.getTime()).toBe(7 * DAY - HOUR));
  });

  it("refuses a day on which a slot's time does not exist (spring-forward gap), writing nothing", async () => {
    const zone = "America/New_York";
    const change = nextSpringForward(zone);
    const { event: source, organiser } = await makeDayEvent({ day: addDays(change, -7), timeZone: zone });
    const day = addDays(change, -7);
    saveSlot(source, asActor(organiser), { startsAt: `${day}T02:30`, endsAt: `${day}T03:30`, kind: "session", label: "Night owls" });
    const events0 = eventCount();
    const error = (() => {
      try {
        copyEventAsNextInstallment(source, input({ startsOn: change }), asActor(organiser));
      } catch (e) {
        return e as DomainError;
      }
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect(error!.status).toBe(400);
    expect(error!.fieldErrors.startsOn?.[0]).toMatch(/02:30 does not exist in America\/New_York/);
    expect(eventCount()).toBe(events0);
  });

  it("is for the organisers of that event only", async () => {
    const { event: source } = await makeDayEvent({ day: dayFromNow(20) });
    const { organiser: other } = await makeDayEvent({ day: dayFromNow(21) });
    const events0 = eventCount();
    expect(() => copyEventAsNextInstallment(source, input({ startsOn: dayFromNow(40) }), asActor(other))).toThrow(/Only the organisers/);
    expect(eventCount()).toBe(events0);
  });

  it("has its copy steps in one list: the extension point other parts add to", () => {
    expect(COPY_STEPS.map((s) => s.name)).toEqual([
      "rooms and slots",
      "boards, their settings and (when asked) undiscussed topics",
      "registration questions and the reminder setting",
    ]);
  });
});

describe("Copy as next installment over HTTP", () => {
  it("an organiser copies with a plain form post: a draft with the chosen title and address, flash on its page", async () => {
    const { event: source, organiser } = await makeDayEvent({
      day: dayFromNow(20),
      overrides: { title: "Platform exchange", series: "Platform" },
    });
    const me = await signedIn(organiser);
    const form = await me.get(`/events/${source.slug}/copy`);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain("Day of the next installment");
    expect(html).toContain("Title (optional)");

    const response = await me.post(`/events/${source.slug}/copy`, {
      startsOn: dayFromNow(60),
      title: "Platform exchange, part 2",
      slug: `platform-part-2-${source.id}`,
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/events/platform-part-2-${source.id}`);
    const copy = eventBySlug(`platform-part-2-${source.id}`)!;
    expect(copy).toMatchObject({ title: "Platform exchange, part 2", status: "draft", series: "Platform" });
    const page = await (await me.get(`/events/${copy.slug}`)).text();
    expect(page).toContain("Next installment created as a draft");
    expect(page).toContain("Draft: only organisers see this");
    // A draft: nobody else sees it.
    expect((await client(server.url).get(`/events/${copy.slug}`)).status).toBe(404);
  });

  it("the event page offers it to organisers only", async () => {
    const { event, organiser } = await makeDayEvent({ day: dayFromNow(20) });
    const link = `href="/events/${event.slug}/copy"`;
    expect(await (await (await signedIn(organiser)).get(`/events/${event.slug}`)).text()).toContain(link);
    expect(await (await client(server.url).get(`/events/${event.slug}`)).text()).not.toContain(link);
  });

  it("answers 403 to an organiser of another event and to an attendee, sends the signed-out to log in; nothing written", async () => {
    const { event: source } = await makeDayEvent({ day: dayFromNow(20) });
    const { organiser: other } = await makeDayEvent({ day: dayFromNow(22) });
    const attendee = await makeUser();
    confirm(source.id, attendee.id);
    const events0 = eventCount();
    for (const user of [other, attendee]) {
      const them = await signedIn(user);
      expect((await them.get(`/events/${source.slug}/copy`)).status).toBe(403);
      expect((await them.post(`/events/${source.slug}/copy`, { startsOn: dayFromNow(40) })).status).toBe(403);
    }
    const anonymous = await client(server.url).post(`/events/${source.slug}/copy`, { startsOn: dayFromNow(40) });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login/);
    expect(eventCount()).toBe(events0);
  });

  it.each([
    ["no day", {}, 400, "startsOn", "Choose the day of the next installment."],
    ["a day that does not exist", { startsOn: "2031-02-30" }, 400, "startsOn", "Enter a date that exists."],
    ["not a date", { startsOn: "next friday" }, 400, "startsOn", "Enter a date as YYYY-MM-DD."],
    ["a day before this installment", { startsOn: dayFromNow(10) }, 400, "startsOn", "The next installment starts after this one"],
    ["the same day", { startsOn: dayFromNow(20) }, 400, "startsOn", "The next installment starts after this one"],
    [
      "a day years away (a typo)",
      { startsOn: addDays(dayFromNow(20), 6 * 366) },
      400,
      "startsOn",
      "At most 5 years after this installment.",
    ],
    ["a bad address", { startsOn: dayFromNow(40), slug: "Not A Slug!" }, 400, "slug", "Lower-case letters, digits and single hyphens only"],
    ["a title too short", { startsOn: dayFromNow(40), title: "ab" }, 400, "title", "At least 3 characters."],
  ])("refuses %s with a field message and writes nothing", async (_label, fields, status, field, message) => {
    const { event: source, organiser } = await makeDayEvent({ day: dayFromNow(20) });
    addRoomsAndSlots(source, organiser);
    const me = await signedIn(organiser);
    const [events0, rooms0] = [eventCount(), roomCount()];
    const response = await me.post(`/events/${source.slug}/copy`, fields as Record<string, string>);
    expect(response.status).toBe(status);
    const body = await response.text();
    expect(body).toContain(message);
    expect(body).toContain(`"${field}"`);
    expect([eventCount(), roomCount()]).toEqual([events0, rooms0]);
  });

  it("refuses an address that is taken (409) and a day in the past (400)", async () => {
    const { event: past, organiser } = await makeDayEvent({ day: dayFromNow(-30) });
    const { event: taken } = await makeDayEvent({ day: dayFromNow(5), organiser });
    const me = await signedIn(organiser);
    const events0 = eventCount();
    const slugTaken = await me.post(`/events/${past.slug}/copy`, { startsOn: dayFromNow(40), slug: taken.slug });
    expect(slugTaken.status).toBe(409);
    expect(await slugTaken.text()).toContain("Another event already has this address.");
    const inThePast = await me.post(`/events/${past.slug}/copy`, { startsOn: dayFromNow(-2) });
    expect(inThePast.status).toBe(400);
    expect(await inThePast.text()).toContain("That day is in the past.");
    expect(eventCount()).toBe(events0);
  });

  it("carries topics only when the box is ticked, and the new board shows where they came from", async () => {
    const { event: source, organiser } = await makeDayEvent({
      day: dayFromNow(20),
      overrides: { format: "lean_coffee", title: "Source coffee" },
    });
    const { board } = await boardWithTopics(source, organiser);
    const me = await signedIn(organiser);
    const plain = await me.post(`/events/${source.slug}/copy`, { startsOn: dayFromNow(40), slug: `plain-${source.id}` });
    expect(plain.status).toBe(302);
    expect(topicsOf(boardsOf(eventBySlug(`plain-${source.id}`)!.id)[0].id)).toEqual([]);

    const carried = await me.post(`/events/${source.slug}/copy`, {
      startsOn: dayFromNow(41),
      slug: `carried-${source.id}`,
      carryTopics: "on",
    });
    expect(carried.status).toBe(302);
    const newBoard = boardsOf(eventBySlug(`carried-${source.id}`)!.id)[0];
    expect(topicsOf(newBoard.id).map((t) => t.title)).toEqual(["Flaky tests", "Cloud budgets"]);
    expect(topicsOf(board.id).filter((t) => t.status === "carried_over")).toHaveLength(2);
    const boardPage = await (await me.get(`/events/carried-${source.id}/board`)).text();
    expect(boardPage).toContain("Source coffee");
    // Carrying again finds nothing left to move: the board's own rule.
    expect(() => carryOverTopics(board.id, newBoard.id, asActor(organiser))).toThrow(/no undiscussed topics/);
  });
});
