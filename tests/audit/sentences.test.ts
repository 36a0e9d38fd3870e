// The audit log in sentences (issue 17.5): every action kind the code records has its own
// sentence (found by reading the code, so a new kind without one fails here), each
// checked word for word; unknown kinds and gone records still read as sentences.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS_WITH_SENTENCES, auditSentence, type AuditNames, type NameKind } from "~/audit/sentences";
import { formatDate } from "~/utils/dates";
import { ORGANISER_ACTIONS } from "~/registration/registration-schema";
import { ROLE_INVITE_KINDS } from "#db/schema";

const TZ = "Europe/Berlin";
const DAY = `${new Date().getUTCFullYear() + 1}-06-04`;

/** Every action name written by recordAudit or the board's auditBoard(), read from the source. */
function actionsInCode() {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !full.includes(`${path.sep}audit${path.sep}`)) files.push(full);
    }
  };
  walk(path.resolve("app"));
  const literal = new Set<string>();
  const templates = new Set<string>();
  for (const file of files) {
    const source = fs.readFileSync(file, "utf8");
    if (!/recordAudit\(|\baudit\w*\(db/.test(source)) continue;
    // `action: …` up to the next field (a ternary names two), and the board's auditBoard(db, actor, event, "…").
    const actions = [
      ...[...source.matchAll(/\baction:\s*([^\n]*)/g)].map((m) => m[1].split(/,\s*target|,\s*ip\b|,\s*details/)[0]),
      ...[...source.matchAll(/\baudit\w*\(db,[^,]+,[^,]+,\s*("[^"]+")/g)].map((m) => m[1]),
    ];
    for (const action of actions) {
      for (const m of action.matchAll(/"([a-z][a-z_-]*(?:\.[a-z][a-z_-]*)+)"/g)) literal.add(m[1]);
      for (const m of action.matchAll(/`([a-z.-]+)\$\{/g)) templates.add(m[1]);
    }
  }
  return { literal, templates };
}

const TEMPLATE_EXPANSIONS: Record<string, string[]> = {
  "registration.": ORGANISER_ACTIONS.map((a) => `registration.${a}`),
  "schedule.session.": ["accept", "decline", "cancel"].map((d) => `schedule.session.${d}`),
  "role-invite.": ROLE_INVITE_KINDS.map((k) => `role-invite.${k}`),
  "role-invite.accept.": ROLE_INVITE_KINDS.map((k) => `role-invite.accept.${k}`),
};

const NAMES: Partial<Record<NameKind, Record<number, string>>> = {
  session: { 5: "Data contracts", 6: "Feature flags", 7: "Chaos days" },
  room: { 1: "Library", 2: "Garden" },
  slot: { 10: `${DAY}T08:00:00.000Z`, 11: `${DAY}T09:00:00.000Z` },
  registration: { 42: "Bea Attendee" },
  topic: { 3: "Flaky tests", 4: "On-call" },
  board: { 8: "Morning board", 9: "Afternoon board" },
  question: { 12: "T-shirt size" },
  note: { 30: "Runbooks we trust" },
  user: { 50: "Vic Verify" },
  organisation: { 60: "Aurora Retail" },
  event: { 70: "Exchange #3" },
};
const names: AuditNames = (kind, id) => NAMES[kind]?.[Number(id)] ?? null;
/** The action kinds the examples below exercise. */
const exercised = new Set<string>();
const say = (
  action: string,
  details: Record<string, unknown> = {},
  targetType: string | null = null,
  targetId: number | null = null,
  actor = "Olu",
) => {
  exercised.add(action);
  return auditSentence({ action, actor, targetType, targetId: targetId === null ? null : String(targetId), details }, names, TZ);
};

/** One example per action kind, shaped as the code records it, and the sentence it reads as. */
const EXAMPLES: Array<[string, string]> = [
  [
    say("event.create", { title: "Exchange #4", status: "draft", capacity: 40 }, "event", 71),
    "Olu created the event “Exchange #4” (draft, 40 seats).",
  ],
  [
    say("event.update", { changed: { capacity: { from: 40, to: 25 }, status: { from: "draft", to: "published" } } }, "event", 71),
    "Olu edited the event: capacity 40 → 25, status draft → published.",
  ],
  [say("event.update", { changed: {} }, "event", 71), "Olu saved the event without changes."],
  [say("event.publish", { title: "Exchange #4" }, "event", 71), "Olu published the event."],
  [
    say("event.copy", { from: 70, startsOn: `${DAY}`, carryTopics: true }, "event", 71),
    `Olu copied “Exchange #3” as a new installment on ${DAY}.`,
  ],
  [say("event.reminder", { reminderDaysBefore: 2 }, "event", 71), "Olu set the reminder e-mail to 2 days before the event."],
  [say("event.reminder", { reminderDaysBefore: 0 }, "event", 71), "Olu turned the reminder e-mail off."],
  [say("attendees.export", { status: "pending" }), "Olu exported the attendee list as CSV (filtered by status)."],
  [say("registration.approve", { from: "pending", to: "confirmed", promoted: [] }, "registration", 42), "Olu approved “Bea Attendee”."],
  [
    say("registration.approve", { from: "pending", to: "waitlisted", promoted: [] }, "registration", 42),
    "Olu approved “Bea Attendee”, who went to the waiting list (no seat was free).",
  ],
  [
    say("registration.decline", { from: "confirmed", to: "declined", promoted: [77] }, "registration", 42),
    "Olu declined “Bea Attendee”; 1 person moved up from the waiting list.",
  ],
  [
    say("registration.waitlist", { from: "pending", to: "waitlisted", promoted: [] }, "registration", 42),
    "Olu moved “Bea Attendee” to the waiting list.",
  ],
  [
    say("registration.check-in", { from: "confirmed", to: "confirmed", promoted: [] }, "registration", 42),
    "Olu checked in “Bea Attendee”.",
  ],
  [
    say("registration.undo-check-in", { from: "confirmed", to: "confirmed", promoted: [] }, "registration", 42),
    "Olu undid the check-in of “Bea Attendee”.",
  ],
  [
    say("registration.decline", { from: "pending", to: "declined", promoted: [], withReason: true }, "registration", 42),
    "Olu declined “Bea Attendee”, giving a reason in the e-mail.",
  ],
  [
    say("registration.walk-in", { to: "confirmed", checkedIn: true, overCapacity: false, newAccount: true }, "registration", 42),
    "Olu added “Bea Attendee” at the door and checked them in.",
  ],
  [
    say("registration.walk-in", { to: "confirmed", checkedIn: false, overCapacity: true, newAccount: false }, "registration", 42),
    "Olu added “Bea Attendee” at the door over capacity.",
  ],
  [
    say("registration.walk-in", { to: "waitlisted", checkedIn: false, overCapacity: false, newAccount: true }, "registration", 42),
    "Olu added “Bea Attendee” at the door to the waiting list.",
  ],
  [say("question.add", { label: "T-shirt size" }, "question", 12), "Olu added the registration question “T-shirt size”."],
  [
    say("question.edit", { from: "Shirt", to: "T-shirt size", version: 2 }, "question", 12),
    "Olu reworded the registration question “Shirt” to “T-shirt size”.",
  ],
  [say("question.move", { direction: "up" }, "question", 12), "Olu moved the registration question “T-shirt size” up."],
  [
    say("question.remove", { label: "T-shirt size", archived: true }, "question", 12),
    "Olu removed the registration question “T-shirt size”; the answers already given are kept.",
  ],
  [say("message.send", { recipients: 12, audience: "Confirmed" }, "message", 1), "Olu sent a message to 12 people (Confirmed)."],
  [say("outbox.retry", {}, "outbox", 99), "Olu queued e-mail #99 again."],
  [say("board.create", { title: "Morning board" }, "board", 8), "Olu created the board “Morning board”."],
  [say("board.settings", { dotsPerPerson: 3 }, "board", 8), "Olu changed the settings of the board “Morning board”."],
  [
    say("board.phase", { from: "collect", to: "vote" }, "board", 8),
    "Olu moved the board “Morning board” from collecting topics to voting.",
  ],
  [say("board.topic.remove", { title: "Spam" }, "topic", 13), "Olu removed the topic “Spam”."],
  [say("board.topic.merge", { into: 4 }, "topic", 3), "Olu merged the topic “Flaky tests” into “On-call”."],
  [say("board.topic.start", {}, "topic", 3), "Olu started the discussion of “Flaky tests”."],
  [say("board.topic.end-timebox", {}, "topic", 3), "Olu ended the time-box of “Flaky tests”."],
  [say("board.topic.extend", { round: 2 }, "topic", 3), "Olu extended the discussion of “Flaky tests” (extension 2)."],
  [say("board.topic.finish", {}, "topic", 3), "Olu closed the discussion of “Flaky tests”."],
  [say("board.carry-over", { to: 9, topics: 3 }, "board", 8), "Olu carried 3 open topics over from “Morning board” to “Afternoon board”."],
  [
    say("board.topic.promote", { sessionId: 6, eventId: 70 }, "topic", 3),
    "Olu promoted the topic “Flaky tests” to the session proposal “Feature flags”.",
  ],
  [say("guests.new_join_link", {}, "event", 70), "Olu made a new join link: the old link and QR code no longer let guests join."],
  [
    say("guests.remove", { joinedAt: `${DAY}T09:05:00.000Z` }, "user", 51),
    `Olu removed a guest who joined ${formatDate(`${DAY}T09:05:00Z`, TZ)}, 11:05; their topics and dots stay, as a former attendee's.`,
  ],
  [
    say("schedule.session.place", { from: { roomId: null, slotId: null }, to: { roomId: 1, slotId: 10 } }, "session", 5),
    "Olu placed “Data contracts” in Library, 10:00.",
  ],
  [
    say("schedule.session.place", { from: { roomId: 2, slotId: 11 }, to: { roomId: 1, slotId: 10 } }, "session", 5),
    "Olu moved “Data contracts” from Garden, 11:00 to Library, 10:00.",
  ],
  [
    say("schedule.marketplace.place", { from: { roomId: null, slotId: null }, to: { roomId: 2, slotId: 11 } }, "session", 5),
    "Olu placed “Data contracts” in Garden, 11:00 in the open marketplace.",
  ],
  [
    say("schedule.session.unplace", { from: { roomId: 1, slotId: 10 } }, "session", 5),
    "Olu took “Data contracts” out of the grid (it was in Library, 10:00).",
  ],
  [
    say("schedule.marketplace.unplace", { from: { roomId: 2, slotId: 11 } }, "session", 5),
    "Olu took “Data contracts” out of the grid (it was in Garden, 11:00).",
  ],
  [say("schedule.room.create", { name: "Library", capacity: 30 }, "room", 1), "Olu added the room “Library” (30 seats)."],
  [say("schedule.room.update", { name: "Library", capacity: 1 }, "room", 1), "Olu changed the room “Library” (1 seat)."],
  [
    say("schedule.room.delete", { name: "Attic", unplacedSessionIds: [5, 6] }, "room", 3),
    "Olu deleted the room “Attic”; “Data contracts”, “Feature flags” went back to the unplaced sessions.",
  ],
  [say("schedule.room.delete", { name: "Attic", unplacedSessionIds: [] }, "room", 3), "Olu deleted the room “Attic”."],
  [
    say(
      "schedule.slot.create",
      { startsAt: `${DAY}T08:00:00.000Z`, endsAt: `${DAY}T08:45:00.000Z`, kind: "session", overlapsWith: [] },
      "slot",
      10,
    ),
    `Olu added a session slot, ${formatDate(`${DAY}T08:00:00Z`, TZ)}, 10:00–10:45.`,
  ],
  [
    say(
      "schedule.slot.update",
      { startsAt: `${DAY}T10:00:00.000Z`, endsAt: `${DAY}T11:00:00.000Z`, kind: "break", overlapsWith: [] },
      "slot",
      10,
    ),
    `Olu changed a slot to a break slot, ${formatDate(`${DAY}T10:00:00Z`, TZ)}, 12:00–13:00.`,
  ],
  [
    say("schedule.slot.delete", { unplacedSessionIds: [7] }, "slot", 15),
    "Olu deleted a time slot; “Chaos days” went back to the unplaced sessions.",
  ],
  [say("schedule.marketplace.open", {}, "event", 70), "Olu opened the open marketplace."],
  [say("schedule.marketplace.close", {}, "event", 70), "Olu closed the open marketplace."],
  [say("schedule.session.update", {}, "session", 5), "Olu edited the session “Data contracts”."],
  [say("schedule.session.withdraw", {}, "session", 5), "Olu withdrew the proposal “Data contracts”."],
  [
    say("schedule.session.accept", { title: "Data contracts", status: "accepted" }, "session", 5),
    "Olu accepted the session “Data contracts”.",
  ],
  [
    say("schedule.session.decline", { title: "Data contracts", status: "declined" }, "session", 5),
    "Olu declined the session “Data contracts”.",
  ],
  [
    say("schedule.session.cancel", { title: "Data contracts", status: "cancelled" }, "session", 5),
    "Olu cancelled the session “Data contracts”.",
  ],
  [
    say("schedule.session.merge", { into: 6, title: "Data contracts" }, "session", 5),
    "Olu merged the session “Data contracts” into “Feature flags”.",
  ],
  [say("note.verify", { version: 3 }, "note", 30), "Olu verified the note “Runbooks we trust” (version 3)."],
  [
    say("note.restore", { restoredVersion: 2, replacedVersion: 4, version: 5 }, "note", 30),
    "Olu restored version 2 of the note “Runbooks we trust” as version 5.",
  ],
  [
    say("invitation.create", { label: "Speakers", maxUses: 5, expiresAt: `${DAY}T00:00:00.000Z`, skipApproval: true }, "invitation", 20),
    "Olu created the invitation link “Speakers” for up to 5 uses, skipping approval.",
  ],
  [say("invitation.use", { label: "Speakers" }, "invitation", 20, "Bea"), "Bea registered through the invitation link “Speakers”."],
  [say("invitation.revoke", { label: "Speakers", uses: 1 }, "invitation", 20), "Olu revoked the invitation link “Speakers” after 1 use."],
  [
    say("role-invite.co_organiser", { email: "kim@x.example", grantedNow: false }, "event", 70),
    "Olu invited kim@x.example as a co-organiser.",
  ],
  [
    say("role-invite.co_author", { email: "kim@x.example", grantedNow: true }, "note", 30),
    "Olu invited kim@x.example as a co-author (granted at once: they have an account).",
  ],
  [
    say("role-invite.accept.co_organiser", { email: "kim@x.example", invitedById: 1 }, "event", 70, "Kim"),
    "Kim became a co-organiser through the invitation to kim@x.example.",
  ],
  [
    say("role-invite.accept.co_author", { email: "kim@x.example", invitedById: 1 }, "note", 30, "Kim"),
    "Kim became a co-author through the invitation to kim@x.example.",
  ],
  [
    say("organisation.create", { name: "Aurora Retail", domains: ["aurora.example"] }, "organisation", 60),
    "Olu created the organisation “Aurora Retail” with the domain aurora.example.",
  ],
  [
    say("organisation.rename", { from: "Aurora", to: "Aurora Retail" }, "organisation", 60),
    "Olu renamed the organisation “Aurora” to “Aurora Retail”.",
  ],
  [
    say("organisation.domain.add", { domain: "aurora.example" }, "organisation", 60),
    "Olu added the domain aurora.example to “Aurora Retail”.",
  ],
  [
    say("organisation.domain.remove", { domain: "old.example" }, "organisation", 60),
    "Olu removed the domain old.example from “Aurora Retail”.",
  ],
  [
    say(
      "organisation.merge",
      { merged: "Aurora Ltd", mergedId: 61, into: "Aurora Retail", people: 3, partnerships: 1, domains: [] },
      "organisation",
      60,
    ),
    "Olu merged the organisation “Aurora Ltd” into “Aurora Retail” (3 people, 1 partnership moved).",
  ],
  [say("admin.grant", { email: "ada@x.example" }, "user", 50), "Olu made ada@x.example an admin."],
  [say("admin.revoke", { email: "ada@x.example" }, "user", 50), "Olu took admin rights away from ada@x.example."],
  [say("create-events.grant", { email: "ada@x.example" }, "user", 50), "Olu allowed ada@x.example to create events."],
  [say("create-events.revoke", { email: "ada@x.example" }, "user", 50), "Olu no longer allows ada@x.example to create events."],
  [say("account.verification_resent", {}, "user", 50), "Olu sent “Vic Verify” a new verification link."],
  [say("account.email_change_requested", {}, "user", 50, "Vic"), "Vic asked to change their e-mail address."],
  [say("account.email_changed", {}, "user", 50, "Vic"), "Vic confirmed their new e-mail address."],
  [say("account.email_verified", {}, "user", 50, "Vic"), "Vic verified their e-mail address."],
  [say("account.password_reset", {}, "user", 50, "Vic"), "Vic reset their password."],
  [
    say("account.delete", { registrationsCancelled: 2, promoted: 1 }, "user", 51, "A former attendee"),
    "A former attendee deleted their account (2 registrations cancelled, 1 person moved up from waiting lists).",
  ],
  [
    say("retention.purge_answers", { registrations: 40, questionAnswers: 80, retentionDays: 90 }, "event", 70, "The system"),
    "The system erased the registration answers of 40 registrations (80 custom answers), 90 days after the event.",
  ],
];

describe("audit sentences", () => {
  it("every action kind recorded in the code has its own sentence", () => {
    const { literal, templates } = actionsInCode();
    expect(literal.size).toBeGreaterThan(50); // the reader finds the calls
    expect([...literal]).toEqual(expect.arrayContaining(["board.create", "board.topic.start", "schedule.slot.create", "event.copy"]));
    expect([...templates].sort()).toEqual(Object.keys(TEMPLATE_EXPANSIONS).sort());
    const inCode = new Set([...literal, ...Object.values(TEMPLATE_EXPANSIONS).flat()]);
    const missing = [...inCode].filter((a) => !AUDIT_ACTIONS_WITH_SENTENCES.includes(a));
    expect(missing).toEqual([]);
  });

  it("each kind reads as its sentence, word for word", () => {
    for (const [actual, expected] of EXAMPLES) expect(actual).toBe(expected);
    const covered = new Set(EXAMPLES.map(([sentence]) => sentence));
    expect(covered.size).toBe(EXAMPLES.length);
  });

  it("has an example for every kind with a sentence", () => {
    expect(AUDIT_ACTIONS_WITH_SENTENCES.filter((a) => !exercised.has(a))).toEqual([]);
  });

  it("an unknown kind and a gone record still read as sentences, never as JSON", () => {
    expect(say("guest.join", { name: "Walk-in" }, "guest", 4)).toBe("Olu: guest join (guest #4).");
    expect(say("schedule.session.place", { from: { roomId: null, slotId: null }, to: { roomId: 404, slotId: 404 } }, "session", 404)).toBe(
      "Olu placed a session since deleted in a room since deleted, a slot since deleted.",
    );
    expect(say("schedule.session.place", "not an object" as unknown as Record<string, unknown>, "session", 5)).toBe(
      "Olu placed “Data contracts” in a cell since deleted.",
    );
  });
});
