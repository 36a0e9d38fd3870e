// Forms of the unconference schedule, shared by browser and server (Conform + zod).
import { z } from "zod";
import { plainLineSchema } from "~/utils/plain-text";
import { SESSION_FORMATS, SLOT_KINDS } from "#db/enums";

const localDateTime = z
  .string({ error: "Enter a date and time." })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "Enter a date and time.");

const id = (what: string) =>
  z.coerce
    .number({ error: `Choose ${what}.` })
    .int(`Choose ${what}.`)
    .positive(`Choose ${what}.`);

export const FORMAT_LABELS: Record<(typeof SESSION_FORMATS)[number], string> = {
  talk: "Talk",
  discussion: "Discussion",
  workshop: "Workshop",
  lean_coffee: "Lean Coffee",
};

export const SLOT_KIND_LABELS: Record<(typeof SLOT_KINDS)[number], string> = {
  session: "Sessions",
  break: "Break",
  plenary: "Plenary",
};

export const roomSchema = z.object({
  intent: z.literal("save-room"),
  roomId: z.coerce.number().int().positive().optional(),
  name: z.string({ error: "Name the room." }).trim().min(1, "Name the room.").max(80, "At most 80 characters."),
  capacity: z.coerce
    .number({ error: "Enter how many people fit." })
    .int("Whole people only.")
    .min(1, "At least one seat.")
    .max(10000, "At most 10,000 seats."),
});

export const slotSchema = z
  .object({
    intent: z.literal("save-slot"),
    slotId: z.coerce.number().int().positive().optional(),
    startsAt: localDateTime,
    endsAt: localDateTime,
    kind: z.enum(SLOT_KINDS, { error: "Choose a kind." }),
    label: z.string().trim().max(80, "At most 80 characters.").optional(),
  })
  .superRefine((value, ctx) => {
    // The strings compare like the times they name (same zone, fixed format).
    if (value.endsAt <= value.startsAt) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "The slot must end after it starts." });
    }
  });

// `confirm=yes` comes only from the confirmation step, which names what the deletion affects;
// a delete posted without it changes nothing and leads to that step (issue 17.5).
const confirmed = z.literal("yes").optional();
export const deleteRoomSchema = z.object({ intent: z.literal("delete-room"), roomId: id("a room"), confirm: confirmed });
export const deleteSlotSchema = z.object({ intent: z.literal("delete-slot"), slotId: id("a slot"), confirm: confirmed });
export const marketplaceSchema = z.object({ intent: z.literal("marketplace"), open: z.enum(["on", "off"]) });

export const proposalSchema = z.object({
  title: plainLineSchema({ required: "Give the session a title.", min: 3, max: 120 }),
  abstract: z.string().max(5000, "At most 5,000 characters.").optional(),
  format: z.enum(SESSION_FORMATS, { error: "Choose a format." }),
  hostIds: z
    .array(z.coerce.number().int().positive(), { error: "Choose at least one host." })
    .min(1, "Choose at least one host.")
    .max(6, "At most 6 hosts."),
  tags: z.string().max(300, "At most 300 characters.").optional(),
});
export type ProposalInput = z.infer<typeof proposalSchema>;

export const placementSchema = z.object({
  intent: z.literal("place"),
  sessionId: id("a session"),
  roomId: id("a room"),
  slotId: id("a slot"),
});

export const sessionIdSchema = z.object({
  intent: z.enum(["unplace", "star", "unstar", "withdraw", "accept", "decline", "cancel"]),
  sessionId: id("a session"),
});

/** The agenda page's star toggle: only these two intents. */
export const starSchema = z.object({
  intent: z.enum(["star", "unstar"]),
  sessionId: id("a session"),
});

export const mergeSchema = z.object({
  intent: z.literal("merge"),
  sessionId: id("a session"),
  intoId: id("the session to merge into"),
});

export function splitTags(text: string | undefined) {
  return (text ?? "")
    .split(/[,#\n]+/)
    .map((t) => t.trim())
    .filter(Boolean);
}
