// The schedule's rules, tested without HTTP against the real (migrated) SQLite file.
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, noteAuthors, notes, scheduleSessions, sessionHosts, slots, stars } from "#db/schema";
import { makeUser } from "../helpers/factories";
import { getAgenda, starSession } from "~/schedule/agenda.server";
import { loadScheduleGrid, nowAndNext } from "~/schedule/grid.server";
import { computeWarnings, placeSession, unplaceSession } from "~/schedule/placement.server";
import { decideSession, mergeSession, proposeSession, updateProposal, withdrawSession } from "~/schedule/proposals.server";
import { findOverlappingSlots, listSlots, saveRoom, saveSlot } from "~/schedule/rooms-slots.server";
import { loadSession } from "~/schedule/sessions.server";
import { DomainError } from "~/utils/errors.server";
import { asActor, DAY, makeUnconference, propose } from "./helpers";

const db = () => getDb();
const sessionCount = () => db().select({ n: count() }).from(scheduleSessions).get()!.n;

function expectDomainError(fn: () => unknown, status: number, message?: RegExp) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).status).toBe(status);
    if (message) expect((error as DomainError).message).toMatch(message);
    return error as DomainError;
  }
  throw new Error("expected a DomainError");
}

describe("rooms and slots", () => {
  it("stores slot times as UTC from wall-clock time in the event's zone", async () => {
    const { slots: s } = await makeUnconference();
    // 10:00 in Berlin summer time is 08:00 UTC.
    expect(s.ten.startsAt.toISOString()).toBe(`${DAY}T08:00:00.000Z`);
    expect(s.ten.endsAt.toISOString()).toBe(`${DAY}T08:45:00.000Z`);
  });

  it("refuses a slot that ends before it starts, writing nothing", async () => {
    const { event, organiser } = await makeUnconference();
    const before = listSlots(event.id).length;
    const error = expectDomainError(
      () => saveSlot(event, asActor(organiser), { startsAt: `${DAY}T15:00`, endsAt: `${DAY}T14:00`, kind: "session" }),
      400,
    );
    expect(error.fieldErrors.endsAt).toEqual(["The slot must end after it starts."]);
    expect(listSlots(event.id).length).toBe(before);
  });

  it("flags overlapping slots without refusing them", async () => {
    const { event, organiser, slots: s } = await makeUnconference();
    const { slot, overlapsWith } = saveSlot(event, asActor(organiser), {
      startsAt: `${DAY}T10:30`,
      endsAt: `${DAY}T11:15`,
      kind: "session",
    });
    expect(overlapsWith.map((o) => o.id).sort()).toEqual([s.ten.id, s.eleven.id].sort());
    const flags = findOverlappingSlots(listSlots(event.id));
    expect(flags.get(slot.id)?.length).toBe(2);
    expect(flags.has(s.opening.id)).toBe(false);
  });

  it("lets only organisers of this event change rooms and slots, and audits them", async () => {
    const a = await makeUnconference();
    const b = await makeUnconference();
    expectDomainError(() => saveRoom(a.event, asActor(b.organiser), { name: "Hijack", capacity: 3 }), 403);
    expectDomainError(() => saveRoom(a.event, asActor(a.attendees[0]), { name: "Hijack", capacity: 3 }), 403);
    const audits = db().select().from(auditLog).where(eq(auditLog.eventId, a.event.id)).all();
    expect(audits.filter((x) => x.action === "schedule.room.create")).toHaveLength(2);
    expect(audits.filter((x) => x.action === "schedule.slot.create")).toHaveLength(4);
  });

  it("moving a slot bumps the SEQUENCE of the sessions in it", async () => {
    const { event, organiser, attendees, rooms, slots: s } = await makeUnconference();
    const session = propose(event, attendees[0], "Moves with its slot");
    placeSession(event, asActor(organiser), { sessionId: session.id, roomId: rooms.big.id, slotId: s.ten.id });
    const before = loadSession(event.id, session.id).sequence;
    saveSlot(event, asActor(organiser), { slotId: s.ten.id, startsAt: `${DAY}T10:05`, endsAt: `${DAY}T10:50`, kind: "session" });
    expect(loadSession(event.id, session.id).sequence).toBe(before + 1);
  });
});

describe("proposals", () => {
  it("lets a confirmed attendee propose with hosts and tags", async () => {
    const { event, attendees } = await makeUnconference();
    const session = proposeSession(event, asActor(attendees[0]), {
      title: "Incident reviews that help",
      abstract: "**Blameless** for real",
      format: "workshop",
      hostIds: [attendees[0].id, attendees[1].id],
      tags: "SRE, incident response",
    });
    const view = loadSession(event.id, session.id);
    expect(view.status).toBe("proposed");
    expect(view.hosts.map((h) => h.id).sort()).toEqual([attendees[0].id, attendees[1].id].sort());
    expect(view.tags).toEqual(["incident-response", "sre"]);
  });

  it("refuses people who are not confirmed attendees, and hosts who are not", async () => {
    const { event, attendees } = await makeUnconference();
    const stranger = await makeUser();
    const before = sessionCount();
    expectDomainError(() => proposeSession(event, asActor(stranger), { title: "Nope", format: "talk", hostIds: [stranger.id] }), 403);
    const error = expectDomainError(
      () =>
        proposeSession(event, asActor(attendees[0]), { title: "With a stranger", format: "talk", hostIds: [attendees[0].id, stranger.id] }),
      400,
    );
    expect(error.fieldErrors.hostIds?.[0]).toMatch(/confirmed attendees/);
    expect(sessionCount()).toBe(before);
  });

  it("lets hosts edit and withdraw their own proposal, but not someone else", async () => {
    const { event, attendees } = await makeUnconference();
    const session = propose(event, attendees[0], "Mine");
    const input = { title: "Changed by a stranger", format: "talk" as const, hostIds: [attendees[1].id] };
    expectDomainError(() => updateProposal(event, asActor(attendees[1]), session.id, input), 403, /hosts/);
    expect(loadSession(event.id, session.id).title).toBe("Mine");
    expect(loadSession(event.id, session.id).hosts.map((h) => h.id)).toEqual([attendees[0].id]);
    updateProposal(event, asActor(attendees[0]), session.id, { ...input, title: "Mine, renamed", hostIds: [attendees[0].id] });
    expect(loadSession(event.id, session.id).title).toBe("Mine, renamed");
    expectDomainError(() => withdrawSession(event, asActor(attendees[1]), session.id), 403);
    expect(withdrawSession(event, asActor(attendees[0]), session.id).status).toBe("withdrawn");
    expectDomainError(() => updateProposal(event, asActor(attendees[0]), session.id, input), 409);
  });

  it("lets organisers accept, decline and merge (hosts, tags and stars move over)", async () => {
    const { event, organiser, attendees } = await makeUnconference();
    const a = propose(event, attendees[0], "Kubernetes costs");
    const b = propose(event, attendees[1], "Cloud bills");
    starSession(event, asActor(attendees[2]), b.id);
    starSession(event, asActor(attendees[0]), b.id);
    expectDomainError(() => decideSession(event, asActor(attendees[0]), a.id, "accept"), 403);
    expect(decideSession(event, asActor(organiser), a.id, "accept").status).toBe("accepted");
    mergeSession(event, asActor(organiser), b.id, a.id);
    const merged = loadSession(event.id, a.id);
    expect(merged.hosts.map((h) => h.id).sort()).toEqual([attendees[0].id, attendees[1].id].sort());
    expect(merged.starCount).toBe(2);
    expect(loadSession(event.id, b.id)).toMatchObject({ status: "merged", mergedIntoId: a.id });
    const c = propose(event, attendees[2], "Off topic");
    expect(decideSession(event, asActor(organiser), c.id, "decline").status).toBe("declined");
    expect(db().select().from(auditLog).where(eq(auditLog.action, "schedule.session.merge")).all()).toHaveLength(1);
  });
});

describe("placing sessions", () => {
  it("places a session, creates its notes page with the hosts as authors, and bumps SEQUENCE on moves", async () => {
    const { event, organiser, attendees, rooms, slots: s } = await makeUnconference();
    const session = propose(event, attendees[0], "Observability on a budget", [attendees[0].id, attendees[1].id]);
    const first = placeSession(event, asActor(organiser), { sessionId: session.id, roomId: rooms.big.id, slotId: s.ten.id });
    expect(first.session).toMatchObject({ status: "accepted", roomId: rooms.big.id, slotId: s.ten.id });
    const note = db().select().from(notes).where(eq(notes.sessionId, session.id)).get()!;
    expect(note.title).toBe("Observability on a budget");
    expect(note.body).toContain("Big hall");
    expect(note.body).toContain("10:00–10:45 (Europe/Berlin)");
    expect(note.body).toContain("Attendee A");
    const authors = db()
      .select()
      .from(noteAuthors)
      .where(eq(noteAuthors.noteId, note.id))
      .all()
      .map((a) => a.userId);
    expect(authors.sort()).toEqual([attendees[0].id, attendees[1].id].sort());
    const seq = first.session.sequence;
    const moved = placeSession(event, asActor(organiser), { sessionId: session.id, roomId: rooms.small.id, slotId: s.eleven.id });
    expect(moved.session.sequence).toBe(seq + 1);
    // Still one notes page.
    expect(db().select({ n: count() }).from(notes).where(eq(notes.sessionId, session.id)).get()!.n).toBe(1);
  });

  it("refuses a taken cell (409), a break slot (400), another event's session (404); nothing written", async () => {
    const { event, organiser, attendees, rooms, slots: s } = await makeUnconference();
    const other = await makeUnconference();
    const a = propose(event, attendees[0], "First come");
    const b = propose(event, attendees[1], "Second");
    const foreign = propose(other.event, other.attendees[0], "From elsewhere");
    const org = asActor(organiser);
    placeSession(event, org, { sessionId: a.id, roomId: rooms.big.id, slotId: s.ten.id });
    const taken = expectDomainError(
      () => placeSession(event, org, { sessionId: b.id, roomId: rooms.big.id, slotId: s.ten.id }),
      409,
      /already taken/,
    );
    expect(taken.fieldErrors.roomId?.[0]).toMatch(/First come/);
    expectDomainError(() => placeSession(event, org, { sessionId: b.id, roomId: rooms.big.id, slotId: s.lunch.id }), 400, /break/);
    expectDomainError(() => placeSession(event, org, { sessionId: foreign.id, roomId: rooms.big.id, slotId: s.eleven.id }), 404);
    expectDomainError(() => placeSession(event, org, { sessionId: b.id, roomId: other.rooms.big.id, slotId: s.eleven.id }), 404);
    expectDomainError(
      () =>
        placeSession(other.event, asActor(organiser), { sessionId: foreign.id, roomId: other.rooms.big.id, slotId: other.slots.ten.id }),
      403,
    );
    expect(loadSession(event.id, b.id)).toMatchObject({ roomId: null, slotId: null, status: "proposed" });
    expect(loadSession(other.event.id, foreign.id)).toMatchObject({ roomId: null, slotId: null });
  });

  it("refuses attendees placing sessions when the marketplace is closed", async () => {
    const { event, attendees, rooms, slots: s, organiser } = await makeUnconference();
    const mine = propose(event, attendees[0], "Mine", [attendees[0].id], { organiser });
    expectDomainError(
      () => placeSession(event, asActor(attendees[0]), { sessionId: mine.id, roomId: rooms.big.id, slotId: s.ten.id }),
      403,
      /marketplace/,
    );
    expect(loadSession(event.id, mine.id).roomId).toBeNull();
  });

  it("open marketplace: hosts place their own accepted session into a free cell, nothing else", async () => {
    const { event, organiser, attendees, rooms, slots: s } = await makeUnconference({ openMarketplace: true });
    const mine = propose(event, attendees[0], "Mine", [attendees[0].id], { organiser });
    const notAccepted = propose(event, attendees[0], "Not accepted yet");
    const theirs = propose(event, attendees[1], "Theirs", [attendees[1].id], { organiser });
    const me = asActor(attendees[0]);
    expectDomainError(() => placeSession(event, me, { sessionId: theirs.id, roomId: rooms.big.id, slotId: s.ten.id }), 403);
    expectDomainError(
      () => placeSession(event, me, { sessionId: notAccepted.id, roomId: rooms.big.id, slotId: s.ten.id }),
      409,
      /accepted/,
    );
    placeSession(event, asActor(attendees[1]), { sessionId: theirs.id, roomId: rooms.big.id, slotId: s.ten.id });
    expectDomainError(() => placeSession(event, me, { sessionId: mine.id, roomId: rooms.big.id, slotId: s.ten.id }), 409);
    expect(placeSession(event, me, { sessionId: mine.id, roomId: rooms.small.id, slotId: s.ten.id }).session.roomId).toBe(rooms.small.id);
    expectDomainError(() => unplaceSession(event, me, theirs.id), 403);
    unplaceSession(event, me, mine.id);
    expect(loadSession(event.id, mine.id).roomId).toBeNull();
  });

  it("lets a new session take the cell of a cancelled one, which then leaves the grid", async () => {
    const { event, organiser, attendees, rooms, slots: s } = await makeUnconference();
    const a = propose(event, attendees[0], "Will be cancelled");
    const b = propose(event, attendees[1], "Replacement");
    placeSession(event, asActor(organiser), { sessionId: a.id, roomId: rooms.big.id, slotId: s.ten.id });
    const cancelled = withdrawSession(event, asActor(attendees[0]), a.id);
    expect(cancelled).toMatchObject({ status: "cancelled", roomId: rooms.big.id });
    placeSession(event, asActor(organiser), { sessionId: b.id, roomId: rooms.big.id, slotId: s.ten.id });
    expect(loadSession(event.id, a.id)).toMatchObject({ status: "cancelled", roomId: null });
  });
});

describe("warnings", () => {
  it("warns about a host in two places at once, over-full rooms (with a bigger free room) and agenda clashes", async () => {
    const { event, organiser, attendees, rooms, slots: s } = await makeUnconference({ attendees: 4 });
    const org = asActor(organiser);
    const a = propose(event, attendees[0], "Session A");
    const b = propose(event, attendees[0], "Session B");
    for (const fan of attendees.slice(1)) starSession(event, asActor(fan), a.id);
    starSession(event, asActor(attendees[1]), b.id);
    const placedA = placeSession(event, org, { sessionId: a.id, roomId: rooms.small.id, slotId: s.ten.id });
    expect(placedA.warnings.map((w) => w.kind)).toEqual(["over-capacity"]);
    expect(placedA.warnings[0].message).toMatch(/3 stars but Small room seats 2\. Big hall \(50 seats\) is free at 10:00/);
    const placedB = placeSession(event, org, { sessionId: b.id, roomId: rooms.big.id, slotId: s.ten.id });
    const kinds = placedB.warnings.map((w) => w.kind).sort();
    expect(kinds).toEqual(["agenda-clash", "host-clash"]);
    expect(placedB.warnings.find((w) => w.kind === "host-clash")!.message).toMatch(/Attendee A hosts both/);
    expect(placedB.warnings.find((w) => w.kind === "agenda-clash")!.message).toMatch(/1 person has starred both/);
    // The over-capacity warning now has no free bigger room to suggest.
    expect(computeWarnings(event).find((w) => w.kind === "over-capacity")!.message).toMatch(/No bigger room is free/);
    // The attendee's agenda shows the clash too.
    const agenda = getAgenda(event, attendees[1].id);
    expect(agenda.clashCount).toBe(1);
    expect(agenda.scheduled.map((i) => i.clashesWith.length)).toEqual([1, 1]);
  });
});

describe("stars, agenda and the venue screen", () => {
  it("stars are idempotent, need a confirmed registration, and fill the agenda in time order", async () => {
    const { event, organiser, attendees, rooms, slots: s } = await makeUnconference();
    const stranger = await makeUser();
    const early = propose(event, attendees[0], "Early");
    const late = propose(event, attendees[0], "Late");
    const floating = propose(event, attendees[0], "Not placed");
    placeSession(event, asActor(organiser), { sessionId: late.id, roomId: rooms.big.id, slotId: s.eleven.id });
    placeSession(event, asActor(organiser), { sessionId: early.id, roomId: rooms.big.id, slotId: s.ten.id });
    const me = asActor(attendees[1]);
    for (const id of [late.id, early.id, floating.id, early.id]) starSession(event, me, id);
    expect(db().select({ n: count() }).from(stars).where(eq(stars.userId, attendees[1].id)).get()!.n).toBe(3);
    expectDomainError(() => starSession(event, asActor(stranger), early.id), 403);
    const agenda = getAgenda(event, attendees[1].id);
    expect(agenda.scheduled.map((i) => i.title)).toEqual(["Early", "Late"]);
    expect(agenda.unscheduled.map((i) => i.title)).toEqual(["Not placed"]);
    expect(agenda.clashCount).toBe(0);
    // The host's agenda lists what they host.
    expect(getAgenda(event, attendees[0].id).scheduled.every((i) => i.hosting)).toBe(true);
  });

  it("now-and-next shows the running slot and the next one", async () => {
    const { event, organiser, attendees, rooms, slots: s } = await makeUnconference();
    const a = propose(event, attendees[0], "Running now");
    const b = propose(event, attendees[0], "Coming next");
    placeSession(event, asActor(organiser), { sessionId: a.id, roomId: rooms.big.id, slotId: s.ten.id });
    placeSession(event, asActor(organiser), { sessionId: b.id, roomId: rooms.small.id, slotId: s.eleven.id });
    const view = nowAndNext(event, new Date(`${DAY}T08:20:00Z`)); // 10:20 in Berlin
    expect(view.now.map((x) => x.sessions.map((y) => y.title))).toEqual([["Running now"]]);
    expect(view.next.map((x) => x.sessions.map((y) => y.title))).toEqual([["Coming next"]]);
    expect(nowAndNext(event, new Date(`${DAY}T10:30:00Z`)).now[0].kind).toBe("break");
  });

  it("the grid tells organisers and hosts apart", async () => {
    const { event, organiser, attendees } = await makeUnconference();
    propose(event, attendees[0], "Something");
    const forOrganiser = loadScheduleGrid(event, asActor(organiser));
    const forAttendee = loadScheduleGrid(event, asActor(attendees[0]));
    const forVisitor = loadScheduleGrid(event, null);
    expect(forOrganiser.viewer.canPlace).toBe(true);
    expect(forOrganiser.placeableIds).toHaveLength(1);
    expect(forAttendee.viewer.canPlace).toBe(false);
    expect(forAttendee.placeableIds).toHaveLength(0);
    expect(forVisitor.viewer.participant).toBe(false);
    expect(forOrganiser.days).toHaveLength(1);
    expect(forOrganiser.days[0].slotIds).toHaveLength(4);
    expect(db().select().from(slots).where(eq(slots.eventId, event.id)).all()).toHaveLength(4);
    expect(db().select().from(sessionHosts).all().length).toBeGreaterThan(0);
  });
});
