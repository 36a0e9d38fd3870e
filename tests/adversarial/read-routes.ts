// THE table of every read: each loader and resource route (pages, their `?_data=`
// requests, feeds, exports, CSV, print, the live stream and its replay), what each role
// of READ_ROLES gets (`access`), and the restricted things (SECRETS) with who may read
// them. The read matrix requests every route as every role and searches every response
// for the marker of every secret the role may not read; and checks that the readers of a
// secret do see it where the route `shows` it (so a marker that is never rendered cannot
// make the search pass vacuously). read-route-table.test.ts fails when a route of the
// build is missing here.
import { slugify } from "~/utils/slug";
import type { ReadWorld } from "./read-world";
import type { ReadRole } from "./world";

export type ReadExpect = "ok" | "login" | 400 | 403 | 404;

/**
 * Who gets the route: `ok` (2xx, or a redirect that is not to /login), `login` (redirected
 * to /login: signed out, which the deleted account's old cookie also is) or a refusal.
 */
export type ReadAccess =
  | "public"
  | "signedIn" // any account
  | "organiser" // organisers of event A and admins
  | "eventOrganiser" // anyone who organises some event, and admins (the outbox)
  | "admin"
  | "participant" // confirmed attendees of A, its organisers, admins
  | { readers: ReadRole[]; others: 400 | 403 | 404; signedOut?: "login" | 400 | 404 };

// A guest of event A (ADR 025) is signed out everywhere but on A's boards, which are public to read.
const SIGNED_OUT: ReadRole[] = ["anonymous", "deleted", "guest"];
const PARTICIPANTS: ReadRole[] = ["confirmed", "author", "removedCoauthor", "organiser", "admin"];

export function expectedRead(access: ReadAccess, role: ReadRole): ReadExpect {
  const signedOut = SIGNED_OUT.includes(role);
  const allow = (readers: ReadRole[], others: 400 | 403 | 404 = 403, whenSignedOut: ReadExpect = "login"): ReadExpect =>
    readers.includes(role) ? "ok" : signedOut ? whenSignedOut : others;
  if (access === "public") return "ok";
  if (access === "signedIn") return signedOut ? "login" : "ok";
  if (access === "organiser") return allow(["organiser", "admin"]);
  if (access === "eventOrganiser") return allow(["organiser", "otherOrganiser", "admin"]);
  if (access === "admin") return allow(["admin"]);
  if (access === "participant") return allow(PARTICIPANTS);
  return allow(access.readers, access.others, access.signedOut ?? "login");
}

// ------------------------------------------------------------------ secrets

export type Secret = {
  name: string;
  /** Strings (exact, case-sensitive) or patterns whose presence in a response is a leak. */
  markers: (w: ReadWorld) => (string | RegExp)[];
  readers: ReadRole[];
  /** Why no reader may see it yet (the "seen by a reader somewhere" check skips it). */
  mayBeAbsent?: string;
};

const answers = (marker: string) => [`topics-${marker}`, `diet-${marker}`, `access-${marker}`];
const ORGANISERS: ReadRole[] = ["organiser", "admin"];

export const SECRETS: Secret[] = [
  {
    name: "attendees-only note",
    markers: (w) => [w.notes.attendeesNote.title, `secret-attendees-note-${w.u}`],
    readers: ["confirmed", "author", "removedCoauthor", ...ORGANISERS],
  },
  {
    name: "partners-only note",
    markers: (w) => [w.notes.partnersNote.title, `secret-partners-note-${w.u}`],
    readers: ["partnerMember", "author", ...ORGANISERS],
  },
  {
    name: "partners-only note the removed co-author wrote",
    markers: (w) => [w.notes.removedNote.title, `secret-removed-note-${w.u}`],
    readers: ["partnerMember", "author", ...ORGANISERS],
  },
  // (Not its slug: an address someone types is echoed back, e.g. in the search form.)
  { name: "draft event", markers: (w) => [w.draftEvent.title], readers: ORGANISERS },
  {
    name: "note of the draft event",
    markers: (w) => [w.notes.draftNote.title, `secret-draft-note-${w.u}`],
    readers: ORGANISERS,
  },
  {
    name: "hidden dot tallies (in page data, and vote frames on the live stream)",
    markers: () => [/"votes":\s*[1-9]/, /"kind":"vote"[^\n]*"topicId"/],
    readers: ORGANISERS,
  },
  { name: "audit log (the organiser's IP)", markers: (w) => [w.auditIp], readers: ORGANISERS },
  // The key of the join link lets anyone in as a guest (ADR 028): organisers' pages and a facilitator's projector only.
  { name: "the guest join key", markers: (w) => [w.joinKey], readers: ORGANISERS },
  ...(
    [
      ["pending", (w: ReadWorld) => `pending-${w.u}`],
      ["waitlisted", (w: ReadWorld) => `waitlisted-${w.u}`],
      ["cancelled", (w: ReadWorld) => `cancelled-${w.u}`],
      ["confirmed", (w: ReadWorld) => `confirmed-${w.u}`],
      ["author", (w: ReadWorld) => `author-${w.u}`],
      ["removedCoauthor", (w: ReadWorld) => `removed-${w.u}`],
    ] as const
  ).map(([role, marker]): Secret => ({
    name: `registration answers of ${role}`,
    markers: (w) => answers(marker(w)),
    readers: [role, ...ORGANISERS],
  })),
  // Erased with the account: nobody, not even the organisers.
  { name: "registration answers of the deleted account", markers: (w) => answers(`deleted-${w.u}`), readers: [] },
  // Registrants' addresses: the attendee list, the outbox.
  ...(["pending", "waitlisted", "cancelled", "confirmed", "author", "removedCoauthor"] as const).map((role): Secret => ({
    name: `e-mail address of ${role}`,
    markers: (w) => [w.people[role].email],
    readers: [role, ...ORGANISERS],
  })),
  ...(["signedIn", "partnerMember", "otherOrganiser"] as const).map((role): Secret => ({
    name: `e-mail address of ${role}`,
    markers: (w) => [w.people[role].email],
    readers: [role, "admin"],
  })),
  { name: "the pending person's name", markers: (w) => [w.people.pending.name], readers: ["pending", ...ORGANISERS] },
  { name: "the waitlisted person's name", markers: (w) => [w.people.waitlisted.name], readers: ["waitlisted", ...ORGANISERS] },
  { name: "the deleted account's name and address", markers: (w) => [w.people.deleted.name, w.people.deleted.email], readers: [] },
  // A verification link proves an address to whoever follows it: only the admin's outbox may show one.
  {
    name: "e-mail verification links",
    markers: () => [/\/verify-email\/[\w-]{16,}/],
    readers: ["admin"],
  },
];

export function forbiddenSecrets(role: ReadRole) {
  return SECRETS.filter((s) => !s.readers.includes(role));
}

// ------------------------------------------------------------------ routes

export type ReadRoute = {
  /** The route file under app/routes/ (or "express:<name>" for an endpoint outside Remix). */
  file: string;
  label?: string;
  path: (w: ReadWorld) => string;
  access: ReadAccess;
  /** Also request it as a Remix data request (`?_data=<route id>`); false for resource routes. */
  data?: boolean;
  /** The live stream: read its replay until a sentinel frame. */
  stream?: boolean;
  /** Secrets this route shows to their readers (among the roles it lets in), or per role. */
  shows?: string[] | ((role: ReadRole) => string[]);
  /** Single cells that differ from `access` (e.g. 403 for a reader who may not edit). */
  expect?: Partial<Record<ReadRole, ReadExpect>>;
};

const A = (w: ReadWorld) => `/events/${w.eventA.slug}`;
const D = (w: ReadWorld) => `/events/${w.draftEvent.slug}`;
const B = (w: ReadWorld) => `/events/${w.eventB.slug}`;
const noteReaders = (name: string) => SECRETS.find((s) => s.name === name)!.readers;

export const READ_ROUTES: ReadRoute[] = [
  { file: "_index.tsx", path: () => "/", access: "public", data: true },
  { file: "privacy.tsx", path: () => "/privacy", access: "public", data: true },
  { file: "login.tsx", path: () => "/login", access: "public", data: true },
  { file: "signup.tsx", path: () => "/signup", access: "public", data: true },
  // Identity (ADR 018). A link that was never sent is refused (400) for everyone; a real one
  // is tested in tests/accounts/verification.test.ts and password-reset.test.ts.
  { file: "forgot-password.tsx", path: () => "/forgot-password", access: "public" },
  { file: "reset-password._index.tsx", path: () => "/reset-password", access: "public" },
  { file: "verify-email._index.tsx", path: () => "/verify-email", access: "public", data: true },
  {
    file: "verify-email.$token.tsx",
    label: "a link that was never sent",
    path: () => `/verify-email/${"A".repeat(43)}`,
    access: { readers: [], others: 400, signedOut: 400 },
  },
  {
    file: "reset-password.$token.tsx",
    label: "a link that was never sent",
    path: () => `/reset-password/${"A".repeat(43)}`,
    access: { readers: [], others: 400, signedOut: 400 },
  },
  { file: "healthz.tsx", path: () => "/healthz", access: "public" },
  { file: "$.tsx", label: "an unknown address", path: () => "/no-such-page", access: { readers: [], others: 404, signedOut: 404 } },
  { file: "logout.tsx", label: "GET /logout (sends home, signs nobody out)", path: () => "/logout", access: "public", data: true },
  {
    file: "events.new.tsx",
    path: () => "/events/new",
    access: { readers: ["otherOrganiser", "organiser", "admin"], others: 403 },
    data: true,
  },
  { file: "account_.deleted.tsx", path: () => "/account/deleted", access: "public" },
  { file: "account.tsx", path: () => "/account", access: "signedIn", data: true, shows: (role) => [`e-mail address of ${role}`] },
  {
    file: "account.export[.]json.tsx",
    path: () => "/account/export.json",
    access: "signedIn",
    shows: (role) => [`registration answers of ${role}`, `e-mail address of ${role}`],
  },
  { file: "admin.audit.tsx", path: () => "/admin/audit", access: "admin", data: true, shows: ["audit log (the organiser's IP)"] },
  {
    file: "outbox.tsx",
    path: () => "/outbox",
    access: "eventOrganiser",
    data: true,
    shows: ["e-mail address of pending", "e-mail address of cancelled", "e-mail verification links"],
  },

  // Event A
  { file: "events.$slug._index.tsx", path: A, access: "public", data: true, shows: ["the guest join key"] },
  { file: "events.$slug.register.tsx", path: (w) => `${A(w)}/register`, access: "public", data: true },
  {
    file: "events.$slug.attendees.tsx",
    path: (w) => `${A(w)}/attendees`,
    access: "organiser",
    data: true,
    shows: [
      ...(["pending", "waitlisted", "confirmed", "author", "removedCoauthor"] as const).flatMap((r) => [
        `registration answers of ${r}`,
        `e-mail address of ${r}`,
      ]),
      "the pending person's name",
      "the waitlisted person's name",
    ],
  },
  {
    file: "events.$slug.attendees[.]csv.tsx",
    path: (w) => `${A(w)}/attendees.csv`,
    access: "organiser",
    shows: ["registration answers of confirmed", "registration answers of author"],
  },
  {
    file: "events.$slug.audit.tsx",
    path: (w) => `${A(w)}/audit`,
    access: "organiser",
    data: true,
    shows: ["audit log (the organiser's IP)"],
  },
  // Registration questions and messages to attendees (ADR 022).
  { file: "events.$slug.questions.tsx", path: (w) => `${A(w)}/questions`, access: "organiser", data: true },
  { file: "events.$slug.messages.tsx", path: (w) => `${A(w)}/messages`, access: "organiser", data: true },
  { file: "events.$slug.edit.tsx", path: (w) => `${A(w)}/edit`, access: "organiser", data: true },
  { file: "events.$slug.guests.tsx", path: (w) => `${A(w)}/guests`, access: "organiser", data: true, shows: ["the guest join key"] },
  { file: "events.$slug.board.tsx", path: (w) => `${A(w)}/board`, access: "public", data: true },
  // The join page (ADR 025): a form for visitors; everyone who may take part is sent on.
  // Without the join key (ADR 028) a signed-out visitor gets 403 "no longer valid".
  {
    file: "events.$slug.join.tsx",
    path: (w) => `${A(w)}/join`,
    access: "public",
    data: true,
    expect: { anonymous: 403, deleted: 403 },
  },
  {
    file: "events.$slug.join.tsx",
    label: "the draft event's join page",
    path: (w) => `${D(w)}/join`,
    access: { readers: ORGANISERS, others: 404, signedOut: 404 },
    data: true,
  },
  {
    file: "events.$slug.boards.$boardId.tsx",
    path: (w) => `${A(w)}/boards/${w.board.id}`,
    access: "public",
    data: true,
    shows: ["hidden dot tallies (in page data, and vote frames on the live stream)"],
  },
  {
    file: "events.$slug.boards.$boardId_.present.tsx",
    path: (w) => `${A(w)}/boards/${w.board.id}/present`,
    access: "public",
    data: true,
    shows: ["the guest join key"],
  },
  { file: "events.$slug.boards.$boardId_.summary.tsx", path: (w) => `${A(w)}/boards/${w.board.id}/summary`, access: "public", data: true },
  {
    file: "events.$slug.boards.$boardId_.live.tsx",
    label: "the live stream: replay from the first frame, and live frames",
    path: (w) => `${A(w)}/boards/${w.board.id}/live`,
    access: "public",
    stream: true,
  },
  { file: "events.$slug.schedule.tsx", path: (w) => `${A(w)}/schedule`, access: "public", data: true },
  { file: "events.$slug.schedule_.setup.tsx", path: (w) => `${A(w)}/schedule/setup`, access: "organiser", data: true },
  { file: "events.$slug.schedule[.]ics.tsx", path: (w) => `${A(w)}/schedule.ics`, access: "public" },
  { file: "events.$slug.agenda.tsx", path: (w) => `${A(w)}/agenda`, access: "signedIn", data: true },
  {
    file: "events.$slug.agenda[.]ics.tsx",
    label: "a personal agenda feed (its token is the key)",
    path: (w) => `${A(w)}/agenda.ics?token=${encodeURIComponent(w.agendaToken)}`,
    access: "public",
  },
  {
    file: "events.$slug.agenda[.]ics.tsx",
    label: "an agenda feed with a wrong token",
    path: (w) => `${A(w)}/agenda.ics?token=wrong-${w.u}`,
    access: { readers: [], others: 404, signedOut: 404 },
  },
  { file: "events.$slug.now.tsx", path: (w) => `${A(w)}/now`, access: "public", data: true },
  { file: "events.$slug.sessions.$id.tsx", path: (w) => `${A(w)}/sessions/${w.session.id}`, access: "public", data: true },
  {
    file: "events.$slug.sessions.$id_.edit.tsx",
    path: (w) => `${A(w)}/sessions/${w.session.id}/edit`,
    access: { readers: ["author", "organiser", "admin"], others: 403 },
    data: true,
  },
  { file: "events.$slug.sessions.new.tsx", path: (w) => `${A(w)}/sessions/new`, access: "participant", data: true },
  {
    file: "events.$slug.notes[.]md.tsx",
    path: (w) => `${A(w)}/notes.md`,
    access: "public",
    shows: ["attendees-only note", "partners-only note"],
  },
  {
    file: "events.$slug.notes.print.tsx",
    path: (w) => `${A(w)}/notes/print`,
    access: "public",
    data: true,
    shows: ["attendees-only note", "partners-only note", "partners-only note the removed co-author wrote"],
  },

  // The draft event: it exists only for its organisers.
  {
    file: "events.$slug._index.tsx",
    label: "the draft event",
    path: D,
    access: { readers: ORGANISERS, others: 404, signedOut: 404 },
    data: true,
    shows: ["draft event"],
  },
  {
    file: "events.$slug.notes[.]md.tsx",
    label: "the draft event's notes",
    path: (w) => `${D(w)}/notes.md`,
    access: { readers: ORGANISERS, others: 404, signedOut: 404 },
    shows: ["draft event", "note of the draft event"],
  },
  {
    file: "events.$slug.notes.print.tsx",
    label: "the draft event's printable notes",
    path: (w) => `${D(w)}/notes/print`,
    access: { readers: ORGANISERS, others: 404, signedOut: 404 },
    data: true,
    shows: ["draft event", "note of the draft event"],
  },
  // The event's calendar entry, copying it as the next installment, its series (issue 14).
  { file: "events.$slug.event[.]ics.tsx", path: (w) => `${A(w)}/event.ics`, access: "public" },
  {
    file: "events.$slug.event[.]ics.tsx",
    label: "the draft event's calendar entry",
    path: (w) => `${D(w)}/event.ics`,
    access: { readers: [], others: 404, signedOut: 404 },
  },
  { file: "events.$slug.copy.tsx", path: (w) => `${A(w)}/copy`, access: "organiser", data: true },
  {
    file: "series.$slug.tsx",
    label: "the series of event A and the draft",
    path: (w) => `/series/${slugify(w.eventA.series ?? "")}`,
    access: "public",
    data: true,
    shows: ["attendees-only note", "partners-only note", "draft event"],
  },
  {
    file: "series.$slug.tsx",
    label: "an unknown series",
    path: () => "/series/no-such-series",
    access: { readers: [], others: 404, signedOut: 404 },
  },
  // Another organiser's event: its attendee list is not ours.
  {
    file: "events.$slug.attendees.tsx",
    label: "event B's attendee list",
    path: (w) => `${B(w)}/attendees`,
    access: { readers: ["otherOrganiser", "admin"], others: 403 },
    data: true,
  },

  // Notes
  { file: "notes._index.tsx", path: () => "/notes", access: "public", data: true, shows: ["attendees-only note", "partners-only note"] },
  {
    file: "notes._index.tsx",
    label: "searching for the secret words",
    path: (w) => `/notes?q=${encodeURIComponent(`secret ${w.u}`)}`,
    access: "public",
    data: true,
  },
  { file: "notes._index.tsx", label: "notes of event A", path: (w) => `/notes?event=${w.eventA.slug}`, access: "public", data: true },
  {
    file: "notes._index.tsx",
    label: "notes of the draft event",
    path: (w) => `/notes?event=${w.draftEvent.slug}`,
    access: "public",
    data: true,
  },
  {
    file: "notes._index.tsx",
    label: "notes by the pending person",
    path: (w) => `/notes?author=${w.people.pending.id}`,
    access: "public",
    data: true,
  },
  {
    file: "notes._index.tsx",
    label: "notes by the removed co-author",
    path: (w) => `/notes?author=${w.people.removedCoauthor.id}`,
    access: "public",
    data: true,
  },
  { file: "notes.feed[.]xml.tsx", path: () => "/notes/feed.xml", access: "public" },
  { file: "notes.new.tsx", path: () => "/notes/new", access: "signedIn", data: true },
  { file: "notes.$id._index.tsx", label: "the public note", path: (w) => `/notes/${w.notes.publicNote.id}`, access: "public", data: true },
  {
    file: "notes.$id._index.tsx",
    label: "the deleted account's note",
    path: (w) => `/notes/${w.notes.deletedNoteId}`,
    access: "public",
    data: true,
  },
  ...(
    [
      ["attendeesNote", "attendees-only note"],
      ["partnersNote", "partners-only note"],
      ["removedNote", "partners-only note the removed co-author wrote"],
      ["draftNote", "note of the draft event"],
    ] as const
  ).flatMap(([key, secret]): ReadRoute[] => [
    {
      file: "notes.$id._index.tsx",
      label: `the ${secret}`,
      path: (w) => `/notes/${w.notes[key].id}`,
      access: { readers: noteReaders(secret), others: 404, signedOut: 404 },
      data: true,
      shows: [secret],
    },
    {
      file: "notes.$id.history.tsx",
      label: `history of the ${secret}`,
      path: (w) => `/notes/${w.notes[key].id}/history`,
      access: { readers: noteReaders(secret), others: 404, signedOut: 404 },
      data: true,
      shows: [secret],
    },
  ]),
  // Admin console and invitations (ADR 019)
  { file: "admin._index.tsx", path: () => "/admin", access: "admin", data: true },
  { file: "admin.organisations.tsx", path: () => "/admin/organisations", access: "admin", data: true },
  {
    file: "admin.people.tsx",
    path: (w) => `/admin/people?q=${encodeURIComponent(w.people.pending.email)}`,
    access: "admin",
    data: true,
    shows: ["e-mail address of pending", "the pending person's name"],
  },
  { file: "events.$slug.invitations.tsx", path: (w) => `${A(w)}/invitations`, access: "organiser", data: true },
  {
    file: "events.$slug.invitations.tsx",
    label: "event B's invitations",
    path: (w) => `${B(w)}/invitations`,
    access: { readers: ["otherOrganiser", "admin"], others: 403 },
    data: true,
  },
  {
    file: "invite.$token.tsx",
    label: "a forged invitation link",
    path: (w) => `/invite/${"A".repeat(33)}${w.u.slice(0, 10).padEnd(10, "x")}`,
    access: { readers: [], others: 404, signedOut: 404 },
  },
  {
    file: "notes.$id.co-authors.tsx",
    path: (w) => `/notes/${w.notes.publicNote.id}/co-authors`,
    access: { readers: ["author", "organiser", "admin"], others: 403 },
    data: true,
  },
  {
    file: "notes.$id.edit.tsx",
    label: "editing the partners-only note",
    path: (w) => `/notes/${w.notes.partnersNote.id}/edit`,
    access: { readers: ["author", "organiser", "admin"], others: 404 },
    // A partner member may read the note but not edit it.
    expect: { partnerMember: 403 },
    data: true,
  },
];

export const readCaseName = (r: ReadRoute) => `${r.file}${r.label ? ` (${r.label})` : ""}`;

// ------------------------------------------------------------------ known leaks
// Cells where today's main still shows what the role may not see: each names the finding
// (issue 18) or the work that fixes it. The matrix asserts that these leaks still happen
// (so it fails, and the entry must go, the day the fix lands) and that nothing else leaks.
// Fixed and taken off (live-notes-leaks merged): vote frames on the live stream while
// tallies are hidden (finding 2), the export of a partners-only note to its removed
// co-author (finding 5), /notes?author=<id> naming anyone (finding 7).

/** `secret` is a secret's name, or STATUS: the cell's status differs from the table because of the leak. */
export type KnownLeak = { route: string; roles: ReadRole[]; secret: string; finding: string };
export const STATUS = "(status)";

// Fixed and taken off (identity): every partners-only note `signedIn` got by typing the
// partner's name at sign-up (notes pages, history, search, the series page, the Markdown export, print).
export const KNOWN_LEAKS: KnownLeak[] = [];
