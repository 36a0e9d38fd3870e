// The organiser's view of an event's registrations: filtered list, counts per state
// and organisation, waiting-list positions, and the CSV export. Filtering, ordering,
// paging and counting happen in SQL (attendee-queries.server.ts): the list of a
// 1,000-person event was one 2.2 MB page rendered from every row.
import { getDb } from "#db/client";
import { and, eq } from "drizzle-orm";
import { REGISTRATION_STATUSES, registrations, users, type RegistrationStatus } from "#db/schema";
import { getPartners } from "~/events/events.server";
import {
  countAttendeesByOrganisationAndState,
  countMatchingAttendees,
  readAttendeePage,
  type AttendeeFilter,
} from "~/registration/attendee-queries.server";
import { parseAnswerFilter, questionCsvColumns } from "~/registration/questions-answers.server";
import { STATUS_LABELS } from "~/registration/registration-schema";
import { waitlistPosition } from "~/registration/registrations.server";

export type { AttendeeFilter };

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

function readRows(eventId: number, filter: AttendeeFilter, limit: number, offset: number, withMatching = false) {
  const db = getDb();
  const raw = readAttendeePage(db, eventId, filter, { limit, offset, withMatching });
  const partners = raw.length ? new Set(getPartners(eventId).map((o) => o.id)) : new Set<number>();
  const rows: AttendeeRow[] = raw.map(({ matching: _, memberOrganisationId, ...row }) => ({
    ...row,
    partner: memberOrganisationId !== null && partners.has(memberOrganisationId),
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
  const rows = countAttendeesByOrganisationAndState(getDb(), eventId);
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
    matching = current > 1 ? countMatchingAttendees(getDb(), eventId, filter) : 0;
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
