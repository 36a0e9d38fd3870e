// The demo seed shows questions and messages (ADR 022): three questions on the
// unconference with answers, filterable on the attendee list, and one message sent to the
// waiting list, queued once per person with the organiser as Reply-To.
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { events, outbox } from "#db/schema";
import { seedDemo } from "#db/seed/index";
import { listEventMessages } from "~/messages/history.server";
import { listAttendees, parseAttendeeFilter } from "~/registration/attendees.server";
import { activeQuestions } from "~/registration/questions.server";

describe("demo questions and messages", () => {
  it("the unconference asks three questions, people answered, and the waiting list got a message", async () => {
    const db = getDb();
    await seedDemo(db);
    const uc = db.select().from(events).where(eq(events.slug, "unconference-aurora-beacon")).get()!;
    const questions = activeQuestions(uc.id);
    expect(questions.map((q) => q.label)).toEqual(["Lunch", "Which formats do you enjoy?", "Would you host a session?"]);
    const vegans = listAttendees(uc.id, parseAttendeeFilter(new URLSearchParams({ answer: `${questions[0].id}:Vegan` })));
    expect(vegans.matching).toBeGreaterThan(3);
    const [message] = listEventMessages(uc.id);
    expect(message).toMatchObject({ kind: "organiser", subject: "A seat may still free up", replyTo: "organiser@aurora.example" });
    const waiting = listAttendees(uc.id, { status: "waitlisted" });
    expect(message.recipients.map((r) => r.email).sort()).toEqual(waiting.rows.map((r) => r.email).sort());
    const mails = db.select().from(outbox).where(eq(outbox.kind, "message.organiser")).all();
    expect(mails).toHaveLength(waiting.matching);
  });
});
