// The whole data model in one place. Times are UTC, stored as integer milliseconds
// (Drizzle `timestamp_ms` mode gives Date objects). Defaults are computed in JS
// ($defaultFn), never SQL text such as datetime("now").
import { relations } from "drizzle-orm";
import { type AnySQLiteColumn, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  EVENT_FORMATS,
  EVENT_STATUSES,
  NOTE_VISIBILITIES,
  OUTBOX_STATUSES,
  REGISTRATION_STATUSES,
  SESSION_FORMATS,
  SLOT_KINDS,
} from "./enums";
import { MESSAGE_KINDS, QUESTION_AUDIENCES, QUESTION_KINDS } from "./enums";

export * from "./enums";

const now = () => new Date();
const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });
const createdAt = () => timestamp("created_at").notNull().$defaultFn(now);
const updatedAt = () => timestamp("updated_at").notNull().$defaultFn(now).$onUpdateFn(now);

// ---------------------------------------------------------------- accounts

export const organisations = sqliteTable("organisations", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  createdAt: createdAt(),
});

/** E-mail domains that identify an organisation's members (`aurora.example`). */
export const organisationDomains = sqliteTable(
  "organisation_domains",
  {
    domain: text("domain").primaryKey(),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
  },
  (t) => [index("organisation_domains_org_idx").on(t.organisationId)],
);

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Lower-case. NULL once the account is deleted (the row stays for authorship). */
    email: text("email").unique(),
    /** NULL once deleted; shown as "former attendee". */
    name: text("name"),
    /**
     * The organisation the person *named* (typed, or derived from the domain at sign-up):
     * a label on the profile that grants nothing. Company membership, the thing rights
     * depend on, is `app/accounts/membership.server.ts`: a verified address on one of the
     * organisation's domains.
     */
    organisationId: integer("organisation_id").references(() => organisations.id),
    jobRole: text("job_role"),
    /** When the current `email` was proven (link clicked). NULL: unverified. */
    emailVerifiedAt: timestamp("email_verified_at"),
    /** Granted by an admin in the console; ADMIN_EMAILS (verified) is the bootstrap. */
    isAdmin: integer("is_admin", { mode: "boolean" }).notNull().default(false),
    /** Granted by an admin: may create events without organising one already. */
    mayCreateEvents: integer("may_create_events", { mode: "boolean" }).notNull().default(false),
    deletedAt: timestamp("deleted_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("users_organisation_idx").on(t.organisationId)],
);

/** Kept apart from users so a query for users never carries hashes along. */
export const passwords = sqliteTable("passwords", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  hash: text("hash").notNull(),
  updatedAt: updatedAt(),
});

/** Database-backed login sessions. The cookie holds a random token; `id` is its SHA-256. */
export const authSessions = sqliteTable(
  "auth_sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at").notNull().$defaultFn(now),
    /** Absolute expiry; idle expiry is computed from lastSeenAt. */
    expiresAt: timestamp("expires_at").notNull(),
    userAgent: text("user_agent"),
    ip: text("ip"),
  },
  (t) => [index("auth_sessions_user_idx").on(t.userId)],
);

export const EMAIL_TOKEN_PURPOSES = ["verify_email", "reset_password"] as const;
export type EmailTokenPurpose = (typeof EMAIL_TOKEN_PURPOSES)[number];

/**
 * Single-use links sent by e-mail (address verification, password reset). The link holds
 * a random token; only its SHA-256 is stored. `email` is the address the link proves (a
 * changed address is verified before it counts).
 */
export const emailTokens = sqliteTable(
  "email_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: EMAIL_TOKEN_PURPOSES }).notNull(),
    email: text("email").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
    usedAt: timestamp("used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("email_tokens_user_idx").on(t.userId, t.purpose)],
);

// ---------------------------------------------------------------- events

export const events = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull().unique(),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    /** Markdown. */
    description: text("description").notNull().default(""),
    format: text("format", { enum: EVENT_FORMATS }).notNull(),
    /** Groups installments of the same exchange ("Aurora × Beacon") for archive filters. */
    series: text("series"),
    venue: text("venue").notNull().default(""),
    /** IANA zone name, e.g. Europe/Berlin. */
    timeZone: text("time_zone").notNull(),
    startsAt: timestamp("starts_at").notNull(),
    endsAt: timestamp("ends_at").notNull(),
    capacity: integer("capacity").notNull(),
    registrationOpensAt: timestamp("registration_opens_at"),
    registrationClosesAt: timestamp("registration_closes_at"),
    status: text("status", { enum: EVENT_STATUSES }).notNull().default("draft"),
    /** Unconference: attendees may place their own accepted session into a free cell. */
    openMarketplace: integer("open_marketplace", { mode: "boolean" }).notNull().default(false),
    /** Set when registration answers were purged under the retention rule. */
    answersPurgedAt: timestamp("answers_purged_at"),
    /** iCalendar SEQUENCE of the event's calendar entry: bumped when its time, place, title or status changes. */
    sequence: integer("sequence").notNull().default(0),
    /** Days before the start the reminder e-mail goes out; 0: no reminder (ADR 022). */
    reminderDaysBefore: integer("reminder_days_before").notNull().default(2),
    /**
     * Only members of the partner organisations (and people an organiser invited) take part:
     * no interest requests, no guests (issue 17.1, ADR 025).
     */
    partnersOnly: integer("partners_only", { mode: "boolean" }).notNull().default(false),
    /** People with the join link may take part in the boards on the day with a name only (ADR 025). */
    guestsMayJoin: integer("guests_may_join", { mode: "boolean" }).notNull().default(false),
    /**
     * The key in the join link and QR code (ADR 028): without it nobody joins as a guest.
     * Random, made the first time an organiser or facilitator is shown the link; a new
     * one ("New join link") stops the old link. Stored as is: it is shown again on the
     * projector, a room capability like a meeting link.
     */
    joinKey: text("join_key"),
    createdById: integer("created_by_id").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("events_starts_idx").on(t.status, t.startsAt)],
);

export const eventPartners = sqliteTable(
  "event_partners",
  {
    eventId: integer("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.organisationId] }), index("event_partners_org_idx").on(t.organisationId)],
);

export const ORGANISER_ROLES = ["owner", "organiser"] as const;

export const eventOrganisers = sqliteTable(
  "event_organisers",
  {
    eventId: integer("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ORGANISER_ROLES }).notNull().default("organiser"),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.userId] }), index("event_organisers_user_idx").on(t.userId)],
);

// ---------------------------------------------------------------- registration

export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const registrations = sqliteTable(
  "registrations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    eventId: integer("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text("status", { enum: REGISTRATION_STATUSES }).notNull(),
    /** Arrival order for the waiting list; reset when someone re-registers. */
    queuedAt: timestamp("queued_at").notNull().$defaultFn(now),
    jobRole: text("job_role"),
    topics: text("topics"),
    dietary: text("dietary"),
    accessibility: text("accessibility"),
    consentVersion: text("consent_version").notNull(),
    consentAt: timestamp("consent_at").notNull(),
    /** The organiser's invitation link this registration came through, if any. */
    invitationId: integer("invitation_id").references((): AnySQLiteColumn => invitations.id, {
      onDelete: "set null",
    }),
    checkedInAt: timestamp("checked_in_at"),
    cancelledAt: timestamp("cancelled_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("registrations_event_user_uq").on(t.eventId, t.userId),
    index("registrations_event_status_idx").on(t.eventId, t.status, t.queuedAt),
    index("registrations_user_idx").on(t.userId),
  ],
);

/**
 * What an invitation link is for: "invitation", made on the event's Invitations page;
 * "walk_in", sent at the door to a walk-in whose address has an account (it also opens a
 * closed registration until the event ends). Set by the code that makes the link, never
 * by a form.
 */
export const INVITATION_PURPOSES = ["invitation", "walk_in"] as const;
export type InvitationPurpose = (typeof INVITATION_PURPOSES)[number];

/**
 * An organiser's invitation link for one event (13.5): the link holds a random token, only
 * its SHA-256 is stored. `skipApproval`: people who register through it are treated as
 * partner members for this event (confirmed or waitlisted, never an interest request).
 */
export const invitations = sqliteTable(
  "invitations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    eventId: integer("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    /** Shown to organisers ("Beacon platform team"). */
    label: text("label").notNull().default(""),
    purpose: text("purpose", { enum: INVITATION_PURPOSES }).notNull().default("invitation"),
    maxUses: integer("max_uses").notNull(),
    uses: integer("uses").notNull().default(0),
    skipApproval: integer("skip_approval", { mode: "boolean" }).notNull().default(true),
    expiresAt: timestamp("expires_at").notNull(),
    revokedAt: timestamp("revoked_at"),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("invitations_event_idx").on(t.eventId)],
);

/** One row per use of an invitation link (who, when); `uses` on the link counts them. */
export const invitationUses = sqliteTable(
  "invitation_uses",
  {
    invitationId: integer("invitation_id")
      .notNull()
      .references(() => invitations.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    usedAt: timestamp("used_at").notNull().$defaultFn(now),
  },
  (t) => [primaryKey({ columns: [t.invitationId, t.userId] })],
);

export const ROLE_INVITE_KINDS = ["co_organiser", "co_author"] as const;

/**
 * A role offered to an e-mail address that may have no account yet (13.5): a co-organiser
 * of an event or a co-author of a note. The role becomes the person's once an account
 * with this address is verified (or at once, when it already is).
 */
export const roleInvites = sqliteTable(
  "role_invites",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: ROLE_INVITE_KINDS }).notNull(),
    /** Lower-case. */
    email: text("email").notNull(),
    eventId: integer("event_id").references(() => events.id, { onDelete: "cascade" }),
    noteId: integer("note_id").references((): AnySQLiteColumn => notes.id, { onDelete: "cascade" }),
    invitedById: integer("invited_by_id").references(() => users.id, { onDelete: "set null" }),
    acceptedAt: timestamp("accepted_at"),
    acceptedById: integer("accepted_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("role_invites_email_idx").on(t.email)],
);

/** Every e-mail goes here first; a worker delivers it over SMTP when SMTP_URL is set. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind").notNull(),
    toEmail: text("to_email").notNull(),
    toName: text("to_name"),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    eventId: integer("event_id").references(() => events.id, { onDelete: "set null" }),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at").notNull().$defaultFn(now),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at"),
    /** `Reply-To` of the e-mail (the organiser who wrote it), if any. */
    replyTo: text("reply_to"),
    /** An iCalendar text sent as `event.ics` with the e-mail (reminders, change notices). */
    icsAttachment: text("ics_attachment"),
    createdAt: createdAt(),
  },
  (t) => [index("outbox_due_idx").on(t.status, t.nextAttemptAt), index("outbox_event_idx").on(t.eventId)],
);

// ---------------------------------------------------------------- questions and messages (ADR 022)

/** An event's own registration questions, asked after the four built-in fields. */
export const registrationQuestions = sqliteTable(
  "registration_questions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    eventId: integer("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: QUESTION_KINDS }).notNull(),
    label: text("label").notNull(),
    helpText: text("help_text").notNull().default(""),
    /** The offered choices (JSON array of strings); empty for the other kinds. */
    options: text("options", { mode: "json" }).$type<string[]>().notNull().default([]),
    required: integer("required", { mode: "boolean" }).notNull().default(false),
    audience: text("audience", { enum: QUESTION_AUDIENCES }).notNull().default("everyone"),
    position: integer("position").notNull().default(0),
    /** Raised when the wording or the choices change; each answer keeps the version it answered. */
    version: integer("version").notNull().default(1),
    /** Removed by an organiser after people answered it: no longer asked, answers kept. */
    archivedAt: timestamp("archived_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("registration_questions_event_idx").on(t.eventId, t.position)],
);

/**
 * One answer of one registration. The question's wording and choices are copied as they
 * were asked, so a later edit never changes what the person answered to.
 */
export const registrationAnswers = sqliteTable(
  "registration_answers",
  {
    registrationId: integer("registration_id")
      .notNull()
      .references(() => registrations.id, { onDelete: "cascade" }),
    questionId: integer("question_id")
      .notNull()
      .references(() => registrationQuestions.id, { onDelete: "cascade" }),
    questionVersion: integer("question_version").notNull(),
    askedLabel: text("asked_label").notNull(),
    askedOptions: text("asked_options", { mode: "json" }).$type<string[]>().notNull().default([]),
    /** Text, a choice, "yes"/"no", a number as text, or a JSON array for several choices. */
    value: text("value").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.registrationId, t.questionId] }), index("registration_answers_question_idx").on(t.questionId)],
);

/** An e-mail to (some of) an event's attendees: written by an organiser, or automatic. */
export const eventMessages = sqliteTable(
  "event_messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    eventId: integer("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: MESSAGE_KINDS }).notNull(),
    /** One message per key: the compose form's token, `reminder:<event>`, `change:<event>:<time>`. */
    dedupeKey: text("dedupe_key").notNull().unique(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    /** The filter as the organiser chose it, in words ("Waiting list; Beacon Media"). */
    audience: text("audience").notNull().default(""),
    sentById: integer("sent_by_id").references(() => users.id, { onDelete: "set null" }),
    replyTo: text("reply_to"),
    createdAt: createdAt(),
  },
  (t) => [index("event_messages_event_idx").on(t.eventId, t.createdAt)],
);

/** Who one message went to: the primary key makes "never twice" a database rule. */
export const messageRecipients = sqliteTable(
  "message_recipients",
  {
    messageId: integer("message_id")
      .notNull()
      .references(() => eventMessages.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    outboxId: integer("outbox_id").references(() => outbox.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId] }), index("message_recipients_user_idx").on(t.userId)],
);

// ---------------------------------------------------------------- guests (issue 17.1, ADR 025)

/**
 * A person who joined one event's boards on the day with a name only. The name lives on
 * their `users` row (no e-mail, no password: they can never sign in), so topics, dots and
 * takeaways point at a user as everyone else's do; this row binds that user to the one
 * event and holds the SHA-256 of the token in their cookie. Erased by the retention purge.
 */
export const guests = sqliteTable(
  "guests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    eventId: integer("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .unique()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: createdAt(),
  },
  (t) => [index("guests_event_idx").on(t.eventId)],
);

// ---------------------------------------------------------------- Lean Coffee board

export const BOARD_PHASES = ["collect", "vote", "discuss", "closed"] as const;
export type BoardPhase = (typeof BOARD_PHASES)[number];

export const boards = sqliteTable(
  "boards",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    eventId: integer("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    position: integer("position").notNull().default(0),
    phase: text("phase", { enum: BOARD_PHASES }).notNull().default("collect"),
    votesPerPerson: integer("votes_per_person").notNull().default(3),
    allowStacking: integer("allow_stacking", { mode: "boolean" }).notNull().default(true),
    hideTallies: integer("hide_tallies", { mode: "boolean" }).notNull().default(false),
    timeboxSeconds: integer("timebox_seconds").notNull().default(480),
    extensionSeconds: integer("extension_seconds").notNull().default(240),
    /** Who may record takeaways: the facilitators only, or any participant. */
    takeawaysBy: text("takeaways_by", { enum: ["facilitator", "anyone"] })
      .notNull()
      .default("facilitator"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("boards_event_idx").on(t.eventId, t.position)],
);

export const TOPIC_STATUSES = ["open", "discussing", "discussed", "withdrawn", "merged", "carried_over"] as const;
export type TopicStatus = (typeof TOPIC_STATUSES)[number];

export const topics = sqliteTable(
  "topics",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    boardId: integer("board_id")
      .notNull()
      .references(() => boards.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    authorId: integer("author_id").references(() => users.id, { onDelete: "set null" }),
    status: text("status", { enum: TOPIC_STATUSES }).notNull().default("open"),
    mergedIntoId: integer("merged_into_id"),
    /** The topic on an earlier board this one was carried over from. */
    carriedFromId: integer("carried_from_id"),
    discussionStartedAt: timestamp("discussion_started_at"),
    /** The time-box is an end time, so every screen and a reload show the same countdown. */
    timerEndsAt: timestamp("timer_ends_at"),
    extensions: integer("extensions").notNull().default(0),
    discussedSeconds: integer("discussed_seconds"),
    finishedAt: timestamp("finished_at"),
    /** The topic's takeaways: set only by a facilitator. Other notes about it are related notes. */
    officialNoteId: integer("official_note_id").references((): AnySQLiteColumn => notes.id, {
      onDelete: "set null",
    }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("topics_board_idx").on(t.boardId, t.status)],
);

/** One row per dot; a person may stack several dots on a topic when the board allows. */
export const votes = sqliteTable(
  "votes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    boardId: integer("board_id")
      .notNull()
      .references(() => boards.id, { onDelete: "cascade" }),
    topicId: integer("topic_id")
      .notNull()
      .references(() => topics.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [index("votes_board_user_idx").on(t.boardId, t.userId), index("votes_topic_idx").on(t.topicId)],
);

export const ROMAN_VOTES = ["continue", "neutral", "move_on"] as const;

export const romanVotes = sqliteTable(
  "roman_votes",
  {
    topicId: integer("topic_id")
      .notNull()
      .references(() => topics.id, { onDelete: "cascade" }),
    /** 0 for the first time-box, +1 for each extension. */
    round: integer("round").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    value: text("value", { enum: ROMAN_VOTES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.topicId, t.round, t.userId] })],
);

// ---------------------------------------------------------------- unconference schedule

export const rooms = sqliteTable(
  "rooms",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    eventId: integer("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    capacity: integer("capacity").notNull(),
    position: integer("position").notNull().default(0),
  },
  (t) => [index("rooms_event_idx").on(t.eventId)],
);

export const slots = sqliteTable(
  "slots",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    eventId: integer("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    startsAt: timestamp("starts_at").notNull(),
    endsAt: timestamp("ends_at").notNull(),
    kind: text("kind", { enum: SLOT_KINDS }).notNull().default("session"),
    label: text("label"),
  },
  (t) => [index("slots_event_idx").on(t.eventId, t.startsAt)],
);

export const SESSION_STATUSES = ["proposed", "accepted", "declined", "withdrawn", "merged", "cancelled"] as const;

/** Unconference sessions ("talks"); named apart from login sessions. */
export const scheduleSessions = sqliteTable(
  "schedule_sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    eventId: integer("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    /** Markdown. */
    abstract: text("abstract").notNull().default(""),
    format: text("format", { enum: SESSION_FORMATS }).notNull(),
    status: text("status", { enum: SESSION_STATUSES }).notNull().default("proposed"),
    proposedById: integer("proposed_by_id").references(() => users.id, {
      onDelete: "set null",
    }),
    mergedIntoId: integer("merged_into_id"),
    /** A Lean Coffee topic promoted to a session proposal. */
    promotedFromTopicId: integer("promoted_from_topic_id").references(() => topics.id, {
      onDelete: "set null",
    }),
    roomId: integer("room_id").references(() => rooms.id, { onDelete: "set null" }),
    slotId: integer("slot_id").references(() => slots.id, { onDelete: "set null" }),
    /** iCalendar SEQUENCE: bumped whenever the session moves or is cancelled. */
    sequence: integer("sequence").notNull().default(0),
    /** The session's notes page: set only by its hosts or the organisers. Others are related notes. */
    officialNoteId: integer("official_note_id").references((): AnySQLiteColumn => notes.id, {
      onDelete: "set null",
    }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("schedule_sessions_event_idx").on(t.eventId, t.status),
    // One session per room and slot; NULLs (unplaced) do not collide in SQLite.
    uniqueIndex("schedule_sessions_cell_uq").on(t.roomId, t.slotId),
  ],
);

export const sessionHosts = sqliteTable(
  "session_hosts",
  {
    sessionId: integer("session_id")
      .notNull()
      .references(() => scheduleSessions.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index("session_hosts_user_idx").on(t.userId)],
);

export const sessionTags = sqliteTable(
  "session_tags",
  {
    sessionId: integer("session_id")
      .notNull()
      .references(() => scheduleSessions.id, { onDelete: "cascade" }),
    tag: text("tag").notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.tag] })],
);

/** A star is both an interest signal and an entry in the person's agenda. */
export const stars = sqliteTable(
  "stars",
  {
    sessionId: integer("session_id")
      .notNull()
      .references(() => scheduleSessions.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index("stars_user_idx").on(t.userId)],
);

/** Private, revocable calendar-feed tokens for the personal agenda (stored hashed). */
export const agendaFeedTokens = sqliteTable(
  "agenda_feed_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    eventId: integer("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    revokedAt: timestamp("revoked_at"),
  },
  (t) => [index("agenda_feed_tokens_user_idx").on(t.userId, t.eventId)],
);

// ---------------------------------------------------------------- notes archive

export type NoteVisibility = (typeof NOTE_VISIBILITIES)[number];

export const notes = sqliteTable(
  "notes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    eventId: integer("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    sessionId: integer("session_id").references(() => scheduleSessions.id, {
      onDelete: "set null",
    }),
    topicId: integer("topic_id").references(() => topics.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    /** Markdown; raw HTML is never rendered. */
    body: text("body").notNull().default(""),
    visibility: text("visibility", { enum: NOTE_VISIBILITIES }).notNull().default("public"),
    /** Optimistic concurrency: an edit must name the version it started from. */
    version: integer("version").notNull().default(1),
    createdById: integer("created_by_id").references(() => users.id, {
      onDelete: "set null",
    }),
    verifiedById: integer("verified_by_id").references(() => users.id, {
      onDelete: "set null",
    }),
    verifiedAt: timestamp("verified_at"),
    /** The version that was verified; a higher `version` means "changed since verification". */
    verifiedVersion: integer("verified_version"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("notes_event_idx").on(t.eventId),
    index("notes_updated_idx").on(t.updatedAt),
    index("notes_session_idx").on(t.sessionId),
    index("notes_topic_idx").on(t.topicId),
  ],
);

export const noteAuthors = sqliteTable(
  "note_authors",
  {
    noteId: integer("note_id")
      .notNull()
      .references(() => notes.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.noteId, t.userId] }), index("note_authors_user_idx").on(t.userId)],
);

export const noteTags = sqliteTable(
  "note_tags",
  {
    noteId: integer("note_id")
      .notNull()
      .references(() => notes.id, { onDelete: "cascade" }),
    tag: text("tag").notNull(),
  },
  (t) => [primaryKey({ columns: [t.noteId, t.tag] }), index("note_tags_tag_idx").on(t.tag)],
);

export const noteRevisions = sqliteTable(
  "note_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    noteId: integer("note_id")
      .notNull()
      .references(() => notes.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    editedById: integer("edited_by_id").references(() => users.id, {
      onDelete: "set null",
    }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("note_revisions_note_version_uq").on(t.noteId, t.version)],
);

// ---------------------------------------------------------------- audit

/** Append-only record of organiser and admin actions. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: timestamp("at").notNull().$defaultFn(now),
    actorId: integer("actor_id").references(() => users.id, { onDelete: "set null" }),
    eventId: integer("event_id").references(() => events.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    ip: text("ip"),
    details: text("details", { mode: "json" }),
  },
  (t) => [index("audit_log_event_idx").on(t.eventId, t.at)],
);

// ---------------------------------------------------------------- rate limits

/**
 * Counters of rate-limiter-flexible's SQLite store (app/utils/rate-limit.server.ts): the
 * library reads and writes these exact columns; `expire` is epoch milliseconds (null:
 * never). Shared by every process on the database file.
 */
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    points: integer("points").notNull().default(0),
    expire: integer("expire"),
  },
  (t) => [index("rate_limits_expire_idx").on(t.expire)],
);

// ---------------------------------------------------------------- relations

export const usersRelations = relations(users, ({ one }) => ({
  organisation: one(organisations, {
    fields: [users.organisationId],
    references: [organisations.id],
  }),
}));

export type Organisation = typeof organisations.$inferSelect;
export type User = typeof users.$inferSelect;
export type Event = typeof events.$inferSelect;
export type NewEvent = typeof events.$inferInsert;
export type Registration = typeof registrations.$inferSelect;
export type Board = typeof boards.$inferSelect;
export type Topic = typeof topics.$inferSelect;
export type ScheduleSession = typeof scheduleSessions.$inferSelect;
export type Room = typeof rooms.$inferSelect;
export type Slot = typeof slots.$inferSelect;
export type Note = typeof notes.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type RoleInvite = typeof roleInvites.$inferSelect;
export type RegistrationQuestion = typeof registrationQuestions.$inferSelect;
export type RegistrationAnswer = typeof registrationAnswers.$inferSelect;
export type EventMessage = typeof eventMessages.$inferSelect;
export type Guest = typeof guests.$inferSelect;
