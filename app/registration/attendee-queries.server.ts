// The attendee list's queries (attendees.server.ts is the list itself): the filters as
// one Drizzle condition, a page of rows chosen with narrow rows first, the counts. Each
// filter shape (which filters are set) is one prepared statement per connection, so no
// request builds a query and SQLite plans each shape with the indexes it can use.
import { and, count, eq, isNull, or, sql, type Placeholder, type SQL } from "drizzle-orm";
import { prepared, type Db } from "#db/client";
import { organisations, registrations, users, type RegistrationStatus } from "#db/schema";
import { memberOrganisationIdOf } from "~/accounts/membership.server";
import { answerMatches, type AnswerFilter } from "~/registration/questions-answers.server";

export type AttendeeFilter = {
  status?: RegistrationStatus;
  /** An organisation id, or "none" for people without one. */
  organisation?: number | "none";
  q?: string;
  /** A choice question's answer (`answer=<question id>:<choice>`, ADR 022). */
  answer?: AnswerFilter;
};

const ASCII = /^[\x20-\x7e]*$/;
/** Case- and accent-free text for search; plain ASCII (most names and every e-mail) takes the short way. */
const fold = (text: string) =>
  ASCII.test(text)
    ? text.toLowerCase()
    : text
        .normalize("NFD")
        .replace(/\p{Diacritic}/gu, "")
        .toLocaleLowerCase("en");

/** Which filters a list or count has: one prepared statement per shape and connection. */
type FilterShape = { status: boolean; organisation: "any" | "none" | "one"; search: boolean; answer: boolean };

const searchTerm = (filter: AttendeeFilter) => (filter.q?.trim() ? fold(filter.q.trim()) : undefined);

function shapeOf(filter: AttendeeFilter): FilterShape {
  return {
    status: filter.status !== undefined,
    organisation: filter.organisation === undefined ? "any" : filter.organisation === "none" ? "none" : "one",
    search: searchTerm(filter) !== undefined,
    answer: filter.answer !== undefined,
  };
}

const shapeKey = (shape: FilterShape) => `${shape.status}.${shape.organisation}.${shape.search}.${shape.answer}`;

/** The values of the placeholders in a filter's statement. */
const filterValues = (eventId: number, filter: AttendeeFilter) => ({
  eventId,
  status: filter.status,
  organisation: typeof filter.organisation === "number" ? filter.organisation : undefined,
  q: searchTerm(filter),
  answerQuestion: filter.answer?.questionId,
  answerValue: filter.answer?.value,
});

const p = sql.placeholder;
const displayName = sql<string>`coalesce(${users.name}, 'Former attendee')`;

/**
 * Whether the folded search term occurs in `text`. Accent- and case-insensitive: SQLite
 * calls `kx_fold` (the same `fold` as above) only for text with characters outside
 * printable ASCII; plain text is compared with SQLite's own lower().
 */
const contains = (text: SQL, term: Placeholder) =>
  sql`(instr(lower(${text}), ${term}) > 0 OR (${text} GLOB '*[^ -~]*' AND instr(kx_fold(${text}), ${term}) > 0))`;

/**
 * The filter as a condition on registrations joined with users. The search: any part of
 * the name, or the whole e-mail address (stored lower-case). Never a part of the address:
 * "bea" would otherwise find everyone at beacon.example (issue 17.3).
 */
const filterCondition = (shape: FilterShape) =>
  and(
    eq(registrations.eventId, p("eventId")),
    shape.status ? eq(registrations.status, p("status")) : undefined,
    shape.organisation === "none"
      ? isNull(users.organisationId)
      : shape.organisation === "one"
        ? eq(users.organisationId, p("organisation"))
        : undefined,
    shape.search ? or(contains(displayName, p("q")), eq(users.email, p("q"))) : undefined,
    shape.answer ? answerMatches(p("answerQuestion"), p("answerValue")) : undefined,
  );

/**
 * The list, filtered, ordered and cut to a page in SQL, so a page of 50 costs about the
 * same for 50 or 5,000 registrations: the page's ids are chosen with narrow rows (sort
 * keys only), then only those rows are read in full. Order: confirmed, waiting list (by
 * arrival = position), pending, declined, cancelled; by name within a state. The
 * waiting-list position is over the whole event, not the filter. With `withMatching`,
 * every row also says how many rows pass the filter (a window over the filtered rows:
 * used for searches, whose count is not in the summary).
 */
function listQuery(db: Db, shape: FilterShape, withMatching: boolean) {
  const r = registrations;
  const page = db.$with("page").as(
    db
      .select({
        id: r.id,
        stateOrder:
          sql<number>`CASE ${r.status} WHEN 'confirmed' THEN 0 WHEN 'waitlisted' THEN 1 WHEN 'pending' THEN 2 WHEN 'declined' THEN 3 ELSE 4 END`.as(
            "stateOrder",
          ),
        queueOrder: sql<number | null>`CASE WHEN ${r.status} = 'waitlisted' THEN ${r.queuedAt} END`.as("queueOrder"),
        queueId: sql<number | null>`CASE WHEN ${r.status} = 'waitlisted' THEN ${r.id} END`.as("queueId"),
        sortName: displayName.as("sortName"),
        matching: (withMatching ? sql<number | null>`count(*) OVER ()` : sql<number | null>`NULL`).as("matching"),
      })
      .from(r)
      .innerJoin(users, eq(users.id, r.userId))
      .where(filterCondition(shape))
      .orderBy(
        sql`${sql.identifier("stateOrder")}`,
        sql`${sql.identifier("queueOrder")}`,
        sql`${sql.identifier("queueId")}`,
        sql`${sql.identifier("sortName")} COLLATE NOCASE`,
        r.id,
      )
      .limit(p("limit"))
      .offset(p("offset")),
  );
  const waiting = db.$with("waiting").as(
    db
      .select({ id: r.id, position: sql<number>`row_number() OVER (ORDER BY ${r.queuedAt}, ${r.id})`.as("position") })
      .from(r)
      .where(and(eq(r.eventId, p("eventId")), eq(r.status, "waitlisted"))),
  );
  return db
    .with(page, waiting)
    .select({
      id: r.id,
      userId: r.userId,
      name: page.sortName,
      email: sql<string>`coalesce(${users.email}, '')`,
      organisationId: users.organisationId,
      organisationName: organisations.name,
      memberOrganisationId: memberOrganisationIdOf(users),
      emailVerified: sql<boolean>`${users.emailVerifiedAt} IS NOT NULL`.mapWith(Boolean),
      status: r.status,
      position: waiting.position,
      jobRole: r.jobRole,
      topics: r.topics,
      dietary: r.dietary,
      accessibility: r.accessibility,
      consentVersion: r.consentVersion,
      consentAt: r.consentAt,
      queuedAt: r.queuedAt,
      createdAt: r.createdAt,
      checkedInAt: r.checkedInAt,
      cancelledAt: r.cancelledAt,
      matching: page.matching,
    })
    .from(page)
    .innerJoin(r, eq(r.id, page.id))
    .innerJoin(users, eq(users.id, r.userId))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .leftJoin(waiting, eq(waiting.id, r.id))
    .orderBy(sql`${page.stateOrder}`, sql`${page.queueOrder}`, sql`${page.queueId}`, sql`${page.sortName} COLLATE NOCASE`, page.id)
    .prepare();
}

const countQuery = (db: Db, shape: FilterShape) =>
  db
    .select({ n: count() })
    .from(registrations)
    .innerJoin(users, eq(users.id, registrations.userId))
    .where(filterCondition(shape))
    .prepare();

/** Counts per organisation and state (and checked in), the page's summary tables. */
const countsQuery = (db: Db) =>
  db
    .select({
      organisationId: users.organisationId,
      organisationName: organisations.name,
      status: registrations.status,
      n: count(),
      checkedIn: count(registrations.checkedInAt),
    })
    .from(registrations)
    .innerJoin(users, eq(users.id, registrations.userId))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(registrations.eventId, p("eventId")))
    .groupBy(users.organisationId, registrations.status)
    .prepare();

// The search's folding function, registered once per connection: SQLite has no accent folding.
const folding = new WeakSet<object>();
function withFolding(db: Db) {
  if (!folding.has(db.$client)) {
    db.$client.function("kx_fold", { deterministic: true }, (text: unknown) => fold(String(text ?? "")));
    folding.add(db.$client);
  }
  return db;
}

/** One page of the rows matching the filter, in list order; `limit` -1: all of them. */
export function readAttendeePage(
  db: Db,
  eventId: number,
  filter: AttendeeFilter,
  { limit, offset, withMatching }: { limit: number; offset: number; withMatching: boolean },
) {
  const shape = shapeOf(filter);
  return prepared(withFolding(db), `attendees.list:${shapeKey(shape)}:${withMatching}`, () => listQuery(db, shape, withMatching)).all({
    ...filterValues(eventId, filter),
    limit,
    offset,
  });
}

/** How many registrations match the filter. */
export function countMatchingAttendees(db: Db, eventId: number, filter: AttendeeFilter): number {
  const shape = shapeOf(filter);
  return (
    prepared(withFolding(db), `attendees.count:${shapeKey(shape)}`, () => countQuery(db, shape)).get(filterValues(eventId, filter))?.n ?? 0
  );
}

/** Registrations per organisation (the one people typed) and state, and how many of them checked in. */
export function countAttendeesByOrganisationAndState(db: Db, eventId: number) {
  return prepared(db, "attendees.counts", () => countsQuery(db)).all({ eventId });
}
