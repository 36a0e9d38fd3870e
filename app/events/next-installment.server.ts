// "Copy as next installment" (issue 14.4): a new draft event on a new day with what the
// organisers set up last time: series, partners, organisers, texts, capacity, rooms,
// slots, boards and their settings (and, when asked, the board's undiscussed topics).
//
// Times move by whole days in the event's own zone: a 09:30 slot stays a 09:30 slot on
// the new day, also across a daylight-saving change (its UTC instant then moves by an
// hour). A moved time that does not exist on the new day (inside a spring-forward gap)
// refuses the date with a field error rather than silently shifting a slot.
//
// Everything runs in one write transaction: a refused copy writes nothing.
import { and, count, eq, inArray } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "#db/client";
import { boards, eventOrganisers, events, topics, type Event } from "#db/schema";
import type { Actor } from "~/accounts/actor";
import { recordAudit } from "~/audit/audit.server";
import { createBoard, listBoards } from "~/board/boards.server";
import { carryOverTopics } from "~/board/carry-over.server";
import { createEvent, getOrganisers, getPartners } from "~/events/events.server";
import type { NextInstallmentInput } from "~/events/next-installment-schema";
import { isOrganiserOf } from "~/events/permissions.server";
import { listRooms, listSlots, saveRoom, saveSlot } from "~/schedule/rooms-slots.server";
import { copyQuestions } from "~/registration/questions.server";
import { formatDate, missingLocalTime, utcToLocalInput } from "~/utils/dates";
import { conflict, forbidden, invalid } from "~/utils/errors.server";

const DAY = 24 * 60 * 60 * 1000;
const MAX_YEARS_AHEAD = 5;

/** Moves stored instants by whole days, keeping their wall-clock time in `timeZone`. */
export function dayShifter(source: Pick<Event, "startsAt" | "timeZone">, startsOn: string) {
  const zone = source.timeZone;
  const fromDay = utcToLocalInput(source.startsAt, zone).slice(0, 10);
  const days = Math.round((Date.parse(`${startsOn}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / DAY);
  /** The instant's new wall-clock time in the zone, as a `datetime-local` value. */
  const local = (date: Date) => {
    const wall = utcToLocalInput(date, zone);
    const day = new Date(Date.parse(`${wall.slice(0, 10)}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
    return `${day}T${wall.slice(11, 16)}`;
  };
  return { days, local };
}

/** What every copy step gets: the source, the new draft, and how to move a time. */
export type CopyContext = {
  db: Db;
  source: Event;
  copy: Event;
  actor: Actor;
  input: NextInstallmentInput;
  /** A stored instant of the source moved to the new day, as wall-clock text in the event's zone. */
  moveLocal: (date: Date) => string;
};

export type CopyStep = { name: string; run: (ctx: CopyContext) => void };

const copyRoomsAndSlots: CopyStep = {
  name: "rooms and slots",
  run: ({ db, source, copy, actor, moveLocal }) => {
    for (const room of listRooms(source.id, db)) saveRoom(copy, actor, { name: room.name, capacity: room.capacity });
    // A slot twice (saved before twins were refused) is copied once.
    const copied = new Set<string>();
    for (const slot of listSlots(source.id, db)) {
      const times = { startsAt: moveLocal(slot.startsAt), endsAt: moveLocal(slot.endsAt) };
      if (copied.has(`${times.startsAt}/${times.endsAt}`)) continue;
      copied.add(`${times.startsAt}/${times.endsAt}`);
      saveSlot(copy, actor, { ...times, kind: slot.kind, label: slot.label ?? undefined });
    }
  },
};

const copyBoards: CopyStep = {
  name: "boards, their settings and (when asked) undiscussed topics",
  run: ({ db, source, copy, actor, input }) => {
    for (const board of listBoards(source.id)) {
      const created = createBoard(copy.id, actor, board.title);
      db.update(boards)
        .set({
          votesPerPerson: board.votesPerPerson,
          allowStacking: board.allowStacking,
          hideTallies: board.hideTallies,
          timeboxSeconds: board.timeboxSeconds,
          extensionSeconds: board.extensionSeconds,
          takeawaysBy: board.takeawaysBy,
        })
        .where(eq(boards.id, created.id))
        .run();
      // The board's own carry-over: the copies keep `carriedFromId`, the originals become
      // "carried over", so the history of a topic stays one chain across installments.
      if (input.carryTopics && hasOpenTopics(db, board.id)) carryOverTopics(board.id, created.id, actor);
    }
  },
};

function hasOpenTopics(db: Db, boardId: number) {
  return Boolean(
    db
      .select({ id: topics.id })
      .from(topics)
      .where(and(eq(topics.boardId, boardId), eq(topics.status, "open")))
      .limit(1)
      .get(),
  );
}

/** Undiscussed topics on the event's boards: what "carry the topics over" would move. */
export function openTopicCount(eventId: number, db: Db = getDb()) {
  return (
    db
      .select({ n: count() })
      .from(topics)
      .innerJoin(boards, eq(boards.id, topics.boardId))
      .where(and(eq(boards.eventId, eventId), eq(topics.status, "open")))
      .get()?.n ?? 0
  );
}

const copyQuestionsAndReminder: CopyStep = {
  name: "registration questions and the reminder setting",
  run: ({ db, source, copy }) => {
    copyQuestions(db, source.id, copy.id);
    db.update(events).set({ reminderDaysBefore: source.reminderDaysBefore }).where(eq(events.id, copy.id)).run();
  },
};

/**
 * EXTENSION POINT: what a copy carries over, one step per part of the app, run in this
 * order inside the copy's transaction after the event row, its partners and organisers
 * exist. A part that keeps per-event setup adds its step here (the registration
 * questions: same texts, kinds, options, order and flags on the new event, never the
 * answers; and the reminder setting).
 */
export const COPY_STEPS: CopyStep[] = [copyRoomsAndSlots, copyBoards, copyQuestionsAndReminder];

/** The new draft's day must be a later day than the source's, and not in the past. */
function checkDay(source: Event, startsOn: string, now: Date) {
  const zone = source.timeZone;
  const sourceDay = utcToLocalInput(source.startsAt, zone).slice(0, 10);
  if (startsOn <= sourceDay) {
    throw invalid("Choose a later day.", {
      startsOn: [`The next installment starts after this one (${formatDate(source.startsAt, zone)}).`],
    });
  }
  if (startsOn < utcToLocalInput(now, zone).slice(0, 10)) {
    throw invalid("Choose a later day.", { startsOn: ["That day is in the past."] });
  }
  // A typo guard (2207 for 2027), not a rule of the series.
  if (startsOn > `${Number(sourceDay.slice(0, 4)) + MAX_YEARS_AHEAD}${sourceDay.slice(4)}`) {
    throw invalid("Choose an earlier day.", { startsOn: [`At most ${MAX_YEARS_AHEAD} years after this installment.`] });
  }
}

/** Every time the copy will hold, on the new day; refused when one falls into a clock change. */
function movedTimes(db: Db, source: Event, startsOn: string) {
  const { local } = dayShifter(source, startsOn);
  const times = {
    startsAt: local(source.startsAt),
    endsAt: local(source.endsAt),
    registrationOpensAt: source.registrationOpensAt ? local(source.registrationOpensAt) : undefined,
    registrationClosesAt: source.registrationClosesAt ? local(source.registrationClosesAt) : undefined,
  };
  const all = [
    ...Object.values(times).filter((t): t is string => Boolean(t)),
    ...listSlots(source.id, db).flatMap((s) => [local(s.startsAt), local(s.endsAt)]),
  ];
  for (const time of all) {
    const problem = missingLocalTime(time, source.timeZone);
    if (problem) {
      throw invalid("Choose another day.", {
        startsOn: [
          `On this day ${time.slice(11)} does not exist in ${source.timeZone} (the clocks change), and the event or a slot starts or ends then. Choose another day.`,
        ],
      });
    }
  }
  return { times, local };
}

function checkSlug(db: Db, slug: string | undefined) {
  if (!slug) return;
  if (db.select({ id: events.id }).from(events).where(eq(events.slug, slug)).get()) {
    throw conflict("That address is taken.", { slug: ["Another event already has this address. Choose another one."] });
  }
}

/**
 * Creates the next installment of `source` as a draft and returns it. Only the organisers
 * of `source` (and admins) may; bad input throws a DomainError with field errors and
 * writes nothing.
 */
export function copyEventAsNextInstallment(source: Event, input: NextInstallmentInput, actor: Actor, now = new Date()): Event {
  if (!isOrganiserOf(actor, source.id)) throw forbidden("Only the organisers of this event may copy it.");
  const db = getDb();
  return writeTransaction(db, () => {
    checkDay(source, input.startsOn, now);
    checkSlug(db, input.slug);
    const { times, local } = movedTimes(db, source, input.startsOn);
    const organisers = getOrganisers(source.id);
    const title = input.title ?? source.title;
    const created = createEvent(
      {
        title,
        summary: source.summary,
        description: source.description,
        format: source.format,
        series: source.series ?? undefined,
        venue: source.venue,
        timeZone: source.timeZone,
        ...times,
        capacity: source.capacity,
        partnerOrganisationIds: getPartners(source.id).map((p) => p.id),
        organiserEmails: organisers.flatMap((o) => (o.email && o.id !== actor.id ? [o.email] : [])).join(", "),
        openMarketplace: source.openMarketplace,
        partnersOnly: source.partnersOnly,
        guestsMayJoin: source.guestsMayJoin,
        status: "draft",
      },
      actor,
      organisers.map((o) => o.id),
    );
    // createEvent makes the actor the owner and the others organisers: owners stay owners.
    const owners = organisers.filter((o) => o.role === "owner").map((o) => o.id);
    if (owners.length) {
      db.update(eventOrganisers)
        .set({ role: "owner" })
        .where(and(eq(eventOrganisers.eventId, created.id), inArray(eventOrganisers.userId, owners)))
        .run();
    }
    const copy = input.slug ? db.update(events).set({ slug: input.slug }).where(eq(events.id, created.id)).returning().get() : created;
    const ctx: CopyContext = { db, source, copy, actor, input, moveLocal: local };
    for (const step of COPY_STEPS) step.run(ctx);
    recordAudit(
      {
        actorId: actor.id,
        eventId: copy.id,
        action: "event.copy",
        targetType: "event",
        targetId: copy.id,
        ip: actor.ip ?? null,
        details: { from: source.id, startsOn: input.startsOn, carryTopics: input.carryTopics, steps: COPY_STEPS.map((s) => s.name) },
      },
      db,
    );
    return copy;
  });
}
