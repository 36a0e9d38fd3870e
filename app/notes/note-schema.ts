// The note forms and the search parameters, shared by browser and server (Conform + zod).
import { z } from "zod";
import { NOTE_VISIBILITIES } from "#db/enums";

export const NOTE_TITLE_MAX = 160;
/** About 15,000 words: room for a day's minutes, far from a pasted log file. */
export const NOTE_BODY_MAX = 100_000;
export const NOTE_TAGS_MAX = 20;
export const SEARCH_QUERY_MAX = 200;
export const SEARCH_PAGE_SIZE = 20;

export const visibilityLabels: Record<(typeof NOTE_VISIBILITIES)[number], string> = {
  public: "Public: anyone, also without an account",
  attendees: "Attendees of this event only",
  partners: "Members of the partner organisations only",
};

// Control characters have no place in a note, and two of them mark search highlights.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
export const stripControlCharacters = (text: string) => text.replace(CONTROL, "");

const title = z
  .string({ error: "Give the note a title." })
  .transform(stripControlCharacters)
  .pipe(z.string().trim().min(1, "Give the note a title.").max(NOTE_TITLE_MAX, `At most ${NOTE_TITLE_MAX} characters.`));

// Required: saving a blank text would wipe a note by a slip (review of 7 Dec 2026). Not trimmed,
// so the Markdown is stored as written.
const body = z
  .string({ error: "Write the note’s text." })
  .max(
    NOTE_BODY_MAX,
    `At most ${NOTE_BODY_MAX.toLocaleString("en")} characters (about 15,000 words). Split a longer text into several notes.`,
  )
  .transform(stripControlCharacters)
  .refine((text) => text.trim() !== "", "Write the note’s text.");

const tags = z
  .string()
  .max(1000, "Too many tags.")
  .optional()
  .refine((value) => splitTags(value).length <= NOTE_TAGS_MAX, `At most ${NOTE_TAGS_MAX} tags.`)
  .refine((value) => splitTags(value).every((t) => t.length <= 40), "Each tag at most 40 characters.");

const coAuthorEmails = z
  .string()
  .max(2000, "Too many co-authors.")
  .optional()
  .superRefine((value, ctx) => {
    for (const email of splitList(value)) {
      if (!z.email().safeParse(email).success) {
        ctx.addIssue({ code: "custom", message: `"${email.slice(0, 60)}" is not an e-mail address.` });
        return;
      }
    }
  });

const noteFields = {
  title,
  body,
  visibility: z.enum(NOTE_VISIBILITIES, { error: "Choose who may read the note." }).default("public"),
  tags,
  coAuthorEmails,
};

export const noteCreateSchema = z.object({
  ...noteFields,
  event: z.string({ error: "Choose the event." }).trim().min(1, "Choose the event.").max(200),
  sessionId: z.coerce.number().int().positive().optional(),
  topicId: z.coerce.number().int().positive().optional(),
});

export const noteEditSchema = z.object({
  ...noteFields,
  version: z.coerce.number({ error: "Reload the page and try again." }).int().positive(),
});

export const noteVerifySchema = z.object({
  intent: z.literal("verify"),
  version: z.coerce.number().int().positive(),
});

/** Restoring an old version (the history page): which one, and the version the person saw as current. */
export const noteRestoreSchema = z.object({
  intent: z.literal("restore"),
  version: z.coerce.number({ error: "Choose a version to restore." }).int().positive("Choose a version to restore."),
  currentVersion: z.coerce.number({ error: "Reload the page and try again." }).int().positive(),
});

export type NoteCreateInput = z.infer<typeof noteCreateSchema>;
export type NoteEditInput = z.infer<typeof noteEditSchema>;

export function splitList(text: string | undefined | null) {
  return (text ?? "")
    .split(/[\s,;]+/)
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
}

export function splitTags(text: string | undefined | null) {
  return [
    ...new Set(
      (text ?? "")
        .split(/[,;\n]+/)
        .map((t) => t.trim().toLowerCase().replace(/\s+/g, "-"))
        .filter(Boolean),
    ),
  ];
}

// ------------------------------------------------------------------ search parameters

const optionalText = (max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v ? stripControlCharacters(v).trim().slice(0, max) || undefined : undefined));
const optionalId = z
  .string()
  .optional()
  .transform((v) => {
    const n = Number(v);
    return v && Number.isSafeInteger(n) && n > 0 ? n : undefined;
  });
const optionalDate = z
  .string()
  .optional()
  .transform((v) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined));

/** Lenient on purpose: a search page never answers a bad parameter with an error, it ignores it. */
export const noteSearchSchema = z.object({
  // Not trimmed: a trailing space tells the search the last word is complete.
  q: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? stripControlCharacters(v).slice(0, SEARCH_QUERY_MAX) : undefined)),
  event: optionalText(200),
  series: optionalText(200),
  tag: optionalText(40).transform((v) => v?.toLowerCase()),
  organisation: optionalId,
  author: optionalId,
  from: optionalDate,
  to: optionalDate,
  sort: z
    .string()
    .optional()
    .transform((v) => (v === "newest" || v === "relevance" ? v : undefined)),
  page: z
    .string()
    .optional()
    .transform((v) => {
      const n = Number(v);
      return Number.isSafeInteger(n) && n >= 1 ? Math.min(n, 500) : 1;
    }),
});

export type NoteSearchParams = z.infer<typeof noteSearchSchema>;

export function parseNoteSearch(params: URLSearchParams): NoteSearchParams {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(noteSearchSchema.shape)) {
    const value = params.get(key);
    if (value !== null) raw[key] = value;
  }
  return noteSearchSchema.parse(raw);
}
