// Values of the enumerated columns that the browser also needs (forms, filters, labels),
// apart from db/schema.ts so that importing them does not bundle Drizzle and every table
// into the page's JavaScript (ADR 020). db/schema.ts re-exports them.
export const EVENT_FORMATS = ["lean_coffee", "unconference", "mixed"] as const;
export const EVENT_STATUSES = ["draft", "published", "cancelled"] as const;
export const REGISTRATION_STATUSES = ["confirmed", "waitlisted", "pending", "declined", "cancelled"] as const;
export const OUTBOX_STATUSES = ["queued", "sent", "failed"] as const;
export const SLOT_KINDS = ["session", "break", "plenary"] as const;
export const SESSION_FORMATS = ["talk", "discussion", "workshop", "lean_coffee"] as const;
export const NOTE_VISIBILITIES = ["public", "attendees", "partners"] as const;

// Registration questions and messages to attendees (ADR 022).
export const QUESTION_KINDS = ["short_text", "long_text", "single_choice", "multiple_choice", "yes_no", "number"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
/** Who is asked: everyone, only partner members (confirmed or waitlisted), only interest requests (pending). */
export const QUESTION_AUDIENCES = ["everyone", "partners", "interest"] as const;
export type QuestionAudience = (typeof QUESTION_AUDIENCES)[number];
export const MESSAGE_KINDS = ["organiser", "reminder", "change_notice"] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
