// The organiser's view of an event's registrations: filtered list, counts per state
// and organisation, waiting-list positions, and the CSV export. Filtering, ordering,
// paging and counting happen in SQL (prepared statements): the list of a 1,000-person
// event was one 2.2 MB page rendered from every row.
import { getDb, prepared, sqlText, type Db } from "#db/client";
import { and, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { REGISTRATION_STATUSES, registrations, users, type RegistrationStatus } from "#db/schema";
import { memberOrganisationIdOf } from "~/accounts/membership.server";
import { answerFilterSql, parseAnswerFilter, questionCsvColumns, type AnswerFilter } from "~/registration/questions-answers.server";
import { STATUS_LABELS } from "~/registration/registration-schema";
import { waitlistPosition } from "~/registration/registrations.server";

export type AttendeeFilter = {
  status?: RegistrationStatus;
  /** An organisation id, or "none" for people without one. */
  organisation?: number | "none";
  q?: string;
  /** A choice question's answer (`answer=<question id>:<choice>`, ADR 022). */
  answer?: AnswerFilter;
};

export type AttendeeRow = {
  id: number;
  userId: number;
  name: string;
  email: string;
  organisationId: number | null;
  /** The organisation the person typed: a label, shown as their claim. */
  organisationName: string | null;
  /** Proven member of one of the event's partners (verified address on its domain). */
  partner: boolean;
  emailVerified: boolean;
  status: RegistrationStatus;
  position: number | null;
  jobRole: string | null;
  topics: string | null;
  dietary: string | null;
  accessibility: string | null;
  consentVersion: string;
  consentAt: Date;
  queuedAt: Date;
  createdAt: Date;
  checkedInAt: Date | null;
  cancelledAt: Date | null;
};

/** Rows per page of the organiser's list (the CSV export has every row). */
export const ATTENDEES_PAGE_SIZE = 50;

/** The attendee list's filters from the query string (unknown values are ignored). */
export function parseAttendeeFilter(params: URLSearchParams): AttendeeFilter {
  const status = params.get("status");
  const org = params.get("org");
  return {
    status: REGISTRATION_STATUSES.includes(status as RegistrationStatus) ? (status as RegistrationStatus) : undefined,
    organisation: org === "none" ? "none" : org && /^\d+$/.test(org) ? Number(org) : undefined,
    q: params.get("q")?.slice(0, 100) || undefined,
    answer: parseAnswerFilter(params.get("answer")),
  };
}

/** The 1-based page from the query string; anything else is page 1. */
export function parseAttendeePage(params: URLSearchParams) {
  const page = params.get("page");
  return page && /^\d{1,6}$/.test(page) && Number(page) >= 1 ? Number(page) : 1;
}

const ASCII = /^[\x20-\x7e]*$/;
/** Case- and accent-free text for search; plain ASCII (most names and every e-mail) takes the short way. */
const fold = (text: string) =>
  ASCII.test(text)
    ? text.toLowerCase()
    : text
        .normalize("NFD")
        .replace(/\p{Diacritic}/gu, "")
        .toLocaleLowerCase("en");

/** Whether the folded search term @q occurs in `column` (see `fold`). */
const matches = (column: string) =>
  `(instr(lower(${column}), @q) > 0 OR (${column} GLOB '*[^ -~]*' AND instr(kx_fold(${column}), @q) > 0))`;

/**
 * The search: any part of the name, or the whole e-mail address (stored lower-case). Never
 * a part of the address: "bea" would otherwise find everyone at beacon.example (issue 17.3).
 */
const searchMatches = `(${matches("coalesce(u.name, 'Former attendee')")} OR u.email = @q)`;

/**
 * The list, filtered, ordered and cut to a page in SQL, so a page of 50 costs about the
 * same for 50 or 5,000 registrations: the page's ids are chosen with narrow rows (sort
 * keys only), then only those rows are read in full. Name search is accent- and
 * case-insensitive: SQLite calls `kx_fold` (the same `fold` as above) only for text with
 * characters outside printable ASCII; plain text is compared with SQLite's own lower().
 * Order: confirmed, waiting list (by arrival = position), pending, declined, cancelled;
 * by name within a state. The waiting-list position is over the whole event, not the
 * filter. With `withMatching`, every row also says how many rows pass the filter (a
 * window over the filtered rows: used for searches, whose count is not in the summary).
 */
const listSql = (withMatching: boolean) => `
WITH page AS (
  SELECT r.id,
    CASE r.status WHEN 'confirmed' THEN 0 WHEN 'waitlisted' THEN 1 WHEN 'pending' THEN 2 WHEN 'declined' THEN 3 ELSE 4 END AS stateOrder,
    CASE WHEN r.status = 'waitlisted' THEN r.queued_at END AS queueOrder,
    CASE WHEN r.status = 'waitlisted' THEN r.id END AS queueId,
    coalesce(u.name, 'Former attendee') AS sortName,
    ${withMatching ? "count(*) OVER ()" : "NULL"} AS matching
  FROM registrations r
  JOIN users u ON u.id = r.user_id
  WHERE r.event_id = @eventId
    AND (@status IS NULL OR r.status = @status)
    AND (@org IS NULL OR (@org = 0 AND u.organisation_id IS NULL) OR u.organisation_id = @org)
    AND (@q IS NULL OR ${searchMatches})
    AND ${answerFilterSql}
  ORDER BY stateOrder, queueOrder, queueId, sortName COLLATE NOCASE, r.id
  LIMIT @limit OFFSET @offset
),
waiting AS (
  SELECT id, row_number() OVER (ORDER BY queued_at, id) AS position
  FROM registrations
  WHERE event_id = @eventId AND status = 'waitlisted'
)
SELECT r.id, r.user_id AS userId, page.sortName AS name, coalesce(u.email, '') AS email,
  u.organisation_id AS organisationId, o.name AS organisationName,
  ${sqlText(memberOrganisationIdOf(alias(users, "u")))} AS memberOrganisationId, u.email_verified_at IS NOT NULL AS emailVerified,
  r.status, waiting.position,
  r.job_role AS jobRole, r.topics, r.dietary, r.accessibility,
  r.consent_version AS consentVersion, r.consent_at AS consentAt, r.queued_at AS queuedAt,
  r.created_at AS createdAt, r.checked_in_at AS checkedInAt, r.cancelled_at AS cancelledAt, page.matching
FROM page
JOIN registrations r ON r.id = page.id
JOIN users u ON u.id = r.user_id
LEFT JOIN organisations o ON o.id = u.organisation_id
LEFT JOIN waiting ON waiting.id = r.id
ORDER BY page.stateOrder, page.queueOrder, page.queueId, page.sortName COLLATE NOCASE, page.id`;

const COUNT_SQL = `
SELECT count(*) AS n
FROM registrations r
JOIN users u ON u.id = r.user_id
WHERE r.event_id = @eventId
  AND (@status IS NULL OR r.status = @status)
  AND (@org IS NULL OR (@org = 0 AND u.organisation_id IS NULL) OR u.organisation_id = @org)
  AND (@q IS NULL OR ${searchMatches})
  AND ${answerFilterSql}`;

/** Counts per organisation and state (and checked in), the page's summary tables. */
const COUNTS_SQL = `
SELECT u.organisation_id AS organisationId, o.name AS organisationName, r.status, count(*) AS n, count(r.checked_in_at) AS checkedIn
FROM registrations r
JOIN users u ON u.id = r.user_id
LEFT JOIN organisations o ON o.id = u.organisation_id
WHERE r.event_id = ?
GROUP BY u.organisation_id, r.status`;

const PARTNER_ORGANISATIONS_SQL = `SELECT organisation_id FROM event_partners WHERE event_id = ?`;

const folding = new WeakSet<object>();
function statements(db: Db) {
  if (!folding.has(db.$client)) {
    db.$client.function("kx_fold", { deterministic: true }, (text: unknown) => fold(String(text ?? "")));
    folding.add(db.$client);
  }
  return {
    list: prepared(db, "attendees.list", (d) => d.$client.prepare(listSql(false))),
    listWithMatching: prepared(db, "attendees.listWithMatching", (d) => d.$client.prepare(listSql(true))),
    count: prepared(db, "attendees.count", (d) => d.$client.prepare(COUNT_SQL).pluck()),
    counts: prepared(db, "attendees.counts", (d) => d.$client.prepare(COUNTS_SQL)),
    partnerOrganisations: prepared(db, "attendees.partnerOrganisations", (d) => d.$client.prepare(PARTNER_ORGANISATIONS_SQL).pluck()),
  };
}

type RawRow = Omit<AttendeeRow, "partner" | "emailVerified" | "consentAt" | "queuedAt" | "createdAt" | "checkedInAt" | "cancelledAt"> & {
  memberOrganisationId: number | null;
  emailVerified: 0 | 1;
  consentAt: number;
  queuedAt: number;
  createdAt: number;
  checkedInAt: number | null;
  cancelledAt: number | null;
};

const filterParams = (eventId: number, filter: AttendeeFilter) => ({
  eventId,
  status: filter.status ?? null,
  org: filter.organisation === undefined ? null : filter.organisation === "none" ? 0 : filter.organisation,
  q: filter.q?.trim() ? fold(filter.q.trim()) : null,
  answerQuestion: filter.answer?.questionId ?? null,
  answerValue: filter.answer?.value ?? null,
});

function readRows(eventId: number, filter: AttendeeFilter, limit: number, offset: number, withMatching = false) {
  const db = getDb();
  const sql = statements(db);
  const statement = withMatching ? sql.listWithMatching : sql.list;
  const raw = statement.all({ ...filterParams(eventId, filter), limit, offset }) as (RawRow & { matching: number | null })[];
  const partners = raw.length ? new Set(sql.partnerOrganisations.all(eventId) as number[]) : new Set<number>();
  const rows: AttendeeRow[] = raw.map(({ matching: _, memberOrganisationId, ...row }) => ({
    ...row,
    partner: memberOrganisationId !== null && partners.has(memberOrganisationId),
    emailVerified: row.emailVerified === 1,
    consentAt: new Date(row.consentAt),
    queuedAt: new Date(row.queuedAt),
    createdAt: new Date(row.createdAt),
    checkedInAt: row.checkedInAt === null ? null : new Date(row.checkedInAt),
    cancelledAt: row.cancelledAt === null ? null : new Date(row.cancelledAt),
  }));
  return { rows, matching: raw.length ? raw[0].matching : null };
}

/** Rows matching the filter, in list order; `limit` -1 means all of them. */
export function queryAttendees(eventId: number, filter: AttendeeFilter = {}, { limit = -1, offset = 0 } = {}): AttendeeRow[] {
  return readRows(eventId, filter, limit, offset).rows;
}

export type StatusCounts = Record<RegistrationStatus, number>;
const emptyCounts = (): StatusCounts => Object.fromEntries(REGISTRATION_STATUSES.map((s) => [s, 0])) as StatusCounts;

export type OrganisationCount = { id: number | "none"; name: string; counts: StatusCounts; checkedIn: number };

/** Counts over the whole event: per state, checked in, and per organisation and state. */
export function attendeeCounts(eventId: number) {
  const rows = statements(getDb()).counts.all(eventId) as {
    organisationId: number | null;
    organisationName: string | null;
    status: RegistrationStatus;
    n: number;
    checkedIn: number;
  }[];
  const counts = emptyCounts();
  const perOrganisation = new Map<number | "none", OrganisationCount>();
  let checkedIn = 0;
  let total = 0;
  for (const row of rows) {
    counts[row.status] += row.n;
    checkedIn += row.checkedIn;
    total += row.n;
    const id = row.organisationId ?? ("none" as const);
    let org = perOrganisation.get(id);
    if (!org) {
      org = { id, name: row.organisationName ?? "No organisation", counts: emptyCounts(), checkedIn: 0 };
      perOrganisation.set(id, org);
    }
    org.counts[row.status] += row.n;
    org.checkedIn += row.checkedIn;
  }
  return {
    total,
    counts,
    checkedIn,
    organisations: [...perOrganisation.values()].sort((a, b) => a.name.localeCompare(b.name, "en")),
  };
}

/**
 * The attendee page: one page of the filtered rows, how many match, and the counts over
 * the whole event. A page past the end shows the last page.
 */
export function listAttendees(
  eventId: number,
  filter: AttendeeFilter = {},
  { page = 1, pageSize = ATTENDEES_PAGE_SIZE }: { page?: number; pageSize?: number } = {},
) {
  const summary = attendeeCounts(eventId);
  // An answer filter is counted like a search: the summary has no counts per answer.
  const searching = Boolean(filter.q?.trim()) || Boolean(filter.answer);
  const org = filter.organisation === undefined ? undefined : summary.organisations.find((o) => o.id === filter.organisation);
  // Without a search term, the number of matches is already in the summary's counts.
  const known = searching
    ? null
    : filter.organisation === undefined
      ? filter.status
        ? summary.counts[filter.status]
        : summary.total
      : !org
        ? 0
        : filter.status
          ? org.counts[filter.status]
          : REGISTRATION_STATUSES.reduce((sum, s) => sum + org.counts[s], 0);
  let current = Math.max(1, Math.floor(page));
  if (known !== null) current = Math.min(current, Math.max(1, Math.ceil(known / pageSize)));
  const read = known === 0 ? { rows: [], matching: 0 } : readRows(eventId, filter, pageSize, (current - 1) * pageSize, searching);
  let rows = read.rows;
  let matching = known ?? read.matching;
  if (matching === null) {
    // A search whose page is empty: nothing matches, or the page is past the end (show the last one).
    matching = current > 1 ? (statements(getDb()).count.get(filterParams(eventId, filter)) as number) : 0;
    current = Math.max(1, Math.ceil(matching / pageSize));
    if (matching > 0) rows = readRows(eventId, filter, pageSize, (current - 1) * pageSize).rows;
  }
  const pages = Math.max(1, Math.ceil(matching / pageSize));
  return { ...summary, rows, matching, page: current, pages, pageSize };
}

/**
 * Who one registration of this event is and where it stands now ("Felix", waiting list #3):
 * what the list says after a decision posted without JavaScript. Null when it is not this
 * event's (the id comes back from the browser in the flash cookie).
 */
export function registrationOutcome(eventId: number, registrationId: number) {
  const db = getDb();
  const row = db
    .select({
      id: registrations.id,
      eventId: registrations.eventId,
      queuedAt: registrations.queuedAt,
      status: registrations.status,
      name: users.name,
    })
    .from(registrations)
    .innerJoin(users, eq(users.id, registrations.userId))
    .where(and(eq(registrations.id, registrationId), eq(registrations.eventId, eventId)))
    .get();
  if (!row) return null;
  return { name: row.name, status: row.status, position: row.status === "waitlisted" ? waitlistPosition(db, row) : null };
}

// ---------------------------------------------------------------- CSV

/**
 * One CSV cell: quoted when needed (RFC 4180), and defused when a spreadsheet would
 * read it as a formula (leading = + - @, tab or carriage return → prefixed with ').
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: unknown[][]) {
  // A BOM so spreadsheet apps read UTF-8; CRLF line ends as RFC 4180 asks.
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

export const CSV_HEADER = [
  "Name",
  "E-mail",
  "E-mail verified",
  "Organisation",
  "Partner member",
  "Status",
  "Waiting list position",
  "Job role",
  "Topics",
  "Dietary needs",
  "Accessibility needs",
  "Registered at (UTC)",
  "Checked in at (UTC)",
  "Consent version",
  "Consent given at (UTC)",
];

/** Every row matching the filter (never paginated). */
export function attendeesCsv(eventId: number, filter: AttendeeFilter = {}) {
  const rows = queryAttendees(eventId, filter);
  const questions = questionCsvColumns(
    getDb(),
    eventId,
    rows.map((r) => r.id),
  );
  return toCsv([
    [...CSV_HEADER, ...questions.header],
    ...rows.map((r) => [
      r.name,
      r.email,
      r.emailVerified ? "yes" : "no",
      r.organisationName ?? "",
      r.partner ? "yes" : "no",
      STATUS_LABELS[r.status],
      r.position ?? "",
      r.jobRole,
      r.topics,
      r.dietary,
      r.accessibility,
      r.queuedAt,
      r.checkedInAt,
      r.consentVersion,
      r.consentAt,
      ...questions.cells(r.id),
    ]),
  ]);
}
