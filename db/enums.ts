// Values of the enumerated columns that the browser also needs (forms, filters, labels),
// apart from db/schema.ts so that importing them does not bundle Drizzle and every table
// into the page's JavaScript (ADR 020). db/schema.ts re-exports them.
export const EVENT_FORMATS = ["lean_coffee", "unconference", "mixed"] as const;
export const EVENT_STATUSES = ["draft", "published", "cancelled"] as const;
export const REGISTRATION_STATUSES = [
  "confirmed",
  "waitlisted",
  "pending",
  "declined",
  "cancelled",
] as const;
export const OUTBOX_STATUSES = ["queued", "sent", "failed"] as const;
export const SLOT_KINDS = ["session", "break", "plenary"] as const;
export const SESSION_FORMATS = ["talk", "discussion", "workshop", "lean_coffee"] as const;
export const NOTE_VISIBILITIES = ["public", "attendees", "partners"] as const;
