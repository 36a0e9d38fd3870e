// The join form ("Join as a guest"), shared by browser and server (Conform + zod).
import { z } from "zod";

export const GUEST_NAME_MAX = 60;

// Anyone types a name at the door, and it is shown to everyone beside other text: control
// characters, zero-width and bidirectional formatting characters (which can reverse or hide
// what follows) are dropped, and line breaks and other spacing become one space.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** A typed name as it may be shown: visible characters, single spaces. */
export const plainName = (name: string) => name.replace(/\s+/g, " ").replace(INVISIBLE, "");

const nameMessage = "Enter the name the others will see.";

export const guestJoinSchema = z.object({
  name: z
    .string({ error: nameMessage })
    .transform(plainName)
    .pipe(z.string().trim().min(1, nameMessage).max(GUEST_NAME_MAX, `At most ${GUEST_NAME_MAX} characters.`)),
});

export type GuestJoinInput = z.infer<typeof guestJoinSchema>;
