// THE table of every state-changing route (each POST action, each intent within it).
// The authorisation matrix, the fuzz pass and the CSRF suite are all generated from it,
// and a guard test fails when a route file with an `action` is missing here, so a new
// route cannot be forgotten.
//
// A row names the route file, the intent, who may do it (`access`), the world state it
// needs (`setup`/`prepare`) and a valid form for it (`fields`). Expected statuses are
// derived from `access`: allowed → a 2xx or a redirect that is not to /login; anonymous
// and not allowed → redirect to /login; signed in and not allowed → `denied` (403 unless
// the row says 404: a record the actor may not even see). `expect` overrides single cells.
import { TEST_PASSWORD } from "../helpers/factories";
import type { Role, World, WorldSetup } from "./world";
import { giveStar, giveVote, placeInGrid, checkIn, WORLD_DAY, WORLD_YEAR } from "./world";
import crypto from "node:crypto";
import { getDb } from "#db/client";
import { authSessions, eventPartners, events, notes } from "#db/schema";
import { eq } from "drizzle-orm";
import { addDomain } from "~/admin/organisations.server";
import { setAdmin, setMayCreateEvents } from "~/admin/people.server";
import { createInvitation } from "~/invitations/links.server";
import { joinKeyOf } from "~/guests/join-key.server";
import { joinPath } from "~/guests/join-link";
import { updateNote } from "~/notes/edit-note.server";
import { addQuestion } from "~/registration/questions.server";
import { questionFormSchema } from "~/registration/questions-schema";
import { makeOrganisation } from "../helpers/factories";

export type Access =
  | "public" // anyone, also signed out
  | "user" // anyone signed in, acting on their own records
  | "creator" // may create events: organisers of any event and admins
  | "participant" // confirmed attendees and organisers of event A, admins
  | "organiser" // organisers of event A and admins
  | "owner" // the author of the record only
  | "ownerOrOrganiser" // the author, organisers of event A, admins
  | "admin" // admins only (the admin console)
  | "nobody"; // a record of event B addressed through event A, an unknown URL…

export type Expect = "ok" | "login" | 400 | 403 | 404 | 409;
export type Fields = Record<string, string | string[]>;
export type Actor = { id: number; email: string; name: string } | null;

export type RouteCase = {
  /** The file under app/routes/ whose action this is. */
  file: string;
  /** The hidden `intent` value, or "(form)" for single-purpose forms. */
  intent: string;
  /** A short label for the case (defaults to the intent). */
  label?: string;
  access: Access;
  /** Status for a signed-in actor who is not allowed (403 unless the record is hidden). */
  denied?: 400 | 403 | 404;
  expect?: Partial<Record<Role, Expect>>;
  setup?: WorldSetup;
  path: (w: World) => string;
  fields: (w: World, actor: Actor) => Fields;
  /** Runs after the world is built and before the request; may add fields. */
  prepare?: (w: World, actor: Actor, role: Role) => Fields | void;
  /** Fields whose text is shown back on a page (for the XSS corpus and the fuzzer). */
  textFields?: string[];
  /** A bug found and not yet fixed: the matrix runs the row as `it.fails` until it is. */
  knownBug?: string;
};

const uid = () => crypto.randomBytes(5).toString("hex");
const A = (w: World) => `/events/${w.eventA.slug}`;
const QUESTIONS = (w: World) => `${A(w)}/questions`;
const MESSAGES = (w: World) => `${A(w)}/messages`;
/** A question of the event, made through the editor's domain function. */
const questionOf = (eventId: number) =>
  addQuestion(eventId, questionFormSchema.parse({ intent: "add", label: `Question ${uid()}`, kind: "short_text", audience: "everyone" }), {
    actorId: null,
  }).id;

const ALLOWED: Record<Access, Role[]> = {
  public: ["anonymous", "otherAttendee", "attendee", "author", "otherOrganiser", "organiser", "admin"],
  user: ["otherAttendee", "attendee", "author", "otherOrganiser", "organiser", "admin"],
  creator: ["otherOrganiser", "organiser", "admin"],
  participant: ["attendee", "author", "organiser", "admin"],
  organiser: ["organiser", "admin"],
  owner: ["author"],
  ownerOrOrganiser: ["author", "organiser", "admin"],
  admin: ["admin"],
  nobody: [],
};

export function expectedFor(row: RouteCase, role: Role): Expect {
  const override = row.expect?.[role];
  if (override !== undefined) return override;
  // A guest of event A (ADR 025) takes part on A's boards as an attendee holding no record
  // of its own does; everywhere else it is a signed-out visitor.
  if (role === "guest") return expectedFor(row, BOARD_FILE_NAMES.has(row.file) ? "attendee" : "anonymous");
  if (ALLOWED[row.access].includes(role)) return "ok";
  return role === "anonymous" ? "login" : (row.denied ?? 403);
}

/** Only people who could have starred a session of A hold a star to take back. */
function starIfParticipant(w: World, actor: Actor, role: Role) {
  if (actor && ALLOWED.participant.includes(role)) giveStar(w.session1.id, actor.id);
}

/** Another login session of the actor (for "end one of my sessions"). */
function extraSession(userId: number) {
  const id = crypto.randomBytes(32).toString("hex");
  getDb()
    .insert(authSessions)
    .values({ id, userId, expiresAt: new Date(Date.now() + 86_400_000), userAgent: "Firefox/130" })
    .run();
  return id;
}

const eventForm = (title = `Exchange ${uid()}`): Fields => ({
  title,
  summary: "A morning of shared lessons",
  description: "We **meet** and learn.",
  format: "unconference",
  series: "A × B",
  venue: "Main hall",
  timeZone: "Europe/Berlin",
  startsAt: `${WORLD_YEAR + 1}-03-03T09:00`,
  endsAt: `${WORLD_YEAR + 1}-03-03T17:00`,
  capacity: "40",
  status: "draft",
});

// ------------------------------------------------------------------------- board

const BOARD_FILES = {
  byId: { file: "events.$slug.boards.$boardId.tsx", path: (w: World) => `${A(w)}/boards/${w.board.id}` },
  first: { file: "events.$slug.board.tsx", path: (w: World) => `${A(w)}/board` },
};

const BOARD_FILE_NAMES = new Set(Object.values(BOARD_FILES).map((b) => b.file));

type BoardIntent = Omit<RouteCase, "file" | "path">;

const boardIntents: BoardIntent[] = [
  {
    intent: "create-board",
    access: "organiser",
    fields: () => ({ intent: "create-board", title: "Afternoon board" }),
    textFields: ["title"],
  },
  {
    intent: "propose",
    access: "participant",
    fields: () => ({ intent: "propose", title: "Observability on a budget", description: "How do you do it?" }),
    textFields: ["title", "description"],
  },
  {
    intent: "edit-topic",
    access: "owner",
    fields: (w) => ({ intent: "edit-topic", topicId: String(w.topic1.id), title: "Flaky tests, again", description: "Still" }),
    textFields: ["title", "description"],
  },
  { intent: "withdraw", access: "ownerOrOrganiser", fields: (w) => ({ intent: "withdraw", topicId: String(w.topic1.id) }) },
  { intent: "vote", access: "participant", setup: { phase: "vote" }, fields: (w) => ({ intent: "vote", topicId: String(w.topic1.id) }) },
  {
    intent: "unvote",
    access: "participant",
    setup: { phase: "vote" },
    prepare: (w, actor) => {
      if (actor) giveVote(w, actor.id);
    },
    fields: (w) => ({ intent: "unvote", topicId: String(w.topic1.id) }),
  },
  { intent: "start", access: "organiser", setup: { phase: "discuss" }, fields: (w) => ({ intent: "start", topicId: String(w.topic1.id) }) },
  {
    intent: "end-timebox",
    access: "organiser",
    setup: { phase: "discuss", topic: "discussing-running" },
    fields: (w) => ({ intent: "end-timebox", topicId: String(w.topic1.id) }),
  },
  {
    intent: "extend",
    access: "organiser",
    setup: { phase: "discuss", topic: "discussing-ended" },
    fields: (w) => ({ intent: "extend", topicId: String(w.topic1.id) }),
  },
  {
    intent: "roman",
    access: "participant",
    setup: { phase: "discuss", topic: "discussing-ended" },
    fields: (w) => ({ intent: "roman", topicId: String(w.topic1.id), value: "continue" }),
  },
  {
    intent: "finish",
    access: "organiser",
    setup: { phase: "discuss", topic: "discussing-ended" },
    fields: (w) => ({ intent: "finish", topicId: String(w.topic1.id), takeaways: "Quarantine flaky tests.", visibility: "public" }),
    textFields: ["takeaways"],
  },
  {
    intent: "takeaways",
    access: "organiser",
    setup: { phase: "discuss", topic: "discussed" },
    fields: (w) => ({ intent: "takeaways", topicId: String(w.topic1.id), takeaways: "Retry less, fix more.", visibility: "public" }),
    textFields: ["takeaways"],
  },
  { intent: "phase", access: "organiser", fields: () => ({ intent: "phase", phase: "vote" }) },
  {
    intent: "settings",
    access: "organiser",
    fields: () => ({
      intent: "settings",
      title: "Morning board",
      votesPerPerson: "4",
      allowStacking: "on",
      timeboxMinutes: "8",
      extensionMinutes: "4",
      takeawaysBy: "anyone",
    }),
    textFields: ["title"],
  },
  {
    intent: "merge",
    access: "organiser",
    fields: (w) => ({ intent: "merge", sourceId: String(w.topic2.id), targetId: String(w.topic1.id) }),
  },
  {
    intent: "carry-over",
    access: "organiser",
    setup: { phase: "closed" },
    fields: (w) => ({ intent: "carry-over", targetBoardId: String(w.board2.id) }),
  },
  {
    intent: "promote",
    access: "organiser",
    fields: (w) => ({ intent: "promote", topicId: String(w.topic1.id), targetEventId: String(w.eventA.id) }),
  },
];

const boardRows: RouteCase[] = [
  ...boardIntents.map((b) => ({ ...b, ...BOARD_FILES.byId })),
  ...boardIntents.map((b) => ({ ...b, ...BOARD_FILES.first })),
  // Per record: a topic of event B addressed through event A's board.
  {
    ...BOARD_FILES.byId,
    intent: "vote",
    label: "vote on another event's topic",
    access: "nobody",
    denied: 404,
    expect: { otherAttendee: 403, otherOrganiser: 403 },
    setup: { phase: "vote" },
    fields: (w) => ({ intent: "vote", topicId: String(w.topicB.id) }),
  },
  {
    ...BOARD_FILES.byId,
    intent: "carry-over",
    label: "carry over to another event's board",
    access: "nobody",
    expect: { admin: "ok" },
    setup: { phase: "closed" },
    fields: (w) => ({ intent: "carry-over", targetBoardId: String(w.boardB.id) }),
  },
  {
    ...BOARD_FILES.byId,
    intent: "promote",
    label: "promote another event's topic",
    access: "nobody",
    expect: { admin: "ok" },
    fields: (w) => ({ intent: "promote", topicId: String(w.topicB.id), targetEventId: String(w.eventA.id) }),
  },
  {
    ...BOARD_FILES.byId,
    intent: "promote",
    label: "promote into another event",
    access: "nobody",
    expect: { admin: "ok" },
    fields: (w) => ({ intent: "promote", topicId: String(w.topic1.id), targetEventId: String(w.eventB.id) }),
  },
  {
    ...BOARD_FILES.byId,
    intent: "merge",
    label: "merge another event's topic",
    access: "nobody",
    denied: 404,
    expect: { otherAttendee: 403, attendee: 403, author: 403, otherOrganiser: 403 },
    fields: (w) => ({ intent: "merge", sourceId: String(w.topicB.id), targetId: String(w.topic1.id) }),
  },
  {
    ...BOARD_FILES.byId,
    intent: "takeaways",
    label: "takeaways on another event's topic",
    access: "nobody",
    denied: 404,
    // On this board only facilitators record takeaways: attendees are refused before the topic is looked up.
    expect: { otherAttendee: 403, otherOrganiser: 403, attendee: 403, author: 403 },
    setup: { phase: "discuss", topic: "discussed" },
    fields: (w) => ({ intent: "takeaways", topicId: String(w.topicB.id), takeaways: "Stolen", visibility: "public" }),
  },
  {
    file: "events.$slug.boards.$boardId.tsx",
    path: (w) => `${A(w)}/boards/${w.boardB.id}`,
    intent: "phase",
    label: "another event's board under this event's address",
    access: "nobody",
    denied: 404,
    expect: { anonymous: "login" },
    fields: () => ({ intent: "phase", phase: "vote" }),
  },
];

// ------------------------------------------------------------------------- schedule

const SETUP = (w: World) => `${A(w)}/schedule/setup`;
const SCHEDULE = (w: World) => `${A(w)}/schedule`;
const SESSION = (id: (w: World) => number) => (w: World) => `${A(w)}/sessions/${id(w)}`;

const scheduleRows: RouteCase[] = [
  {
    file: "events.$slug.schedule_.setup.tsx",
    path: SETUP,
    intent: "save-room",
    access: "organiser",
    fields: () => ({ intent: "save-room", name: "Garden", capacity: "12" }),
    textFields: ["name"],
  },
  {
    file: "events.$slug.schedule_.setup.tsx",
    path: SETUP,
    intent: "save-slot",
    access: "organiser",
    fields: () => ({ intent: "save-slot", startsAt: `${WORLD_DAY}T16:00`, endsAt: `${WORLD_DAY}T16:45`, kind: "session", label: "Late" }),
    textFields: ["label"],
  },
  {
    file: "events.$slug.schedule_.setup.tsx",
    path: SETUP,
    intent: "delete-room",
    access: "organiser",
    fields: (w) => ({ intent: "delete-room", roomId: String(w.room2.id), confirm: "yes" }),
  },
  {
    file: "events.$slug.schedule_.setup.tsx",
    path: SETUP,
    intent: "delete-slot",
    access: "organiser",
    fields: (w) => ({ intent: "delete-slot", slotId: String(w.slot2.id), confirm: "yes" }),
  },
  {
    file: "events.$slug.schedule_.setup.tsx",
    path: SETUP,
    intent: "marketplace",
    access: "organiser",
    fields: () => ({ intent: "marketplace", open: "on" }),
  },
  {
    file: "events.$slug.schedule_.setup.tsx",
    path: SETUP,
    intent: "delete-room",
    label: "delete another event's room",
    access: "nobody",
    denied: 404,
    expect: { otherAttendee: 403, attendee: 403, author: 403, otherOrganiser: 403 },
    fields: (w) => ({ intent: "delete-room", roomId: String(w.roomB.id), confirm: "yes" }),
  },

  {
    file: "events.$slug.schedule.tsx",
    path: SCHEDULE,
    intent: "place",
    access: "organiser",
    fields: (w) => ({ intent: "place", sessionId: String(w.session1.id), roomId: String(w.room.id), slotId: String(w.slot.id) }),
  },
  {
    file: "events.$slug.schedule.tsx",
    path: SCHEDULE,
    intent: "place",
    label: "place in the open marketplace",
    access: "ownerOrOrganiser",
    setup: { marketplace: true },
    fields: (w) => ({ intent: "place", sessionId: String(w.session1.id), roomId: String(w.room.id), slotId: String(w.slot.id) }),
  },
  {
    file: "events.$slug.schedule.tsx",
    path: SCHEDULE,
    intent: "unplace",
    access: "organiser",
    prepare: (w) => placeInGrid(w.session1.id, w.room.id, w.slot.id),
    fields: (w) => ({ intent: "unplace", sessionId: String(w.session1.id) }),
  },
  {
    file: "events.$slug.schedule.tsx",
    path: SCHEDULE,
    intent: "star",
    access: "participant",
    fields: (w) => ({ intent: "star", sessionId: String(w.session1.id) }),
  },
  {
    file: "events.$slug.schedule.tsx",
    path: SCHEDULE,
    intent: "unstar",
    // Taking back one's own star is always allowed (also after cancelling); an outsider has none: a no-op.
    access: "user",
    prepare: starIfParticipant,
    fields: (w) => ({ intent: "unstar", sessionId: String(w.session1.id) }),
  },
  {
    file: "events.$slug.schedule.tsx",
    path: SCHEDULE,
    intent: "star",
    label: "star another event's session",
    access: "nobody",
    denied: 404,
    expect: { otherAttendee: 403, otherOrganiser: 403 },
    fields: (w) => ({ intent: "star", sessionId: String(w.sessionB.id) }),
  },

  {
    file: "events.$slug.sessions.$id.tsx",
    path: SESSION((w) => w.session2.id),
    intent: "merge",
    access: "organiser",
    fields: (w) => ({ intent: "merge", intoId: String(w.session1.id) }),
  },
  {
    file: "events.$slug.sessions.$id.tsx",
    path: SESSION((w) => w.session1.id),
    intent: "star",
    access: "participant",
    fields: () => ({ intent: "star" }),
  },
  {
    file: "events.$slug.sessions.$id.tsx",
    path: SESSION((w) => w.session1.id),
    intent: "unstar",
    // Taking back one's own star is always allowed (also after cancelling); an outsider has none: a no-op.
    access: "user",
    prepare: starIfParticipant,
    fields: () => ({ intent: "unstar" }),
  },
  {
    file: "events.$slug.sessions.$id.tsx",
    path: SESSION((w) => w.session2.id),
    intent: "withdraw",
    access: "ownerOrOrganiser",
    fields: () => ({ intent: "withdraw", confirm: "yes" }),
  },
  {
    file: "events.$slug.sessions.$id.tsx",
    path: SESSION((w) => w.session2.id),
    intent: "accept",
    access: "organiser",
    fields: () => ({ intent: "accept" }),
  },
  {
    file: "events.$slug.sessions.$id.tsx",
    path: SESSION((w) => w.session2.id),
    intent: "decline",
    access: "organiser",
    fields: () => ({ intent: "decline", confirm: "yes" }),
  },
  {
    file: "events.$slug.sessions.$id.tsx",
    path: SESSION((w) => w.session1.id),
    intent: "cancel",
    access: "organiser",
    fields: () => ({ intent: "cancel", confirm: "yes" }),
  },
  {
    file: "events.$slug.schedule.tsx",
    path: SCHEDULE,
    intent: "place",
    label: "place into another event's room",
    access: "nobody",
    denied: 404,
    expect: { otherAttendee: 403, attendee: 403, author: 403, otherOrganiser: 403 },
    fields: (w) => ({ intent: "place", sessionId: String(w.session1.id), roomId: String(w.roomB.id), slotId: String(w.slot.id) }),
  },
  {
    file: "events.$slug.sessions.$id.tsx",
    path: SESSION((w) => w.session2.id),
    intent: "merge",
    label: "merge into another event's session",
    access: "nobody",
    denied: 404,
    expect: { otherAttendee: 403, attendee: 403, author: 403, otherOrganiser: 403 },
    fields: (w) => ({ intent: "merge", intoId: String(w.sessionB.id) }),
  },
  {
    file: "events.$slug.sessions.$id.tsx",
    path: SESSION((w) => w.sessionB.id),
    intent: "accept",
    label: "decide another event's session",
    access: "nobody",
    denied: 404,
    expect: { otherAttendee: 403, attendee: 403, author: 403, otherOrganiser: 403 },
    fields: () => ({ intent: "accept" }),
  },

  {
    file: "events.$slug.sessions.$id_.edit.tsx",
    path: (w) => `${A(w)}/sessions/${w.session2.id}/edit`,
    intent: "(form)",
    access: "ownerOrOrganiser",
    fields: (w) => ({
      title: "Proposed session, sharper",
      abstract: "Now with *focus*.",
      format: "workshop",
      hostIds: [String(w.people.author.id)],
      tags: "ops, testing",
    }),
    textFields: ["title", "abstract", "tags"],
  },
  {
    file: "events.$slug.sessions.new.tsx",
    path: (w) => `${A(w)}/sessions/new`,
    intent: "(form)",
    access: "participant",
    fields: (w) => ({
      title: "Chaos days",
      abstract: "Break things *safely*.",
      format: "talk",
      hostIds: [String(w.people.author.id)],
      tags: "resilience",
    }),
    textFields: ["title", "abstract", "tags"],
  },

  {
    file: "events.$slug.agenda.tsx",
    path: (w) => `${A(w)}/agenda`,
    intent: "create-feed",
    access: "participant",
    fields: () => ({ intent: "create-feed", confirmReplace: "yes" }),
  },
  // Revoking only ever touches the actor's own links (none, for outsiders): allowed, a no-op.
  {
    file: "events.$slug.agenda.tsx",
    path: (w) => `${A(w)}/agenda`,
    intent: "revoke-feed",
    access: "user",
    fields: () => ({ intent: "revoke-feed" }),
  },
  {
    file: "events.$slug.agenda.tsx",
    path: (w) => `${A(w)}/agenda`,
    intent: "star",
    access: "participant",
    fields: (w) => ({ intent: "star", sessionId: String(w.session1.id) }),
  },
  {
    file: "events.$slug.agenda.tsx",
    path: (w) => `${A(w)}/agenda`,
    intent: "unstar",
    // Taking back one's own star is always allowed (also after cancelling); an outsider has none: a no-op.
    access: "user",
    prepare: starIfParticipant,
    fields: (w) => ({ intent: "unstar", sessionId: String(w.session1.id) }),
  },
];

// ------------------------------------------------------------------------- registration

const ATTENDEES = (w: World) => `${A(w)}/attendees`;

const registrationRows: RouteCase[] = [
  {
    file: "events.$slug.register.tsx",
    path: (w) => `${A(w)}/register`,
    intent: "register",
    access: "public",
    // Already confirmed: a conflict, not a second registration.
    expect: { attendee: 409, author: 409 },
    fields: (_w, actor): Fields =>
      // A guest has no account (no e-mail): it registers as a visitor does.
      actor?.email
        ? { intent: "register", jobRole: "SRE", topics: "On-call", dietary: "Vegan", accessibility: "Step-free", consent: "on" }
        : {
            intent: "register",
            name: "Vera Visitor",
            email: `visitor-${uid()}@test.example`,
            password: "visiting-strongly-42",
            organisation: "Visitor GmbH",
            jobRole: "SRE",
            topics: "On-call",
            dietary: "Vegan",
            accessibility: "Step-free",
            consent: "on",
          },
    textFields: ["name", "organisation", "jobRole", "topics", "dietary", "accessibility"],
  },
  {
    file: "events.$slug.register.tsx",
    path: (w) => `${A(w)}/register`,
    intent: "cancel",
    access: "user",
    // Only people with a registration have one to cancel.
    expect: { otherAttendee: 409, otherOrganiser: 409, organiser: 409, admin: 409 },
    fields: () => ({ intent: "cancel" }),
  },
  {
    file: "events.$slug.attendees.tsx",
    path: ATTENDEES,
    intent: "approve",
    access: "organiser",
    fields: (w) => ({ intent: "approve", registrationId: String(w.pendingRegistration.id) }),
  },
  {
    file: "events.$slug.attendees.tsx",
    path: ATTENDEES,
    intent: "decline",
    access: "organiser",
    fields: (w) => ({ intent: "decline", registrationId: String(w.pendingRegistration.id) }),
  },
  {
    file: "events.$slug.attendees.tsx",
    path: ATTENDEES,
    intent: "waitlist",
    access: "organiser",
    fields: (w) => ({ intent: "waitlist", registrationId: String(w.pendingRegistration.id) }),
  },
  {
    file: "events.$slug.attendees.tsx",
    path: ATTENDEES,
    intent: "check-in",
    access: "organiser",
    fields: (w) => ({ intent: "check-in", registrationId: String(w.authorRegistration.id) }),
  },
  {
    file: "events.$slug.attendees.tsx",
    path: ATTENDEES,
    intent: "undo-check-in",
    access: "organiser",
    prepare: (w) => checkIn(w.authorRegistration.id),
    fields: (w) => ({ intent: "undo-check-in", registrationId: String(w.authorRegistration.id) }),
  },
  {
    file: "events.$slug.attendees.tsx",
    path: ATTENDEES,
    intent: "walk-in",
    access: "organiser",
    // "override": the world's event may be full; the case is about who may add one.
    fields: () => ({
      intent: "walk-in",
      name: "Walter Walk-in",
      email: `walk-in-${uid()}@test.example`,
      consent: "on",
      checkInNow: "on",
      whenFull: "override",
    }),
    textFields: ["name"],
  },
  {
    file: "events.$slug.attendees.tsx",
    path: ATTENDEES,
    intent: "walk-in-link",
    access: "organiser",
    fields: () => ({ intent: "walk-in-link", email: `walk-in-link-${uid()}@test.example` }),
  },
  {
    file: "events.$slug.attendees.tsx",
    path: ATTENDEES,
    intent: "approve",
    label: "approve a registration of another event",
    access: "nobody",
    expect: { organiser: 404, admin: 404 },
    // Event B's registration, addressed through event A's list.
    fields: (w) => ({ intent: "approve", registrationId: String(w.registrationB.id) }),
  },
  // Registration questions and messages to attendees (ADR 022).
  {
    file: "events.$slug.questions.tsx",
    path: QUESTIONS,
    intent: "add",
    access: "organiser",
    fields: () => ({
      intent: "add",
      label: "Lunch?",
      kind: "single_choice",
      options: "Vegan\nAnything",
      helpText: "For the caterer",
      audience: "everyone",
    }),
    textFields: ["label", "helpText"],
  },
  {
    file: "events.$slug.questions.tsx",
    path: QUESTIONS,
    intent: "edit",
    access: "organiser",
    prepare: (w) => ({ questionId: String(questionOf(w.eventA.id)) }),
    fields: () => ({ intent: "edit", label: "Team size", kind: "number", helpText: "Roughly", audience: "partners" }),
    textFields: ["label", "helpText"],
  },
  ...(["up", "down", "remove"] as const).map((intent): RouteCase => ({
    file: "events.$slug.questions.tsx",
    path: QUESTIONS,
    intent,
    access: "organiser",
    prepare: (w) => ({ questionId: String(questionOf(w.eventA.id)) }),
    fields: () => ({ intent }),
  })),
  {
    file: "events.$slug.questions.tsx",
    path: QUESTIONS,
    intent: "edit",
    label: "edit a question of another event",
    access: "nobody",
    expect: { organiser: 404, admin: 404 },
    prepare: (w) => ({ questionId: String(questionOf(w.eventB.id)) }),
    fields: () => ({ intent: "edit", label: "Hijacked", kind: "short_text", audience: "everyone" }),
  },
  {
    file: "events.$slug.messages.tsx",
    path: MESSAGES,
    intent: "preview",
    access: "organiser",
    fields: () => ({
      intent: "preview",
      states: ["confirmed", "pending"],
      subject: "Doors open at 9",
      body: "See you there.",
      sendKey: `k-${uid()}-${uid()}`,
    }),
    textFields: ["subject", "body"],
  },
  {
    file: "events.$slug.messages.tsx",
    path: MESSAGES,
    intent: "send",
    access: "organiser",
    fields: () => ({
      intent: "send",
      states: ["confirmed"],
      subject: "Doors open at 9",
      body: "See you there.",
      sendKey: `k-${uid()}-${uid()}`,
    }),
    textFields: ["subject", "body"],
  },
  {
    file: "events.$slug.messages.tsx",
    path: MESSAGES,
    intent: "reminder",
    access: "organiser",
    fields: () => ({ intent: "reminder", reminderDaysBefore: "3" }),
  },
  {
    file: "outbox.tsx",
    path: () => "/outbox",
    intent: "retry",
    access: "organiser",
    // An organiser of B sees only B's messages: A's message does not exist for them.
    expect: { otherOrganiser: 404 },
    fields: (w) => ({ intent: "retry", messageId: String(w.message.id) }),
  },
  {
    file: "outbox.tsx",
    path: () => "/outbox",
    intent: "retry",
    label: "retry another event's message",
    access: "nobody",
    expect: { otherOrganiser: "ok", organiser: 404, admin: "ok" },
    fields: (w) => ({ intent: "retry", messageId: String(w.messageB.id) }),
  },
];

// ------------------------------------------------------------------------- notes

const notesRows: RouteCase[] = [
  {
    file: "notes.new.tsx",
    path: () => "/notes/new",
    intent: "(form)",
    access: "participant",
    fields: (w) => ({
      event: w.eventA.slug,
      title: "What we learned",
      body: "Lots of *things*.",
      visibility: "public",
      tags: "testing, ops",
    }),
    textFields: ["title", "body", "tags"],
  },
  {
    file: "notes.new.tsx",
    path: () => "/notes/new",
    intent: "(form)",
    label: "a note on event A linked to event B's session",
    access: "nobody",
    expect: { attendee: 400, author: 400, organiser: 400, admin: 400 },
    fields: (w) => ({
      event: w.eventA.slug,
      title: "Cross-linked",
      body: "Notes on B.",
      visibility: "public",
      sessionId: String(w.sessionB.id),
    }),
  },
  {
    file: "notes.$id._index.tsx",
    path: (w) => `/notes/${w.noteB.id}`,
    intent: "verify",
    label: "verify another event's note",
    access: "nobody",
    denied: 404,
    expect: { otherOrganiser: "ok", admin: "ok", otherAttendee: 403 },
    fields: () => ({ intent: "verify", version: "1" }),
  },
  {
    file: "notes.$id._index.tsx",
    path: (w) => `/notes/${w.note.id}`,
    intent: "verify",
    access: "organiser",
    fields: () => ({ intent: "verify", version: "1" }),
  },
  {
    file: "notes.$id.edit.tsx",
    path: (w) => `/notes/${w.note.id}/edit`,
    intent: "(form)",
    access: "ownerOrOrganiser",
    fields: (w) => ({
      title: "Takeaways, revised",
      body: "We learned *more*.",
      visibility: "public",
      tags: "testing",
      coAuthorEmails: w.people.author.email,
      version: "1",
    }),
    textFields: ["title", "body", "tags"],
  },
  {
    file: "notes.$id.edit.tsx",
    path: (w) => `/notes/${w.noteB.id}/edit`,
    intent: "(form)",
    label: "edit another event's attendees-only note",
    access: "nobody",
    denied: 404,
    expect: { otherAttendee: "ok", otherOrganiser: "ok", admin: "ok" },
    fields: (w) => ({
      title: "Hijacked",
      body: "Hijacked text.",
      visibility: "public",
      coAuthorEmails: w.people.otherAttendee.email,
      version: "1",
    }),
  },
  {
    file: "notes.$id.history.tsx",
    path: (w) => `/notes/${w.note.id}/history`,
    intent: "restore",
    access: "ownerOrOrganiser",
    // The author saves a newer version first (repeated runs find the note further on); version 1
    // is then restored on top of it.
    prepare: (w) => {
      const author = { id: w.people.author.id, isAdmin: false, memberOrganisationId: null };
      const { version } = getDb().select({ version: notes.version }).from(notes).where(eq(notes.id, w.note.id)).get()!;
      updateNote(
        w.note.id,
        { title: "Takeaways v2", body: "Second text.", visibility: "public", tags: "", coAuthorEmails: w.people.author.email, version },
        author,
      );
      return { currentVersion: String(version + 1) };
    },
    fields: () => ({ intent: "restore", version: "1" }),
  },
];

// ------------------------------------------------------------------------- accounts and events

const accountRows: RouteCase[] = [
  {
    file: "signup.tsx",
    path: () => "/signup",
    intent: "(form)",
    access: "public",
    fields: () => ({
      name: "Nina New",
      email: `new-${uid()}@test.example`,
      password: "a-fresh-long-secret-9",
      organisation: "Newco",
      jobRole: "Dev",
    }),
    textFields: ["name", "organisation", "jobRole"],
  },
  {
    file: "login.tsx",
    path: () => "/login",
    intent: "(form)",
    access: "public",
    fields: (w) => ({ email: w.people.author.email, password: TEST_PASSWORD }),
  },
  { file: "logout.tsx", path: () => "/logout", intent: "(form)", access: "public", fields: () => ({}) },
  // Joining event A's boards as a guest (ADR 025): signed-in people are sent on to the event.
  {
    file: "events.$slug.join.tsx",
    path: (w) => joinPath(w.eventA.slug, joinKeyOf(w.eventA)),
    intent: "(form)",
    access: "public",
    fields: () => ({ name: "Walter Walk-in" }),
    textFields: ["name"],
  },
  {
    // The link is the proof (works signed out): a fresh one for the author's address.
    file: "verify-email.$token.tsx",
    path: (w) => w.verifyPath,
    intent: "(form)",
    access: "public",
    fields: () => ({}),
  },
  {
    file: "verify-email._index.tsx",
    path: () => "/verify-email",
    intent: "(form)",
    label: "send a new link",
    access: "user",
    fields: () => ({}),
  },
  {
    // The same answer for every address; the author's is a real account.
    file: "forgot-password.tsx",
    path: () => "/forgot-password",
    intent: "(form)",
    access: "public",
    fields: (w) => ({ email: w.people.author.email }),
  },
  {
    file: "reset-password.$token.tsx",
    path: (w) => w.resetPath,
    intent: "(form)",
    access: "public",
    fields: () => ({ newPassword: "a-brand-new-secret-42", confirmPassword: "a-brand-new-secret-42" }),
  },
  {
    file: "account.tsx",
    path: () => "/account",
    intent: "change-email",
    access: "user",
    fields: () => ({ intent: "change-email", newEmail: `moved-${uid()}@test.example`, currentPassword: TEST_PASSWORD }),
  },
  {
    file: "account.tsx",
    path: () => "/account",
    intent: "profile",
    access: "user",
    fields: () => ({ intent: "profile", name: "Renamed Person", organisation: "Renamed Org", jobRole: "Staff engineer" }),
    textFields: ["name", "organisation", "jobRole"],
  },
  {
    file: "account.tsx",
    path: () => "/account",
    intent: "change-password",
    access: "user",
    fields: () => ({
      intent: "change-password",
      currentPassword: TEST_PASSWORD,
      newPassword: "another-long-secret-77",
      confirmPassword: "another-long-secret-77",
    }),
  },
  {
    file: "account.tsx",
    path: () => "/account",
    intent: "end-session",
    access: "user",
    prepare: (_w, actor) => (actor ? { sessionId: extraSession(actor.id) } : { sessionId: "0".repeat(64) }),
    fields: () => ({ intent: "end-session" }),
  },
  {
    file: "account.tsx",
    path: () => "/account",
    intent: "end-session",
    label: "end someone else's session",
    access: "owner",
    denied: 404,
    prepare: (w) => ({ sessionId: extraSession(w.people.author.id) }),
    fields: () => ({ intent: "end-session" }),
  },
  {
    file: "account.tsx",
    path: () => "/account",
    intent: "logout-everywhere",
    access: "user",
    fields: () => ({ intent: "logout-everywhere" }),
  },
  {
    file: "account.tsx",
    path: () => "/account",
    intent: "delete-account",
    access: "user",
    fields: (_w, actor) => ({
      intent: "delete-account",
      confirmEmail: actor?.email ?? "nobody@test.example",
      currentPassword: TEST_PASSWORD,
    }),
  },
  {
    file: "events.new.tsx",
    path: () => "/events/new",
    intent: "(form)",
    access: "creator",
    fields: () => eventForm(),
    textFields: ["title", "summary", "description", "series", "venue"],
  },
  {
    file: "events.$slug.edit.tsx",
    path: (w) => `${A(w)}/edit`,
    intent: "(form)",
    access: "organiser",
    fields: () => ({ ...eventForm("Event A, renamed"), status: "published", format: "mixed" }),
    textFields: ["title", "summary", "description", "series", "venue"],
  },
  {
    file: "events.$slug.copy.tsx",
    path: (w) => `${A(w)}/copy`,
    intent: "(form)",
    access: "organiser",
    fields: (w) => ({
      startsOn: new Date(w.eventA.startsAt.getTime() + 28 * 24 * 3_600_000).toISOString().slice(0, 10),
      title: "Event A, next installment",
      carryTopics: "on",
    }),
    textFields: ["title"],
  },
  {
    // The draft notice's Publish button (issue 17.5); a draft is a 404 for everyone but its organisers.
    file: "events.$slug._index.tsx",
    path: (w) => `${A(w)}?index`,
    intent: "publish",
    access: "organiser",
    denied: 404,
    expect: { anonymous: 404 },
    prepare: (w) => {
      getDb().update(events).set({ status: "draft" }).where(eq(events.id, w.eventA.id)).run();
    },
    fields: () => ({ intent: "publish" }),
  },
  // Unknown URLs answer every POST with 404, signed in or not.
  {
    file: "$.tsx",
    path: () => "/no/such/page",
    intent: "(form)",
    access: "nobody",
    denied: 404,
    expect: { anonymous: 404 },
    fields: () => ({ anything: "x" }),
  },
];

// ------------------------------------------------------------------------- admin console and invitations

/** Event A's partner organisation (the world makes one). */
const partnerOrgOf = (w: World) =>
  getDb().select({ id: eventPartners.organisationId }).from(eventPartners).where(eq(eventPartners.eventId, w.eventA.id)).get()!.id;
const ORGS = "/admin/organisations";
const PEOPLE = "/admin/people";
const INVITATIONS = (w: World) => `${A(w)}/invitations`;
const asAdmin = (w: World) => ({ id: w.people.admin.id });

const adminRows: RouteCase[] = [
  {
    file: "admin.organisations.tsx",
    path: () => ORGS,
    intent: "create-organisation",
    access: "admin",
    fields: () => ({ intent: "create-organisation", name: `Org ${uid()}`, domains: `${uid()}.example` }),
    textFields: ["name"],
  },
  {
    file: "admin.organisations.tsx",
    path: () => ORGS,
    intent: "rename",
    access: "admin",
    fields: (w) => ({ intent: "rename", organisationId: String(partnerOrgOf(w)), name: `Renamed ${uid()}` }),
    textFields: ["name"],
  },
  {
    file: "admin.organisations.tsx",
    path: () => ORGS,
    intent: "add-domain",
    access: "admin",
    fields: (w) => ({ intent: "add-domain", organisationId: String(partnerOrgOf(w)), domain: `${uid()}.example` }),
  },
  {
    file: "admin.organisations.tsx",
    path: () => ORGS,
    intent: "remove-domain",
    access: "admin",
    prepare: (w) => {
      const domain = `${uid()}.example`;
      addDomain({ organisationId: partnerOrgOf(w), domain }, asAdmin(w));
      return { domain };
    },
    fields: (w) => ({ intent: "remove-domain", organisationId: String(partnerOrgOf(w)) }),
  },
  {
    file: "admin.organisations.tsx",
    path: () => ORGS,
    intent: "merge",
    access: "admin",
    prepare: () => ({ organisationId: String(makeOrganisation(`typed ${uid()}`).id) }),
    fields: (w) => ({ intent: "merge", intoId: String(partnerOrgOf(w)) }),
  },
  {
    file: "admin.people.tsx",
    path: () => PEOPLE,
    intent: "grant-admin",
    access: "admin",
    fields: (w) => ({ intent: "grant-admin", userId: String(w.pending.id) }),
  },
  {
    file: "admin.people.tsx",
    path: () => PEOPLE,
    intent: "revoke-admin",
    access: "admin",
    prepare: (w) => void setAdmin({ userId: w.pending.id, on: true }, asAdmin(w)),
    fields: (w) => ({ intent: "revoke-admin", userId: String(w.pending.id) }),
  },
  {
    file: "admin.people.tsx",
    path: () => PEOPLE,
    intent: "grant-create-events",
    access: "admin",
    fields: (w) => ({ intent: "grant-create-events", userId: String(w.pending.id) }),
  },
  {
    file: "admin.people.tsx",
    path: () => PEOPLE,
    intent: "revoke-create-events",
    access: "admin",
    prepare: (w) => void setMayCreateEvents({ userId: w.pending.id, on: true }, asAdmin(w)),
    fields: (w) => ({ intent: "revoke-create-events", userId: String(w.pending.id) }),
  },
  // The pending person's address is not verified: the admin sends a real link (ADR 018).
  {
    file: "admin.people.tsx",
    path: () => PEOPLE,
    intent: "resend-verification",
    access: "admin",
    fields: (w) => ({ intent: "resend-verification", userId: String(w.pending.id) }),
  },

  {
    file: "events.$slug.invitations.tsx",
    path: INVITATIONS,
    intent: "create-link",
    access: "organiser",
    fields: () => ({ intent: "create-link", label: "Beacon platform team", maxUses: "10", validDays: "14", skipApproval: "on" }),
    textFields: ["label"],
  },
  {
    file: "events.$slug.invitations.tsx",
    path: INVITATIONS,
    intent: "revoke-link",
    access: "organiser",
    prepare: (w) => ({
      invitationId: String(
        createInvitation(
          { event: w.eventA, purpose: "invitation", label: "To revoke", maxUses: 3, validDays: 3, skipApproval: true },
          asAdmin(w),
        ).invitation.id,
      ),
    }),
    fields: () => ({ intent: "revoke-link", confirm: "yes" }),
  },
  {
    file: "events.$slug.invitations.tsx",
    path: INVITATIONS,
    intent: "revoke-link",
    label: "revoke another event's link",
    access: "nobody",
    expect: { organiser: 404, admin: 404 },
    prepare: (w) => ({
      invitationId: String(
        createInvitation(
          { event: w.eventB, purpose: "invitation", label: "B's link", maxUses: 3, validDays: 3, skipApproval: true },
          asAdmin(w),
        ).invitation.id,
      ),
    }),
    fields: () => ({ intent: "revoke-link", confirm: "yes" }),
  },
  {
    file: "events.$slug.invitations.tsx",
    path: INVITATIONS,
    intent: "invite-co-organiser",
    access: "organiser",
    fields: () => ({ intent: "invite-co-organiser", email: `co-${uid()}@test.example` }),
  },
  // The organisers' guests page (ADR 028): a new join link; removing a guest (a person who is
  // no guest of event A: 404 for the organisers; the success is in tests/guests/join-key.test.ts).
  {
    file: "events.$slug.guests.tsx",
    path: (w) => `${A(w)}/guests`,
    intent: "new-join-link",
    access: "organiser",
    fields: () => ({ intent: "new-join-link" }),
  },
  {
    file: "events.$slug.guests.tsx",
    path: (w) => `${A(w)}/guests`,
    intent: "remove-guest",
    label: "remove someone who is no guest",
    access: "nobody",
    expect: { organiser: 404, admin: 404 },
    fields: (w) => ({ intent: "remove-guest", userId: String(w.people.author.id) }),
  },
  {
    file: "notes.$id.co-authors.tsx",
    path: (w) => `/notes/${w.note.id}/co-authors`,
    intent: "(form)",
    access: "ownerOrOrganiser",
    fields: () => ({ email: `coauthor-${uid()}@test.example` }),
  },
];

export const ROUTES: RouteCase[] = [...accountRows, ...registrationRows, ...boardRows, ...scheduleRows, ...notesRows, ...adminRows];

export const caseName = (row: RouteCase) => `${row.file} · ${row.label ?? row.intent}`;

// Intents a shared, exported schema accepts on a route that does not perform them (the
// route-table guard reads intents from the schemas): each must be refused with 400 and
// nothing written, whoever sends it.
const schemaOnly = (file: string, path: (w: World) => string, intent: string, knownBug?: string): RouteCase => ({
  file,
  path,
  intent,
  label: `${intent} (accepted by the shared schema, not an action here)`,
  access: "nobody",
  denied: 400,
  expect: { anonymous: "login" },
  fields: (w) => ({ intent, sessionId: String(w.session2.id) }),
  knownBug,
});
ROUTES.push(
  ...["accept", "decline", "cancel", "withdraw"].map((intent) =>
    schemaOnly("events.$slug.schedule.tsx", (w) => `${A(w)}/schedule`, intent),
  ),
  schemaOnly("events.$slug.sessions.$id.tsx", (w) => `${A(w)}/sessions/${w.session2.id}`, "unplace"),
  ...["accept", "decline", "cancel", "withdraw", "unplace"].map((intent) =>
    schemaOnly("events.$slug.agenda.tsx", (w) => `${A(w)}/agenda`, intent),
  ),
);
