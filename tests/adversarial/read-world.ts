// The world of the read matrix: one event A with a person in every relation to it (see
// READ_ROLES), built once through the real paths (world.ts), plus the restricted things
// a read could leak, each carrying a unique marker that the matrix searches for in every
// response of every role that may not see it (read-routes.ts: SECRETS).
import crypto from "node:crypto";
import { createOrganisation } from "~/accounts/organisations.server";
import { createBoard, setPhase, updateBoardSettings } from "~/board/boards.server";
import { castVote } from "~/board/dot-votes.server";
import { proposeTopic } from "~/board/topics.server";
import { joinKeyOf } from "~/guests/join-key.server";
import { joinPath } from "~/guests/join-link";
import { createNoteForUser } from "~/notes/new-note.server";
import { proposeSession } from "~/schedule/proposals.server";
import { createAgendaToken } from "~/schedule/feeds.server";
import { client, sessionCookieFor } from "../helpers/server";
import {
  actorOf,
  makeAdmin,
  makeCancelledPerson,
  makeConfirmedPerson,
  makeDeletedAccount,
  makeEventFor,
  makeOtherOrganiser,
  makePartnerMember,
  makePendingPerson,
  makeRemovedCoauthor,
  makeSignedInPerson,
  makeWaitlistedPerson,
  signUp,
  type ReadPerson,
  type ReadRole,
} from "./world";

export type ReadWorld = Awaited<ReturnType<typeof buildReadWorld>>;

export async function buildReadWorld(baseUrl: string) {
  const u = crypto.randomBytes(4).toString("hex");
  // The organiser's IP: it is recorded in the audit log of every decision, and shown
  // nowhere else, so it marks the audit log.
  const auditIp = `198.51.100.${(crypto.randomBytes(1)[0] % 200) + 20}`;
  const admin = await makeAdmin(baseUrl);
  const partnerDomain = `partner-${u}.example`;
  const partnerOrg = createOrganisation({ name: `Partner Org ${u}`, domains: [partnerDomain] });
  const organiser = await signUp(`Olga Organiser ${u}`, `olga-${u}@host-${u}.example`);
  // Three seats: confirmed, author, removed co-author. Cancelled and deleted gave theirs back.
  // Event A and the draft share a series, so the series page (/series/…) is read too.
  const eventA = makeEventFor(admin, organiser, {
    title: `Event A ${u}`,
    capacity: 3,
    partnerIds: [partnerOrg.id],
    series: `Series ${u}`,
    guestsMayJoin: true,
  });
  const decide = { organiserId: organiser.id, ip: auditIp };

  const cancelled = await makeCancelledPerson(u, eventA, decide.organiserId, decide.ip);
  const confirmed = await makeConfirmedPerson(u, "Conny Confirmed", eventA, decide.organiserId, decide.ip);
  const author = await makeConfirmedPerson(u, "Aaron Author", eventA, decide.organiserId, decide.ip);
  const actor = actorOf;

  // The board: hidden tallies, in the vote phase, a topic with three dots.
  const board = createBoard(eventA.id, actor(organiser), `Board ${u}`);
  updateBoardSettings(
    board.id,
    {
      title: `Board ${u}`,
      votesPerPerson: 3,
      allowStacking: false,
      hideTallies: true,
      timeboxMinutes: 8,
      extensionMinutes: 4,
      takeawaysBy: "facilitator",
    },
    actor(organiser),
  );
  const topic = proposeTopic(board.id, actor(author), { title: `Voted topic ${u}`, description: "Dots hidden" });

  // The deleted account takes part first (a topic, a public note), then deletes itself.
  const deletedNote = { title: `Note by the deleted ${u}`, body: "Written before leaving." };
  let deletedNoteId = 0;
  let deletedCookie = "";
  const deleted = await makeDeletedAccount(u, eventA, decide.organiserId, decide.ip, async (person) => {
    deletedCookie = await sessionCookieFor(person.id);
    proposeTopic(board.id, actor(person), { title: `Topic by the deleted ${u}` });
    deletedNoteId = createNoteForUser(
      { event: eventA.slug, title: deletedNote.title, body: deletedNote.body, visibility: "public", tags: "" },
      actor(person),
    ).id;
  });

  const removedNoteText = { title: `Removed co-author's note ${u}`, body: `secret-removed-note-${u}` };
  const removed = await makeRemovedCoauthor(u, eventA, decide.organiserId, decide.ip, author, removedNoteText);
  const waitlisted = await makeWaitlistedPerson(u, eventA, decide.organiserId, decide.ip);
  const pending = await makePendingPerson(u, eventA);
  const signedIn = await makeSignedInPerson(u, partnerOrg.name);
  const partnerMember = await makePartnerMember(u, partnerDomain, baseUrl);
  const { person: otherOrganiser, eventB } = await makeOtherOrganiser(u, admin);

  setPhase(board.id, "vote", actor(organiser));
  for (const voter of [confirmed, author, removed.person]) castVote(board.id, topic.id, actor(voter));

  // Notes of every visibility, written on the note form.
  const note = (by: ReadPerson, visibility: "public" | "attendees" | "partners", title: string, body: string, event = eventA) =>
    createNoteForUser({ event: event.slug, title, body, visibility, tags: "" }, actor(by));
  const publicNote = note(author, "public", `Public note ${u}`, `public-body-${u}`);
  const attendeesNote = note(author, "attendees", `Attendees note ${u}`, `secret-attendees-note-${u}`);
  const partnersNote = note(author, "partners", `Partners note ${u}`, `secret-partners-note-${u}`);
  // A draft event and its note: they exist only for its organisers.
  const draftEvent = makeEventFor(admin, organiser, { title: `Draft event ${u}`, status: "draft", series: `Series ${u}` });
  const draftNote = note(organiser, "public", `Draft event note ${u}`, `secret-draft-note-${u}`, draftEvent);

  // The schedule: the author proposes a session; the confirmed attendee has an agenda feed.
  const session = proposeSession(eventA, actor(author), {
    title: `Session ${u}`,
    abstract: "About it",
    format: "discussion",
    hostIds: [author.id],
    tags: "",
  });
  const agendaToken = createAgendaToken(eventA, actor(confirmed));

  // A guest of event A joins through its join page (ADR 025): a cookie, no account.
  const guestBrowser = client(baseUrl);
  const joinKey = joinKeyOf(eventA);
  const joined = await guestBrowser.post(joinPath(eventA.slug, joinKey), { name: `Gail Guest ${u}` });
  if (joined.status !== 302 || !guestBrowser.cookie.includes("kx_guest=")) throw new Error(`the guest could not join: ${joined.status}`);

  const people: Record<Exclude<ReadRole, "anonymous" | "guest">, ReadPerson> = {
    signedIn,
    partnerMember,
    pending,
    waitlisted,
    cancelled,
    confirmed,
    author,
    removedCoauthor: removed.person,
    otherOrganiser,
    organiser,
    admin,
    deleted,
  };
  return {
    u,
    auditIp,
    partnerOrg,
    eventA,
    eventB,
    draftEvent,
    board,
    topic,
    session,
    agendaToken,
    // The removed co-author's note as it reads now (rewritten by the author when removing them).
    notes: { publicNote, attendeesNote, partnersNote, draftNote, removedNote: { ...removed.note, ...removedNoteText }, deletedNoteId },
    people,
    deletedCookie,
    guestCookie: guestBrowser.cookie,
    // Event A's guest join key (ADR 028): organisers' pages and a facilitator's projector only.
    joinKey,
  };
}

/** A session cookie per role; the deleted account's is the one it had before it was deleted. */
export async function cookiesFor(world: ReadWorld) {
  const cookies: Partial<Record<ReadRole, string>> = { deleted: world.deletedCookie, guest: world.guestCookie };
  for (const [role, person] of Object.entries(world.people)) {
    if (role !== "deleted") cookies[role as ReadRole] = await sessionCookieFor(person.id);
  }
  return cookies;
}
