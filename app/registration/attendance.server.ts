// Who takes part in an event: people with a confirmed registration. Boards, proposals,
// stars and note visibility ask this.
import { and, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { registrations } from "#db/schema";

export function isConfirmedAttendee(userId: number, eventId: number) {
  return Boolean(
    getDb()
      .select({ id: registrations.id })
      .from(registrations)
      .where(
        and(eq(registrations.eventId, eventId), eq(registrations.userId, userId), eq(registrations.status, "confirmed")),
      )
      .get(),
  );
}
