// Input schemas for the board, shared by the browser (Conform) and the server.
import { z } from "zod";

// Same values as db/schema.ts; repeated here so the browser bundle does not pull in Drizzle.
export const BOARD_PHASES = ["collect", "vote", "discuss", "closed"] as const;
export const ROMAN_VOTES = ["continue", "neutral", "move_on"] as const;
export const NOTE_VISIBILITIES = ["public", "attendees", "partners"] as const;

export const TOPIC_TITLE_MAX = 120;
export const TOPIC_DESCRIPTION_MAX = 1000;
export const TAKEAWAYS_MAX = 20_000;

const id = z.number({ error: "Choose a topic." }).int().positive();
// The field is labelled "Topic" on the board, so the message names it so.
const title = z
  .string({ error: "Enter a topic." })
  .trim()
  .min(1, "Enter a topic.")
  .max(TOPIC_TITLE_MAX, `At most ${TOPIC_TITLE_MAX} characters.`);
const description = z.string().trim().max(TOPIC_DESCRIPTION_MAX, `At most ${TOPIC_DESCRIPTION_MAX} characters.`).optional().default("");
const takeaways = z.string().trim().max(TAKEAWAYS_MAX, `At most ${TAKEAWAYS_MAX} characters.`);
const visibility = z.enum(NOTE_VISIBILITIES).default("attendees");

export const proposeTopicSchema = z.object({ intent: z.literal("propose"), title, description });
export const editTopicSchema = z.object({ intent: z.literal("edit-topic"), topicId: id, title, description });
export const takeawaysSchema = z.object({
  intent: z.literal("takeaways"),
  topicId: id,
  takeaways: takeaways.min(1, "Write at least one takeaway."),
  visibility,
});
export const finishTopicSchema = z.object({
  intent: z.literal("finish"),
  topicId: id,
  takeaways: takeaways.optional().default(""),
  visibility,
});
export const boardSettingsSchema = z.object({
  intent: z.literal("settings"),
  title: z.string({ error: "Enter a title." }).trim().min(1, "Enter a title.").max(80, "At most 80 characters."),
  votesPerPerson: z.number({ error: "Enter a number." }).int().min(1, "At least 1.").max(20, "At most 20."),
  allowStacking: z.boolean().optional().default(false),
  hideTallies: z.boolean().optional().default(false),
  timeboxMinutes: z.number({ error: "Enter a number." }).int().min(1, "At least 1 minute.").max(60, "At most 60 minutes."),
  extensionMinutes: z.number({ error: "Enter a number." }).int().min(1, "At least 1 minute.").max(30, "At most 30 minutes."),
  takeawaysBy: z.enum(["facilitator", "anyone"]),
});
export const createBoardSchema = z.object({
  intent: z.literal("create-board"),
  title: z.string().trim().min(1, "Enter a title.").max(80, "At most 80 characters.").optional().default("Lean Coffee"),
});

const topicIntent = <T extends string>(intent: T) => z.object({ intent: z.literal(intent), topicId: id });

export const boardActionSchema = z.discriminatedUnion("intent", [
  proposeTopicSchema,
  editTopicSchema,
  topicIntent("withdraw"),
  topicIntent("vote"),
  topicIntent("unvote"),
  topicIntent("start"),
  topicIntent("end-timebox"),
  topicIntent("extend"),
  z.object({ intent: z.literal("roman"), topicId: id, value: z.enum(ROMAN_VOTES, { error: "Choose continue, neutral or move on." }) }),
  finishTopicSchema,
  takeawaysSchema,
  z.object({ intent: z.literal("phase"), phase: z.enum(BOARD_PHASES, { error: "Choose a phase." }) }),
  boardSettingsSchema,
  z.object({
    intent: z.literal("merge"),
    sourceId: z.number({ error: "Choose the duplicate." }).int().positive(),
    targetId: z.number({ error: "Choose the topic to keep." }).int().positive(),
  }),
  z.object({ intent: z.literal("carry-over"), targetBoardId: z.number({ error: "Choose a board." }).int().positive() }),
  z.object({ intent: z.literal("promote"), topicId: id, targetEventId: z.number({ error: "Choose an event." }).int().positive() }),
  createBoardSchema,
]);

export type BoardAction = z.infer<typeof boardActionSchema>;
export type BoardSettingsInput = z.infer<typeof boardSettingsSchema>;

export const PHASE_LABELS = {
  collect: "Collect topics",
  vote: "Vote",
  discuss: "Discuss",
  closed: "Closed",
} as const;

export const ROMAN_LABELS = {
  continue: "👍 Continue",
  neutral: "✊ Neutral",
  move_on: "👎 Move on",
} as const;
