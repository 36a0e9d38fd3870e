// The organiser's view of an event's registrations: filtered list, counts per state
// and organisation, waiting-list positions, and the CSV export.
import { asc, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import {
  eventPartners,
  organisationDomains,
  organisations,
  registrations,
  REGISTRATION_STATUSES,
  users,
  type RegistrationStatus,
} from "#db/schema";
import { emailDomain } from "~/accounts/organisations.server";
import { STATUS_LABELS } from "~/registration/registration-schema";

export type AttendeeFilter = {
  status?: RegistrationStatus;
  /** An organisation id, or "none" for people without one. */
  organisation?: number | "none";
  q?: string;
};

export type AttendeeRow = {
  id: number;
  userId: number;
  name: string;
  email: string;
  organisationId: number | null;
  organisationName: string | null;
  partner: boolean;
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

/** The attendee list's filters from the query string (unknown values are ignored). */
export function parseAttendeeFilter(params: URLSearchParams): AttendeeFilter {
  const status = params.get("status");
  const org = params.get("org");
  return {
    status: REGISTRATION_STATUSES.includes(status as RegistrationStatus) ? (status as RegistrationStatus) : undefined,
    organisation: org === "none" ? "none" : org && /^\d+$/.test(org) ? Number(org) : undefined,
    q: params.get("q")?.slice(0, 100) || undefined,
  };
}

const STATUS_ORDER: Record<RegistrationStatus, number> = {
  confirmed: 0,
  waitlisted: 1,
  pending: 2,
  declined: 3,
  cancelled: 4,
};

/** Every registration of the event with the person's details, waiting list in order. */
function loadAll(eventId: number): AttendeeRow[] {
  const db = getDb();
  const partnerDomains = new Set(
    db
      .select({ domain: organisationDomains.domain })
      .from(eventPartners)
      .innerJoin(organisationDomains, eq(organisationDomains.organisationId, eventPartners.organisationId))
      .where(eq(eventPartners.eventId, eventId))
      .all()
      .map((r) => r.domain),
  );
  const rows = db
    .select({
      id: registrations.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      organisationId: users.organisationId,
      organisationName: organisations.name,
      status: registrations.status,
      jobRole: registrations.jobRole,
      topics: registrations.topics,
      dietary: registrations.dietary,
      accessibility: registrations.accessibility,
      consentVersion: registrations.consentVersion,
      consentAt: registrations.consentAt,
      queuedAt: registrations.queuedAt,
      createdAt: registrations.createdAt,
      checkedInAt: registrations.checkedInAt,
      cancelledAt: registrations.cancelledAt,
    })
    .from(registrations)
    .innerJoin(users, eq(users.id, registrations.userId))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(registrations.eventId, eventId))
    .orderBy(asc(registrations.queuedAt), asc(registrations.id))
    .all();
  let position = 0;
  return rows.map((row) => ({
    ...row,
    name: row.name ?? "Former attendee",
    email: row.email ?? "",
    partner: row.email ? partnerDomains.has(emailDomain(row.email)) : false,
    position: row.status === "waitlisted" ? ++position : null,
  }));
}

const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLocaleLowerCase("en");

export function filterAttendees(rows: AttendeeRow[], filter: AttendeeFilter) {
  const q = filter.q?.trim() ? fold(filter.q.trim()) : null;
  return rows.filter(
    (row) =>
      (!filter.status || row.status === filter.status) &&
      (filter.organisation === undefined ||
        (filter.organisation === "none" ? row.organisationId === null : row.organisationId === filter.organisation)) &&
      (!q || fold(row.name).includes(q) || fold(row.email).includes(q)),
  );
}

const byStatusThenName = (a: AttendeeRow, b: AttendeeRow) =>
  STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
  (a.status === "waitlisted" ? (a.position ?? 0) - (b.position ?? 0) : a.name.localeCompare(b.name, "en"));

export type StatusCounts = Record<RegistrationStatus, number>;
const emptyCounts = (): StatusCounts =>
  Object.fromEntries(REGISTRATION_STATUSES.map((s) => [s, 0])) as StatusCounts;

/** The attendee page: filtered rows plus counts over the whole event. */
export function listAttendees(eventId: number, filter: AttendeeFilter = {}) {
  const all = loadAll(eventId);
  const counts = emptyCounts();
  const perOrganisation = new Map<string, { id: number | "none"; name: string; counts: StatusCounts; checkedIn: number }>();
  let checkedIn = 0;
  for (const row of all) {
    counts[row.status] += 1;
    if (row.checkedInAt) checkedIn += 1;
    const key = String(row.organisationId ?? "none");
    const org = perOrganisation.get(key) ?? {
      id: row.organisationId ?? ("none" as const),
      name: row.organisationName ?? "No organisation",
      counts: emptyCounts(),
      checkedIn: 0,
    };
    org.counts[row.status] += 1;
    if (row.checkedInAt) org.checkedIn += 1;
    perOrganisation.set(key, org);
  }
  return {
    rows: filterAttendees(all, filter).sort(byStatusThenName),
    total: all.length,
    counts,
    checkedIn,
    organisations: [...perOrganisation.values()].sort((a, b) => a.name.localeCompare(b.name, "en")),
  };
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

export function attendeesCsv(eventId: number, filter: AttendeeFilter = {}) {
  const { rows } = listAttendees(eventId, filter);
  return toCsv([
    CSV_HEADER,
    ...rows.map((r) => [
      r.name,
      r.email,
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
    ]),
  ]);
}

