// The join form ("Join as a guest"), shared by browser and server (Conform + zod).
import { z } from "zod";

export const GUEST_NAME_MAX = 60;

export const guestJoinSchema = z.object({
  name: z
    .string({ error: "Enter the name the others will see." })
    .trim()
    .min(1, "Enter the name the others will see.")
    .max(GUEST_NAME_MAX, `At most ${GUEST_NAME_MAX} characters.`),
});

export type GuestJoinInput = z.infer<typeof guestJoinSchema>;
