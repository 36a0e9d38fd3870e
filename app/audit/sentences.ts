// The audit log in sentences (issue 17.5): "Olu placed “Data contracts” in Library, 10:00"
// instead of `schedule.session.place {"roomId":…}`. One sentence per action kind; an action
// this file does not know yet (a new feature's) still reads as a plain sentence, never as
// JSON. Pure: the names of the records come in through `names` (audit-names.server.ts).
import { formatDate, formatTime } from "~/utils/dates";
import { plural as countOf } from "~/utils/plural";

export type NameKind =
  "session" | "room" | "slot" | "registration" | "topic" | "board" | "question" | "note" | "user" | "organisation" | "invitation" | "event";

/** The current name of a record, or null when it is gone (or was never named). */
export type AuditNames = (kind: NameKind, id: unknown) => string | null;

export type SentenceEntry = {
  action: string;
  /** Who acted, as people know them: a name, "The system" or "A former attendee". */
  actor: string;
  targetType: string | null;
  targetId: string | null;
  details: unknown;
};

type Ctx = {
  who: string;
  /** The target record's id as stored. */
  id: string | null;
  d: Record<string, unknown>;
  /** The target's current name, quoted, or what it was when it is gone. */
  target: (kind: NameKind, gone: string) => string;
  named: (kind: NameKind, id: unknown, gone: string) => string;
  place: (place: unknown) => string | null;
  time: (iso: unknown) => string;
};

const q = (text: unknown) => `“${String(text)}”`;
const plural = (n: unknown, one: string, many?: string) => countOf(Number(n) || 0, one, many);
const text = (value: unknown) =>
  typeof value === "string" || typeof value === "number" ? String(value) : typeof value === "boolean" ? (value ? "on" : "off") : "";

const PHASES: Record<string, string> = { collect: "collecting topics", vote: "voting", discuss: "discussion", closed: "closed" };
const FIELD_NAMES: Record<string, string> = {
  startsAt: "start",
  endsAt: "end",
  registrationOpensAt: "registration opening",
  registrationClosesAt: "registration closing",
  timeZone: "time zone",
  openMarketplace: "open marketplace",
  reminderDaysBefore: "reminder",
  organisers: "co-organisers",
  partners: "partner organisations",
  guestsMayJoin: "guests may join",
  partnersOnly: "partner members only",
};

function registrationSentence(verb: (c: Ctx, person: string) => string) {
  return (c: Ctx) => {
    const person = c.target("registration", "a registration since erased");
    const promoted = Array.isArray(c.d.promoted) ? c.d.promoted.length : 0;
    return `${verb(c, person)}${promoted ? `; ${plural(promoted, "person", "people")} moved up from the waiting list` : ""}`;
  };
}

const slotKind = (kind: unknown) => (kind === "break" ? "break" : kind === "plenary" ? "plenary" : "session");

const SENTENCES: Record<string, (c: Ctx) => string> = {
  // events
  "event.create": (c) => `${c.who} created the event ${q(c.d.title)} (${text(c.d.status) || "draft"}, ${plural(c.d.capacity, "seat")})`,
  "event.update": (c) => {
    const changed =
      c.d.changed && typeof c.d.changed === "object" ? Object.entries(c.d.changed as Record<string, { from?: unknown; to?: unknown }>) : [];
    if (!changed.length) return `${c.who} saved the event without changes`;
    const parts = changed.map(([field, change]) => {
      const name = FIELD_NAMES[field] ?? field;
      return field === "description" ? "the description" : `${name} ${text(change?.from) || "—"} → ${text(change?.to) || "—"}`;
    });
    return `${c.who} edited the event: ${parts.join(", ")}`;
  },
  "event.publish": (c) => `${c.who} published the event`,
  "event.copy": (c) =>
    `${c.who} copied ${c.named("event", c.d.from, "an event since deleted")} as a new installment on ${text(c.d.startsOn)}`,
  "event.reminder": (c) =>
    Number(c.d.reminderDaysBefore) > 0
      ? `${c.who} set the reminder e-mail to ${plural(c.d.reminderDaysBefore, "day")} before the event`
      : `${c.who} turned the reminder e-mail off`,
  "attendees.export": (c) => {
    const filters = Object.entries(c.d).filter(([, v]) => v !== undefined && v !== null && v !== "");
    return `${c.who} exported the attendee list as CSV${filters.length ? ` (filtered by ${filters.map(([k]) => k).join(", ")})` : ""}`;
  },
  // registrations
  "registration.approve": registrationSentence(
    (c, person) => `${c.who} approved ${person}${c.d.to === "waitlisted" ? ", who went to the waiting list (no seat was free)" : ""}`,
  ),
  "registration.decline": registrationSentence(
    (c, person) => `${c.who} declined ${person}${c.d.withReason ? ", giving a reason in the e-mail" : ""}`,
  ),
  "registration.waitlist": registrationSentence((c, person) => `${c.who} moved ${person} to the waiting list`),
  "registration.check-in": registrationSentence((c, person) => `${c.who} checked in ${person}`),
  "registration.undo-check-in": registrationSentence((c, person) => `${c.who} undid the check-in of ${person}`),
  "registration.walk-in": registrationSentence(
    (c, person) =>
      `${c.who} added ${person} at the door${c.d.to === "waitlisted" ? " to the waiting list" : c.d.overCapacity ? " over capacity" : ""}${c.d.checkedIn ? " and checked them in" : ""}`,
  ),
  // registration questions
  "question.add": (c) => `${c.who} added the registration question ${q(c.d.label)}`,
  "question.edit": (c) =>
    c.d.from === c.d.to
      ? `${c.who} edited the registration question ${q(c.d.to)}`
      : `${c.who} reworded the registration question ${q(c.d.from)} to ${q(c.d.to)}`,
  "question.move": (c) =>
    `${c.who} moved the registration question ${c.target("question", "since deleted")} ${text(c.d.direction) || "in the list"}`,
  "question.remove": (c) =>
    `${c.who} removed the registration question ${q(c.d.label)}${c.d.archived ? "; the answers already given are kept" : ""}`,
  // messages and mail
  "message.send": (c) =>
    `${c.who} sent a message to ${plural(c.d.recipients, "person", "people")}${c.d.audience ? ` (${text(c.d.audience)})` : ""}`,
  "outbox.retry": (c) => `${c.who} queued e-mail #${text(c.id)} again`,
  // Lean Coffee boards
  "board.create": (c) => `${c.who} created the board ${q(c.d.title)}`,
  "board.settings": (c) => `${c.who} changed the settings of the board ${c.target("board", "since deleted")}`,
  "board.phase": (c) =>
    `${c.who} moved the board ${c.target("board", "since deleted")} from ${PHASES[text(c.d.from)] ?? text(c.d.from)} to ${PHASES[text(c.d.to)] ?? text(c.d.to)}`,
  "board.topic.remove": (c) => `${c.who} removed the topic ${q(c.d.title)}`,
  "board.topic.merge": (c) =>
    `${c.who} merged the topic ${c.target("topic", "since deleted")} into ${c.named("topic", c.d.into, "a topic since deleted")}`,
  "board.topic.start": (c) => `${c.who} started the discussion of ${c.target("topic", "a topic since deleted")}`,
  "board.topic.end-timebox": (c) => `${c.who} ended the time-box of ${c.target("topic", "a topic since deleted")}`,
  "board.topic.extend": (c) =>
    `${c.who} extended the discussion of ${c.target("topic", "a topic since deleted")} (extension ${text(c.d.round)})`,
  "board.topic.finish": (c) => `${c.who} closed the discussion of ${c.target("topic", "a topic since deleted")}`,
  "board.carry-over": (c) =>
    `${c.who} carried ${plural(c.d.topics, "open topic")} over from ${c.target("board", "a board since deleted")} to ${c.named("board", c.d.to, "a board since deleted")}`,
  "board.topic.promote": (c) =>
    `${c.who} promoted the topic ${c.target("topic", "since deleted")} to the session proposal ${c.named("session", c.d.sessionId, "since deleted")}`,
  // guests (ADR 028)
  "guests.new_join_link": (c) => `${c.who} made a new join link: the old link and QR code no longer let guests join`,
  "guests.remove": (c) => `${c.who} removed a guest who joined ${c.time(c.d.joinedAt)}; their topics and dots stay, as a former attendee's`,
  // the schedule
  "schedule.session.place": (c) => placeSentence(c, ""),
  "schedule.marketplace.place": (c) => placeSentence(c, " in the open marketplace"),
  "schedule.session.unplace": (c) => unplaceSentence(c),
  "schedule.marketplace.unplace": (c) => unplaceSentence(c),
  "schedule.room.create": (c) => `${c.who} added the room ${q(c.d.name)} (${plural(c.d.capacity, "seat")})`,
  "schedule.room.update": (c) => `${c.who} changed the room ${q(c.d.name)} (${plural(c.d.capacity, "seat")})`,
  "schedule.room.delete": (c) => `${c.who} deleted the room ${q(c.d.name)}${unplacedText(c)}`,
  "schedule.slot.create": (c) => `${c.who} added a ${slotKind(c.d.kind)} slot, ${slotRange(c)}`,
  "schedule.slot.update": (c) => `${c.who} changed a slot to a ${slotKind(c.d.kind)} slot, ${slotRange(c)}`,
  "schedule.slot.delete": (c) => `${c.who} deleted a time slot${unplacedText(c)}`,
  "schedule.marketplace.open": (c) => `${c.who} opened the open marketplace`,
  "schedule.marketplace.close": (c) => `${c.who} closed the open marketplace`,
  "schedule.session.update": (c) => `${c.who} edited the session ${c.target("session", "a session since deleted")}`,
  "schedule.session.withdraw": (c) => `${c.who} withdrew the proposal ${c.target("session", "a proposal since deleted")}`,
  "schedule.session.accept": (c) => `${c.who} accepted the session ${q(c.d.title)}`,
  "schedule.session.decline": (c) => `${c.who} declined the session ${q(c.d.title)}`,
  "schedule.session.cancel": (c) => `${c.who} cancelled the session ${q(c.d.title)}`,
  "schedule.session.merge": (c) =>
    `${c.who} merged the session ${q(c.d.title)} into ${c.named("session", c.d.into, "a session since deleted")}`,
  // notes
  "note.restore": (c) =>
    `${c.who} restored version ${text(c.d.restoredVersion)} of the note ${c.target("note", "a note since deleted")} as version ${text(c.d.version)}`,
  "note.verify": (c) => `${c.who} verified the note ${c.target("note", "a note since deleted")} (version ${text(c.d.version)})`,
  // invitations
  "invitation.create": (c) =>
    `${c.who} created the invitation link ${q(c.d.label || "without a label")}${c.d.maxUses ? ` for up to ${plural(c.d.maxUses, "use")}` : ""}${c.d.skipApproval ? ", skipping approval" : ""}`,
  "invitation.use": (c) => `${c.who} registered through the invitation link ${q(c.d.label || "without a label")}`,
  "invitation.revoke": (c) => `${c.who} revoked the invitation link ${q(c.d.label || "without a label")} after ${plural(c.d.uses, "use")}`,
  "role-invite.co_organiser": (c) =>
    `${c.who} invited ${text(c.d.email)} as a co-organiser${c.d.grantedNow ? " (granted at once: they have an account)" : ""}`,
  "role-invite.co_author": (c) =>
    `${c.who} invited ${text(c.d.email)} as a co-author${c.d.grantedNow ? " (granted at once: they have an account)" : ""}`,
  "role-invite.accept.co_organiser": (c) => `${c.who} became a co-organiser through the invitation to ${text(c.d.email)}`,
  "role-invite.accept.co_author": (c) => `${c.who} became a co-author through the invitation to ${text(c.d.email)}`,
  // the admin console
  "organisation.create": (c) =>
    `${c.who} created the organisation ${q(c.d.name)}${Array.isArray(c.d.domains) && c.d.domains.length ? ` with the domain${c.d.domains.length > 1 ? "s" : ""} ${c.d.domains.join(", ")}` : ""}`,
  "organisation.rename": (c) => `${c.who} renamed the organisation ${q(c.d.from)} to ${q(c.d.to)}`,
  "organisation.domain.add": (c) =>
    `${c.who} added the domain ${text(c.d.domain)} to ${c.target("organisation", "an organisation since merged")}`,
  "organisation.domain.remove": (c) =>
    `${c.who} removed the domain ${text(c.d.domain)} from ${c.target("organisation", "an organisation since merged")}`,
  "organisation.merge": (c) =>
    `${c.who} merged the organisation ${q(c.d.merged)} into ${q(c.d.into)} (${plural(c.d.people, "person", "people")}, ${plural(c.d.partnerships, "partnership")} moved)`,
  "admin.grant": (c) => `${c.who} made ${text(c.d.email)} an admin`,
  "admin.revoke": (c) => `${c.who} took admin rights away from ${text(c.d.email)}`,
  "create-events.grant": (c) => `${c.who} allowed ${text(c.d.email)} to create events`,
  "create-events.revoke": (c) => `${c.who} no longer allows ${text(c.d.email)} to create events`,
  // accounts and privacy
  "account.verification_resent": (c) => `${c.who} sent ${c.target("user", "a former attendee")} a new verification link`,
  "account.email_change_requested": (c) => `${c.who} asked to change their e-mail address`,
  "account.email_changed": (c) => `${c.who} confirmed their new e-mail address`,
  "account.email_verified": (c) => `${c.who} verified their e-mail address`,
  "account.password_reset": (c) => `${c.who} reset their password`,
  "account.delete": (c) =>
    `${c.who} deleted their account (${plural(c.d.registrationsCancelled, "registration")} cancelled, ${plural(c.d.promoted, "person", "people")} moved up from waiting lists)`,
  "retention.purge_answers": (c) =>
    `${c.who} erased the registration answers of ${plural(c.d.registrations, "registration")} (${plural(c.d.questionAnswers, "custom answer")}), ${plural(c.d.retentionDays, "day")} after the event`,
};

function placeSentence(c: Ctx, how: string) {
  const from = c.place(c.d.from);
  const to = c.place(c.d.to) ?? "a cell since deleted";
  const session = c.target("session", "a session since deleted");
  return from ? `${c.who} moved ${session} from ${from} to ${to}${how}` : `${c.who} placed ${session} in ${to}${how}`;
}

function unplaceSentence(c: Ctx) {
  const from = c.place(c.d.from);
  return `${c.who} took ${c.target("session", "a session since deleted")} out of the grid${from ? ` (it was in ${from})` : ""}`;
}

function unplacedText(c: Ctx) {
  const ids = Array.isArray(c.d.unplacedSessionIds) ? c.d.unplacedSessionIds : [];
  if (!ids.length) return "";
  return `; ${ids.map((id) => c.named("session", id, "a session since deleted")).join(", ")} went back to the unplaced sessions`;
}

function slotRange(c: Ctx) {
  return `${c.time(c.d.startsAt)}–${typeof c.d.endsAt === "string" ? c.time(c.d.endsAt).split(", ").at(-1) : "?"}`;
}

/** "schedule.guest.join" → "schedule guest join": the generic sentence for an unknown action. */
const words = (action: string) => action.replace(/[._-]+/g, " ").trim();

export function auditSentence(entry: SentenceEntry, names: AuditNames, timeZone: string) {
  const d = (entry.details && typeof entry.details === "object" && !Array.isArray(entry.details) ? entry.details : {}) as Record<
    string,
    unknown
  >;
  const named = (kind: NameKind, id: unknown, gone: string) => {
    const name = names(kind, id);
    return name === null ? gone : kind === "slot" ? formatTime(name, timeZone) : q(name);
  };
  const ctx: Ctx = {
    who: entry.actor,
    id: entry.targetId,
    d,
    target: (kind, gone) => named(kind, entry.targetId, gone),
    named,
    place: (place) => {
      if (!place || typeof place !== "object") return null;
      const { roomId, slotId } = place as { roomId?: unknown; slotId?: unknown };
      if (roomId === null || roomId === undefined) return null;
      const room = names("room", roomId) ?? "a room since deleted";
      const slot = names("slot", slotId);
      return `${room}, ${slot ? formatTime(slot, timeZone) : "a slot since deleted"}`;
    },
    time: (iso) =>
      typeof iso === "string" && !Number.isNaN(Date.parse(iso)) ? `${formatDate(iso, timeZone)}, ${formatTime(iso, timeZone)}` : "?",
  };
  const sentence = SENTENCES[entry.action];
  if (sentence) return `${sentence(ctx)}.`;
  const target = entry.targetType ? ` (${entry.targetType}${entry.targetId ? ` #${entry.targetId}` : ""})` : "";
  return `${entry.actor}: ${words(entry.action)}${target}.`;
}

/** Every action kind with its own sentence (the tests check each one). */
export const AUDIT_ACTIONS_WITH_SENTENCES = Object.keys(SENTENCES);
