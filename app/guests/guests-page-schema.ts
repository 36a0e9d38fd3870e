// The organisers' guests page (/events/:slug/guests, ADR 028): a new join link, or removing one guest.
import { z } from "zod";

export const guestsPageSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("new-join-link") }),
  z.object({ intent: z.literal("remove-guest"), userId: z.coerce.number({ error: "Choose a guest." }).int().positive("Choose a guest.") }),
]);
