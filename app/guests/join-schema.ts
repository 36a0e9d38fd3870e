// The join form ("Join as a guest"), shared by browser and server (Conform + zod).
import { z } from "zod";
import { plainLineSchema } from "~/utils/plain-text";

export const GUEST_NAME_MAX = 60;

// Anyone types a name at the door, and it is shown to everyone beside other text: it is
// made one plain line (app/utils/plain-text.ts), and a name of nothing visible is refused.
const nameMessage = "Enter the name the others will see.";

export const guestJoinSchema = z.object({
  name: plainLineSchema({ required: nameMessage, max: GUEST_NAME_MAX }),
});

export type GuestJoinInput = z.infer<typeof guestJoinSchema>;
