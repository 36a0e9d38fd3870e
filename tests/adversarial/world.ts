// A small, complete "world" for the adversarial suites: two events (A, the one under
// test, and B, somebody else's), people in every relation to A, and one record of every
// kind a state-changing route can touch (board + topics, rooms/slots/sessions, a note,
// an outbox message, registrations). Built with plain inserts and the real domain
// functions on the test file's own database, fresh for every request that needs it.
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
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
import { createNote } from "~/notes/create-note.server";
import { hashPassword } from "~/accounts/password.server";
import { makeEvent, makeOrganisation, TEST_PASSWORD, verifyAddress } from "../helpers/factories";

export const ROLES = ["anonymous", "otherAttendee", "attendee", "author", "otherOrganiser", "organiser", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ADMIN_EMAIL = "admin@test.example";

export type TopicState = "open" | "discussing-running" | "discussing-ended" | "discussed";
export type WorldSetup = { phase?: BoardPhase; topic?: TopicState; marketplace?: boolean };

type Person = { id: number; email: string; name: string };

export type World = ReturnType<typeof buildWorldSync> & { people: Record<Exclude<Role, "anonymous">, Person> };

const unique = () => crypto.randomBytes(4).toString("hex");
const HOUR = 3_600_000;

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
  const startsAt = new Date(Date.UTC(2030, 5, 4, 7, 0));
  const eventA: Event = makeEvent({
    format: "mixed",
    title: "Event A",
    startsAt,
    endsAt: new Date(startsAt.getTime() + 8 * HOUR),
    organiserIds: [people.organiser.id],
    partnerIds: [partnerOrgId],
    openMarketplace: setup.marketplace ?? false,
  });
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
          ? { status: "discussed", discussionStartedAt: new Date(now - 9 * 60_000), finishedAt: new Date(now - 60_000), discussedSeconds: 480 }
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
    .values({ eventId: eventA.id, startsAt: new Date(startsAt.getTime() + HOUR), endsAt: new Date(startsAt.getTime() + 2 * HOUR), kind: "session" })
    .returning()
    .get();
  const slot2 = db
    .insert(slots)
    .values({ eventId: eventA.id, startsAt: new Date(startsAt.getTime() + 3 * HOUR), endsAt: new Date(startsAt.getTime() + 4 * HOUR), kind: "session" })
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

  const note = createNote({ eventId: eventA.id, title: "Takeaways", body: "We learned things.", authorIds: [people.author.id], tags: ["testing"] });
  const noteB = createNote({ eventId: eventB.id, title: "B's note", body: "Private to B.", authorIds: [people.otherAttendee.id], visibility: "attendees" });
  const message = db
    .insert(outbox)
    .values({ kind: "confirmation", toEmail: people.author.email, subject: "You are in", textBody: "See you", eventId: eventA.id, status: "failed" })
    .returning()
    .get();
  const messageB = db
    .insert(outbox)
    .values({ kind: "confirmation", toEmail: people.otherAttendee.email, subject: "You are in", textBody: "See you", eventId: eventB.id, status: "failed" })
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
      issueEmailToken(db, { userId: people.author.id, purpose: "reset_password", email: people.author.email, lifetimeMs: RESET_LINK_LIFETIME_MS }),
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
