// A time slot identical to one the event already has (same start, same end) is refused
// with a field message, 4xx and nothing written (new-user review, finding 13); a slot that
// only overlaps is still saved with its warning (parallel tracks, an evening social). Under
// 100 identical posts at once, split between two server processes (two SQLite connections
// competing for the write lock), exactly one slot is created.
import { and, count, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, slots } from "#db/schema";
import { client, sessionCookieFor, startTestServer } from "../helpers/server";
import { startServerProcess, type ServerProcess } from "../helpers/server-process";
import { copyEventAsNextInstallment } from "~/events/next-installment.server";
import { nextInstallmentSchema } from "~/events/next-installment-schema";
import { saveSlot } from "~/schedule/rooms-slots.server";
import { asActor, DAY, makeUnconference } from "./helpers";

const server = await startTestServer();
const db = () => getDb();
const slotsOf = (eventId: number) => db().select().from(slots).where(eq(slots.eventId, eventId)).all();
const slotAudits = (eventId: number) =>
  db()
    .select({ n: count() })
    .from(auditLog)
    .where(and(eq(auditLog.eventId, eventId), like(auditLog.action, "schedule.slot.%")))
    .get()!.n;
const setupUrl = (slug: string) => `/events/${slug}/schedule/setup`;
const DUPLICATE = "There is already a slot at these times.";
/** The "Add a slot" form on DAY, from and to the given wall-clock times, sent with JavaScript unless `extra` says otherwise. */
const slotForm = (from: string, to: string, extra: Record<string, string> = { _js: "1" }) => ({
  intent: "save-slot",
  startsAt: `${DAY}T${from}`,
  endsAt: `${DAY}T${to}`,
  kind: "session",
  ...extra,
});

let processes: ServerProcess[];
beforeAll(async () => {
  processes = await Promise.all([startServerProcess(), startServerProcess()]);
});

describe("a slot identical to an existing one", () => {
  it("is refused over HTTP: 400, the message on the start field, nothing written; a partial overlap is saved with its warning", async () => {
    const { event, organiser } = await makeUnconference({ attendees: 0 });
    const org = client(server.url, await sessionCookieFor(organiser.id));
    const before = slotsOf(event.id);
    const audits = slotAudits(event.id);

    // The 10:00–10:45 slot again (with JavaScript: the form's reply; without: the page again).
    const twice = await org.post(setupUrl(event.slug), slotForm("10:00", "10:45"));
    expect(twice.status).toBe(400);
    expect(await twice.text()).toContain(DUPLICATE);
    const plain = await org.post(setupUrl(event.slug), slotForm("10:00", "10:45", { kind: "break" }));
    expect(plain.status).toBe(400);
    const page = await plain.text();
    expect(page).toContain(DUPLICATE);
    expect(page).toMatch(/aria-invalid="true"[^>]*name="startsAt"|name="startsAt"[^>]*aria-invalid="true"/);
    expect(slotsOf(event.id)).toEqual(before);
    expect(slotAudits(event.id)).toBe(audits);

    const overlap = await org.post(setupUrl(event.slug), slotForm("10:00", "10:30"));
    expect(overlap.status).toBe(200);
    expect(await overlap.text()).toContain("It overlaps 1 other slot");
    expect(slotsOf(event.id)).toHaveLength(before.length + 1);
  });

  it("moving a slot onto another's times is refused; saving a slot with its own times is not", async () => {
    const { event, organiser, slots: s } = await makeUnconference({ attendees: 0 });
    const org = asActor(organiser);
    expect(() => saveSlot(event, org, { slotId: s.eleven.id, startsAt: `${DAY}T10:00`, endsAt: `${DAY}T10:45`, kind: "session" })).toThrow(
      DUPLICATE,
    );
    expect(slotsOf(event.id).find((x) => x.id === s.eleven.id)).toEqual(s.eleven);
    const relabelled = saveSlot(event, org, {
      slotId: s.ten.id,
      startsAt: `${DAY}T10:00`,
      endsAt: `${DAY}T10:45`,
      kind: "session",
      label: "Round 1",
    });
    expect(relabelled.slot.label).toBe("Round 1");
    // The same times at another event are that event's business.
    const other = await makeUnconference({ attendees: 0 });
    expect(
      saveSlot(other.event, asActor(other.organiser), { startsAt: `${DAY}T14:00`, endsAt: `${DAY}T14:45`, kind: "session" }).slot.id,
    ).toBeGreaterThan(0);
    expect(saveSlot(event, org, { startsAt: `${DAY}T14:00`, endsAt: `${DAY}T14:45`, kind: "session" }).slot.id).toBeGreaterThan(0);
  });

  it("an event saved before the rule, with a slot twice, is still copied as the next installment, with that slot once", async () => {
    const { event, organiser, slots: s } = await makeUnconference({ attendees: 0 });
    // Only data from before the rule can hold a twin; the domain refuses to make one now.
    db().insert(slots).values({ eventId: event.id, startsAt: s.ten.startsAt, endsAt: s.ten.endsAt, kind: "session" }).run();
    const startsOn = `${DAY.slice(0, 8)}11`; // a week after the event
    const copy = copyEventAsNextInstallment(event, nextInstallmentSchema.parse({ startsOn }), asActor(organiser));
    expect(slotsOf(copy.id)).toHaveLength(slotsOf(event.id).length - 1);
  });

  it("100 identical posts at once, split between two server processes: exactly one slot is created, 99 refused", async () => {
    const { event, organiser } = await makeUnconference({ attendees: 0 });
    const cookie = await sessionCookieFor(organiser.id);
    const before = slotsOf(event.id).length;
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => client(processes[i % 2].url, cookie).post(setupUrl(event.slug), slotForm("15:00", "15:45"))),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 400)).toHaveLength(99);
    const created = slotsOf(event.id).filter((x) => x.startsAt.getTime() === new Date(`${DAY}T13:00:00Z`).getTime());
    expect(created).toHaveLength(1);
    expect(created[0].endsAt).toEqual(new Date(`${DAY}T13:45:00Z`));
    expect(slotsOf(event.id)).toHaveLength(before + 1);
  });
});
