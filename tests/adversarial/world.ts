// A small, complete "world" for the adversarial suites: two events (A, the one under
// test, and B, somebody else's), people in every relation to A, and one record of every
// kind a state-changing route can touch (board + topics, rooms/slots/sessions, a note,
// an outbox message, registrations). Built with plain inserts and the real domain
// functions on the test file's own database, fresh for every request that needs it.
import crypto from "node:crypto";
import { and, desc, eq, like } from "drizzle-orm";
import { getDb } from "#db/client";
import {
  boards,
  outbox,
  passwords,
  registrations,
  rooms,
  scheduleSessions,
  sessionHosts,
  slots,
  stars,
  topics,
  users,
  votes,
  type BoardPhase,
  type Event,
} from "#db/schema";
import { issueEmailToken } from "~/accounts/email-tokens.server";
import { issueVerificationToken, verifyLinkPath } from "~/accounts/email-verification.server";
import { RESET_LINK_LIFETIME_MS, resetLinkPath } from "~/accounts/password-reset.server";
import { memberOrganisationId } from "~/accounts/membership.server";
import { createNote } from "~/notes/create-note.server";
import { hashPassword } from "~/accounts/password.server";
import { makeEvent, makeOrganisation, TEST_PASSWORD, verifyAddress } from "../helpers/factories";
import { client } from "../helpers/server";
import { createUser, findUserByEmail } from "~/accounts/users.server";
import { createEvent } from "~/events/events.server";
import { joinKeyOf } from "~/guests/join-key.server";
import { eventFormSchema } from "~/events/event-schema";
import { decideRegistration } from "~/registration/organiser-decisions.server";
import { cancelRegistration, registerForEvent } from "~/registration/registrations.server";
import { createNoteForUser } from "~/notes/new-note.server";
import { updateNote } from "~/notes/edit-note.server";
import { deleteAccount } from "~/privacy/delete-account.server";

/** `guest`: joined event A's boards with a name through its join page (ADR 025); no account. */
export const ROLES = ["anonymous", "otherAttendee", "attendee", "author", "otherOrganiser", "organiser", "admin", "guest"] as const;
export type Role = (typeof ROLES)[number];

export const ADMIN_EMAIL = "admin@test.example";

export type TopicState = "open" | "discussing-running" | "discussing-ended" | "discussed";
export type WorldSetup = { phase?: BoardPhase; topic?: TopicState; marketplace?: boolean };

type Person = { id: number; email: string; name: string };

export type World = ReturnType<typeof buildWorldSync> & { people: Record<Exclude<Role, "anonymous" | "guest">, Person> };

const unique = () => crypto.randomBytes(4).toString("hex");
const HOUR = 3_600_000;

/** Event A's day: 4 June two years from now (always ahead, never expires; Berlin summer time). */
export const WORLD_YEAR = new Date().getUTCFullYear() + 2;
export const WORLD_DAY = `${WORLD_YEAR}-06-04`;

function confirm(eventId: number, userId: number, status: "confirmed" | "pending" = "confirmed") {
  return getDb()
    .insert(registrations)
    .values({
      eventId,
      userId,
      status,
      jobRole: "Engineer",
      topics: "Testing",
      dietary: "None",
      accessibility: "None",
      consentVersion: "test",
      consentAt: new Date(),
    })
    .returning()
    .get();
}

let passwordHash: string | undefined;
async function sharedHash() {
  return (passwordHash ??= await hashPassword(TEST_PASSWORD));
}

// People on test.example (no organisation's domain): nobody here is a company member, so
// every right in the matrix comes from an event relation (or the verified admin address).
function insertPerson(name: string, email = `user-${unique()}@test.example`): Person {
  const db = getDb();
  const u = db.insert(users).values({ email, name, jobRole: "Engineer" }).returning().get();
  db.insert(passwords).values({ userId: u.id, hash: passwordHash! }).run();
  return { id: u.id, email: u.email!, name: u.name! };
}

/** The admin is one account (ADMIN_EMAILS); made again if a test erased it, its password reset. */
export async function ensureAdmin(): Promise<Person> {
  await sharedHash();
  return ensureAdminSync();
}

function ensureAdminSync(): Person {
  const db = getDb();
  const row = db.select().from(users).where(eq(users.email, ADMIN_EMAIL)).get();
  if (!row) {
    // Admin rights need the listed address *verified*: through a real verification link.
    const admin = insertPerson("Ada Admin", ADMIN_EMAIL);
    verifyAddress(admin);
    return admin;
  }
  db.update(passwords).set({ hash: passwordHash! }).where(eq(passwords.userId, row.id)).run();
  return { id: row.id, email: row.email!, name: row.name! };
}

/** One transaction (one commit) per world: building hundreds of them stays fast. */
export async function buildWorld(setup: WorldSetup = {}): Promise<World> {
  await sharedHash();
  return getDb().transaction(() => {
    const partnerOrg = makeOrganisation(`Partner ${unique()}`);
    const person = (name: string) => insertPerson(`${name} ${unique()}`);
    const people = {
      organiser: person("Olga Organiser"),
      attendee: person("Ann Attendee"),
      author: person("Aaron Author"),
      otherOrganiser: person("Oscar OtherOrganiser"),
      otherAttendee: person("Otto OtherAttendee"),
      admin: ensureAdminSync(),
    };
    const pending = person("Pia Pending");
    const world = buildWorldSync(setup, people, pending, partnerOrg.id);
    return { ...world, people };
  });
}

function buildWorldSync(setup: WorldSetup, people: Record<string, Person>, pending: Person, partnerOrgId: number) {
  const db = getDb();
  const startsAt = new Date(`${WORLD_DAY}T07:00:00Z`);
  const madeA: Event = makeEvent({
    format: "mixed",
    title: "Event A",
    startsAt,
    endsAt: new Date(startsAt.getTime() + 8 * HOUR),
    organiserIds: [people.organiser.id],
    partnerIds: [partnerOrgId],
    openMarketplace: setup.marketplace ?? false,
    // Its organisers let guests join (ADR 025): the matrix's guest joins through the join page.
    guestsMayJoin: true,
  });
  // Its join key (ADR 028) exists before any request, as once an organiser has seen the join
  // card: the first view would make it, which a row's before/after snapshot would count as a write.
  const eventA: Event = { ...madeA, joinKey: joinKeyOf(madeA) };
  const eventB: Event = makeEvent({ format: "mixed", title: "Event B", organiserIds: [people.otherOrganiser.id] });
  confirm(eventA.id, people.attendee.id);
  const authorRegistration = confirm(eventA.id, people.author.id);
  const pendingRegistration = confirm(eventA.id, pending.id, "pending");
  const registrationB = confirm(eventB.id, people.otherAttendee.id);

  // Board A with two open topics by the author; a second board on A (carry-over target).
  const board = db
    .insert(boards)
    .values({ eventId: eventA.id, title: "Board A", phase: setup.phase ?? "collect" })
    .returning()
    .get();
  const board2 = db.insert(boards).values({ eventId: eventA.id, title: "Board A2", position: 1 }).returning().get();
  const boardB = db.insert(boards).values({ eventId: eventB.id, title: "Board B" }).returning().get();
  const now = Date.now();
  const topicState: Partial<typeof topics.$inferInsert> =
    setup.topic === "discussing-running"
      ? { status: "discussing", discussionStartedAt: new Date(now - 60_000), timerEndsAt: new Date(now + 10 * 60_000) }
      : setup.topic === "discussing-ended"
        ? { status: "discussing", discussionStartedAt: new Date(now - 9 * 60_000), timerEndsAt: new Date(now - 60_000) }
        : setup.topic === "discussed"
          ? {
              status: "discussed",
              discussionStartedAt: new Date(now - 9 * 60_000),
              finishedAt: new Date(now - 60_000),
              discussedSeconds: 480,
            }
          : {};
  const topic1 = db
    .insert(topics)
    .values({ boardId: board.id, title: "Flaky tests", description: "Why?", authorId: people.author.id, ...topicState })
    .returning()
    .get();
  const topic2 = db.insert(topics).values({ boardId: board.id, title: "Flaky builds", authorId: people.author.id }).returning().get();
  const topicB = db.insert(topics).values({ boardId: boardB.id, title: "B's topic", authorId: people.otherAttendee.id }).returning().get();

  // Schedule: a room and a session slot; S1 accepted (unplaced), S2 proposed; both hosted by the author.
  const room = db.insert(rooms).values({ eventId: eventA.id, name: "Room 1", capacity: 20 }).returning().get();
  const room2 = db.insert(rooms).values({ eventId: eventA.id, name: "Room 2", capacity: 20, position: 1 }).returning().get();
  const roomB = db.insert(rooms).values({ eventId: eventB.id, name: "B's room", capacity: 20 }).returning().get();
  const slot = db
    .insert(slots)
    .values({
      eventId: eventA.id,
      startsAt: new Date(startsAt.getTime() + HOUR),
      endsAt: new Date(startsAt.getTime() + 2 * HOUR),
      kind: "session",
    })
    .returning()
    .get();
  const slot2 = db
    .insert(slots)
    .values({
      eventId: eventA.id,
      startsAt: new Date(startsAt.getTime() + 3 * HOUR),
      endsAt: new Date(startsAt.getTime() + 4 * HOUR),
      kind: "session",
    })
    .returning()
    .get();
  const session = (title: string, status: "proposed" | "accepted", eventId = eventA.id, hostId = people.author.id) => {
    const s = db
      .insert(scheduleSessions)
      .values({ eventId, title, abstract: "About it", format: "discussion", status, proposedById: hostId })
      .returning()
      .get();
    db.insert(sessionHosts).values({ sessionId: s.id, userId: hostId }).run();
    return s;
  };
  const session1 = session("Accepted session", "accepted");
  const session2 = session("Proposed session", "proposed");
  const sessionB = session("B's session", "accepted", eventB.id, people.otherAttendee.id);

  const note = createNote({
    eventId: eventA.id,
    title: "Takeaways",
    body: "We learned things.",
    authorIds: [people.author.id],
    tags: ["testing"],
  });
  const noteB = createNote({
    eventId: eventB.id,
    title: "B's note",
    body: "Private to B.",
    authorIds: [people.otherAttendee.id],
    visibility: "attendees",
  });
  const message = db
    .insert(outbox)
    .values({
      kind: "confirmation",
      toEmail: people.author.email,
      subject: "You are in",
      textBody: "See you",
      eventId: eventA.id,
      status: "failed",
    })
    .returning()
    .get();
  const messageB = db
    .insert(outbox)
    .values({
      kind: "confirmation",
      toEmail: people.otherAttendee.email,
      subject: "You are in",
      textBody: "See you",
      eventId: eventB.id,
      status: "failed",
    })
    .returning()
    .get();

  return {
    eventA,
    eventB,
    board,
    board2,
    boardB,
    topic1,
    topic2,
    topicB,
    room,
    room2,
    roomB,
    slot,
    slot2,
    session1,
    session2,
    sessionB,
    note,
    noteB,
    message,
    messageB,
    authorRegistration,
    pendingRegistration,
    registrationB,
    pending,
    /** Fresh links for the author's address (the link is the proof, signed in or not). */
    verifyPath: verifyLinkPath(issueVerificationToken(db, people.author)),
    resetPath: resetLinkPath(
      issueEmailToken(db, {
        userId: people.author.id,
        purpose: "reset_password",
        email: people.author.email,
        lifetimeMs: RESET_LINK_LIFETIME_MS,
      }),
    ),
  };
}

// Small state helpers the route table's `prepare` steps use.
export function giveVote(w: World, userId: number) {
  getDb().insert(votes).values({ boardId: w.board.id, topicId: w.topic1.id, userId }).run();
}

export function giveStar(sessionId: number, userId: number) {
  getDb().insert(stars).values({ sessionId, userId }).onConflictDoNothing().run();
}

export function placeInGrid(sessionId: number, roomId: number, slotId: number) {
  getDb().update(scheduleSessions).set({ roomId, slotId }).where(eq(scheduleSessions.id, sessionId)).run();
}

export function checkIn(registrationId: number) {
  getDb().update(registrations).set({ checkedInAt: new Date() }).where(eq(registrations.id, registrationId)).run();
}

// ---------------------------------------------------------------- the read matrix's people
// Every person of the read matrix is made through the paths a real person takes: sign-up
// (createUser, what /signup calls), registration (registerForEvent), the organiser's
// decision (decideRegistration), cancelling (cancelRegistration), co-authoring (the note
// form's createNoteForUser/updateNote) and account deletion (deleteAccount). No column
// is written by hand. One function per role, so a change of how a role comes about (the
// identity work: membership from a *verified* address) is made in one place.

export const READ_ROLES = [
  "anonymous",
  "signedIn",
  "partnerMember",
  "pending",
  "waitlisted",
  "cancelled",
  "confirmed",
  "author",
  "removedCoauthor",
  "otherOrganiser",
  "organiser",
  "admin",
  "deleted",
  // Joined event A's boards with a name through its join page (ADR 025); no account.
  "guest",
] as const;
export type ReadRole = (typeof READ_ROLES)[number];

/** `organisationId`: the organisation typed on the profile (a label that grants nothing). */
export type ReadPerson = { id: number; email: string; name: string; organisationId: number | null };

/** The person as the domain functions receive them from a signed-in request: membership by the one rule. */
export const actorOf = (p: ReadPerson) => ({ id: p.id, isAdmin: false, memberOrganisationId: memberOrganisationId(p.id) });

/** Sign-up as /signup does it. `organisationName` is what the person typed (a label only). */
export async function signUp(name: string, email: string, organisationName?: string): Promise<ReadPerson> {
  const user = await createUser({ email, name, password: TEST_PASSWORD, organisationName, jobRole: "Engineer" });
  return { id: user.id, email: user.email!, name: user.name!, organisationId: user.organisationId };
}

/** The registration form's answers, each one unique to the person so a leak can be searched for. */
export const answersOf = (marker: string) => ({
  jobRole: "Engineer",
  topics: `topics-${marker}`,
  dietary: `diet-${marker}`,
  accessibility: `access-${marker}`,
});

/** Signed in, registered nowhere; typed the partner organisation's *name* on sign-up, which must grant nothing. */
export async function makeSignedInPerson(u: string, partnerName: string) {
  return signUp(`Sid SignedIn ${u}`, `signedin-${u}@elsewhere-${u}.example`, partnerName);
}

/**
 * Proves the person's address the way they would: the verification link the outbox holds
 * for it, opened and confirmed (its page posts back to the link). Before e-mail
 * verification exists (main before the identity work) there is no such message and the
 * address's domain alone makes a member; then this does nothing and says so (false).
 * If the identity work sends the link from elsewhere than sign-up, the read matrix's
 * checks that partner members and the admin *do* see their content fail loudly.
 */
export async function proveAddress(person: ReadPerson, baseUrl: string) {
  const message = getDb()
    .select({ textBody: outbox.textBody })
    .from(outbox)
    .where(and(eq(outbox.toEmail, person.email), like(outbox.textBody, "%/verify-email/%")))
    .orderBy(desc(outbox.id))
    .get();
  const path = message?.textBody.match(/\/verify-email\/[\w-]+/)?.[0];
  if (!path) return false;
  const response = await client(baseUrl).post(path, {});
  if (response.status >= 400)
    throw new Error(`following ${path} for ${person.email} answered ${response.status}: ${await response.text()}`);
  return true;
}

/** A member of the partner organisation (a proven address on its domain), not registered. */
export async function makePartnerMember(u: string, partnerDomain: string, baseUrl: string) {
  const person = await signUp(`Pam PartnerMember ${u}`, `member-${u}@${partnerDomain}`);
  await proveAddress(person, baseUrl);
  return person;
}

/** Someone who registered (not a partner member, so the request waits for the organisers). */
export async function makeRegistrant(u: string, label: string, event: Event, answersMarker: string) {
  const person = await signUp(`${label} ${u}`, `${label.toLowerCase().replace(/\W+/g, "-")}-${u}@visitors-${u}.example`);
  registerForEvent({ eventId: event.id, userId: person.id, answers: answersOf(answersMarker), consent: true });
  return person;
}

/** The organiser's decision on someone's registration, as the attendee list's buttons make it. */
export function organiserDecides(
  event: Event,
  person: ReadPerson,
  action: "approve" | "decline" | "waitlist",
  organiserId: number,
  ip: string,
) {
  const registration = getDb()
    .select({ id: registrations.id })
    .from(registrations)
    .where(and(eq(registrations.eventId, event.id), eq(registrations.userId, person.id)))
    .get();
  if (!registration) throw new Error(`${person.name} has no registration for ${event.title}`);
  return decideRegistration({ eventId: event.id, registrationId: registration.id, action, actorId: organiserId, ip });
}

export async function makePendingPerson(u: string, event: Event) {
  return makeRegistrant(u, "Pia Pending", event, `pending-${u}`);
}

/** Registered and approved: a confirmed attendee (the event must have a seat left). */
export async function makeConfirmedPerson(u: string, label: string, event: Event, organiserId: number, ip: string) {
  const person = await makeRegistrant(u, label, event, `${label.split(" ")[1].toLowerCase()}-${u}`);
  const { to } = organiserDecides(event, person, "approve", organiserId, ip) as { to: string };
  if (to !== "confirmed") throw new Error(`${label} was not confirmed (${to}): the event is full`);
  return person;
}

/** Approved when every seat is taken: on the waiting list. */
export async function makeWaitlistedPerson(u: string, event: Event, organiserId: number, ip: string) {
  const person = await makeRegistrant(u, "Walt Waitlisted", event, `waitlisted-${u}`);
  const { to } = organiserDecides(event, person, "approve", organiserId, ip) as { to: string };
  if (to !== "waitlisted") throw new Error(`Walt was not waitlisted (${to})`);
  return person;
}

/** Confirmed, then cancelled their own registration. */
export async function makeCancelledPerson(u: string, event: Event, organiserId: number, ip: string) {
  const person = await makeConfirmedPerson(u, "Cara Cancelled", event, organiserId, ip);
  cancelRegistration({ eventId: event.id, userId: person.id });
  return person;
}

/**
 * A confirmed attendee who wrote a partners-only note with the author as co-author, and
 * whom the author then removed from it, rewriting it as `note` in the same save. What the
 * removed person wrote themselves (their first version) stays theirs; the rewrite is
 * not theirs to read. (They keep reading attendees-only notes.)
 */
export async function makeRemovedCoauthor(
  u: string,
  event: Event,
  organiserId: number,
  ip: string,
  coAuthor: ReadPerson,
  note: { title: string; body: string },
) {
  const person = await makeConfirmedPerson(u, "Remy Removed", event, organiserId, ip);
  const created = createNoteForUser(
    {
      event: event.slug,
      title: `First draft by ${person.name}`,
      body: `first-draft-${u}`,
      visibility: "partners",
      tags: "",
      coAuthorEmails: coAuthor.email,
    },
    actorOf(person),
  );
  updateNote(
    created.id,
    { title: note.title, body: note.body, visibility: "partners", tags: "", coAuthorEmails: coAuthor.email, version: created.version },
    actorOf(coAuthor),
  );
  return { person, note: created };
}

/** The admin: the address in ADMIN_EMAILS, signed up like anyone, the address proven. */
export async function makeAdmin(baseUrl: string): Promise<ReadPerson> {
  const existing = findUserByEmail(ADMIN_EMAIL);
  if (existing) return { id: existing.id, email: existing.email!, name: existing.name!, organisationId: existing.organisationId };
  const admin = await signUp("Ada Admin", ADMIN_EMAIL);
  await proveAddress(admin, baseUrl);
  return admin;
}

/**
 * An event created by the admin on the event form, with `organiser` named as its organiser
 * (the form names only people who proved their address: their verification link is used
 * first). Starts in two weeks (relative to now: no fixture expires).
 */
export function makeEventFor(
  admin: ReadPerson,
  organiser: ReadPerson,
  input: {
    title: string;
    capacity?: number;
    partnerIds?: number[];
    status?: "draft" | "published";
    startsInDays?: number;
    series?: string;
    guestsMayJoin?: boolean;
  },
) {
  if (!findUserByEmail(organiser.email)?.emailVerifiedAt) verifyAddress(organiser);
  const startsAt = new Date(Date.now() + (input.startsInDays ?? 14) * 24 * HOUR);
  const local = (d: Date) => d.toISOString().slice(0, 16);
  const form = eventFormSchema.parse({
    title: input.title,
    summary: "A morning of shared lessons",
    description: "We meet and learn.",
    format: "mixed",
    venue: "Main hall",
    series: input.series,
    timeZone: "UTC",
    startsAt: local(startsAt),
    endsAt: local(new Date(startsAt.getTime() + 8 * HOUR)),
    capacity: input.capacity ?? 50,
    partnerOrganisationIds: input.partnerIds ?? [],
    organiserEmails: organiser.email,
    status: input.status ?? "published",
    guestsMayJoin: input.guestsMayJoin,
  });
  return createEvent(form, { id: admin.id });
}

/** Someone who organises another event (event B) and nothing of event A. */
export async function makeOtherOrganiser(u: string, admin: ReadPerson) {
  const person = await signUp(`Oscar OtherOrganiser ${u}`, `oscar-${u}@other-${u}.example`);
  const eventB = makeEventFor(admin, person, { title: `Event B ${u}` });
  return { person, eventB };
}

/**
 * A confirmed attendee who took part (a topic on the board, a public note) and then
 * deleted their account with their password. Their old session cookie is kept by the caller.
 */
export async function makeDeletedAccount(
  u: string,
  event: Event,
  organiserId: number,
  ip: string,
  beforeDeletion: (person: ReadPerson) => Promise<void> | void,
) {
  const person = await makeConfirmedPerson(u, "Dora Deleted", event, organiserId, ip);
  await beforeDeletion(person);
  await deleteAccount(person.id, { confirmEmail: person.email, currentPassword: TEST_PASSWORD });
  return person;
}
