// Two registration rules that had no test, through the real server: an organiser
// declining a *confirmed* registration hands the seat to the next person on the waiting
// list; and nobody can cancel once the event is over. Every person is made through the
// real paths (sign-up, registration, the organiser's decisions).
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, outbox, registrations, type Event } from "#db/schema";
import { updateEvent } from "~/events/events.server";
import { eventFormSchema } from "~/events/event-schema";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { makeAdmin, makeConfirmedPerson, makeEventFor, makeWaitlistedPerson, signUp, type ReadPerson } from "../adversarial/world";

const server = await startTestServer();
const u = () => Math.random().toString(36).slice(2, 8);
const HOUR = 3_600_000;

const registrationOf = (event: Event, person: ReadPerson) =>
  getDb()
    .select()
    .from(registrations)
    .where(and(eq(registrations.eventId, event.id), eq(registrations.userId, person.id)))
    .get()!;
const mailsTo = (person: ReadPerson) =>
  getDb()
    .select({ kind: outbox.kind })
    .from(outbox)
    .where(eq(outbox.userId, person.id))
    .orderBy(asc(outbox.id))
    .all()
    .map((m) => m.kind);

async function fullEvent(id: string) {
  const admin = await makeAdmin(server.url);
  const organiser = await signUp(`Olga ${id}`, `olga-${id}@host-${id}.example`);
  const event = makeEventFor(admin, organiser, { title: `Full ${id}`, capacity: 2 });
  const ip = "127.0.0.1";
  const first = await makeConfirmedPerson(`${id}1`, "Cleo Confirmed", event, organiser.id, ip);
  const second = await makeConfirmedPerson(`${id}2`, "Carl Confirmed", event, organiser.id, ip);
  const nextInLine = await makeWaitlistedPerson(`${id}3`, event, organiser.id, ip);
  const afterThat = await makeWaitlistedPerson(`${id}4`, event, organiser.id, ip);
  return { organiser, event, first, second, nextInLine, afterThat };
}

describe("declining a confirmed registration", () => {
  it("promotes the oldest waitlisted person into the freed seat, and only them", async () => {
    const { organiser, event, first, second, nextInLine, afterThat } = await fullEvent(u());
    const organiserTab = client(server.url, await sessionCookieFor(organiser.id));
    const response = await organiserTab.post(`/events/${event.slug}/attendees`, {
      intent: "decline",
      registrationId: String(registrationOf(event, first).id),
    });
    expect(response.status).toBe(303);

    expect(registrationOf(event, first).status).toBe("declined");
    expect(registrationOf(event, second).status).toBe("confirmed");
    expect(registrationOf(event, nextInLine).status).toBe("confirmed");
    expect(registrationOf(event, afterThat).status).toBe("waitlisted");
    // Each is told: the declined person, and the promoted one.
    expect(mailsTo(first).at(-1)).toBe("registration.declined");
    expect(mailsTo(nextInLine).at(-1)).toBe("registration.promoted");
    expect(mailsTo(afterThat).at(-1)).toBe("registration.waitlisted");
    // The audit log names the promotion.
    const entry = getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.eventId, event.id), eq(auditLog.action, "registration.decline")))
      .get()!;
    expect(entry.actorId).toBe(organiser.id);
    expect(entry.details).toEqual({
      from: "confirmed",
      to: "declined",
      promoted: [registrationOf(event, nextInLine).id],
      withReason: false,
    });
  });

  it("declining a waitlisted person promotes nobody", async () => {
    const { organiser, event, nextInLine, afterThat } = await fullEvent(u());
    const organiserTab = client(server.url, await sessionCookieFor(organiser.id));
    const response = await organiserTab.post(`/events/${event.slug}/attendees`, {
      intent: "decline",
      registrationId: String(registrationOf(event, nextInLine).id),
    });
    expect(response.status).toBe(303);
    expect(registrationOf(event, nextInLine).status).toBe("declined");
    expect(registrationOf(event, afterThat).status).toBe("waitlisted");
    expect(
      getDb()
        .select()
        .from(registrations)
        .where(and(eq(registrations.eventId, event.id), eq(registrations.status, "confirmed")))
        .all(),
    ).toHaveLength(2);
  });
});

describe("cancelling after the event", () => {
  it("is refused with a message once the event is over; the seat and the waiting list stay as they were", async () => {
    const { organiser, event, first, nextInLine } = await fullEvent(u());
    // The organiser moves the event into the past on the event form (the event is over).
    const local = (d: Date) => d.toISOString().slice(0, 16);
    const endedAt = new Date(Date.now() - HOUR);
    const form = eventFormSchema.parse({
      title: event.title,
      format: event.format,
      timeZone: "UTC",
      startsAt: local(new Date(endedAt.getTime() - 8 * HOUR)),
      endsAt: local(endedAt),
      capacity: event.capacity,
      organiserEmails: organiser.email,
      status: "published",
    });
    updateEvent(event, form);
    const mailsBefore = mailsTo(first).length;

    const tab = client(server.url, await sessionCookieFor(first.id));
    const response = await tab.post(`/events/${event.slug}/register`, { intent: "cancel" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("This event is over; there is nothing to cancel.");
    expect(registrationOf(event, first)).toMatchObject({ status: "confirmed", cancelledAt: null });
    expect(registrationOf(event, nextInLine).status).toBe("waitlisted");
    expect(mailsTo(first)).toHaveLength(mailsBefore);
  });

  it("is still possible while the event runs (before it ends), and promotes the next person", async () => {
    const { organiser, event, first, nextInLine } = await fullEvent(u());
    const local = (d: Date) => d.toISOString().slice(0, 16);
    const form = eventFormSchema.parse({
      title: event.title,
      format: event.format,
      timeZone: "UTC",
      startsAt: local(new Date(Date.now() - HOUR)),
      endsAt: local(new Date(Date.now() + 6 * HOUR)),
      capacity: event.capacity,
      organiserEmails: organiser.email,
      status: "published",
    });
    updateEvent(event, form);
    const tab = client(server.url, await sessionCookieFor(first.id));
    const response = await tab.post(`/events/${event.slug}/register`, { intent: "cancel" });
    expect(response.status).toBe(302);
    expect(registrationOf(event, first).status).toBe("cancelled");
    expect(registrationOf(event, nextInLine).status).toBe("confirmed");
  });
});
