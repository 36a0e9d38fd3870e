import type { Db } from "../client";
import { eventOrganisers, eventPartners, events } from "../schema";
import type { seedAccounts } from "./accounts";

const DAY = 24 * 60 * 60 * 1000;

/** The two demo installments share it: /series/aurora-beacon shows both (issue 14.6, ADR 021). */
const SERIES = "Aurora × Beacon";

/** Dates relative to today, so the demo always has a past and an upcoming exchange. */
function at(daysFromNow: number, hourUtc: number, minute = 0) {
  const d = new Date(Date.now() + daysFromNow * DAY);
  d.setUTCHours(hourUtc, minute, 0, 0);
  return d;
}

export function seedEvents(db: Db, accounts: Awaited<ReturnType<typeof seedAccounts>>) {
  const { aurora, beacon, organiser } = accounts;
  const leanCoffee = db
    .insert(events)
    .values({
      slug: "lean-coffee-aurora-beacon",
      title: "Lean Coffee: Aurora × Beacon",
      summary: "Our first exchange: a morning of Lean Coffee on platform engineering and developer experience.",
      description:
        "Two engineering organisations, one table, a pile of sticky notes.\n\n- **Format:** Lean Coffee, 8-minute time-boxes\n- **Bring:** questions you are stuck on",
      format: "lean_coffee",
      series: SERIES,
      venue: "Aurora Retail HQ, Kastanienallee 12, Berlin",
      timeZone: "Europe/Berlin",
      startsAt: at(-30, 8),
      endsAt: at(-30, 11),
      capacity: 24,
      status: "published",
      createdById: organiser.id,
    })
    .returning()
    .get();
  const unconference = db
    .insert(events)
    .values({
      slug: "unconference-aurora-beacon",
      title: "Unconference: Aurora × Beacon, part 2",
      summary: "A full day of sessions proposed by the people in the room. Open to guests beyond the two companies.",
      description:
        "The second installment: a day of **unconference** sessions. Partner members register directly; everyone else sends an interest request that the organisers review.",
      format: "unconference",
      series: SERIES,
      venue: "Beacon Media Studios, Hafenstraße 3, Hamburg",
      timeZone: "Europe/Berlin",
      startsAt: at(21, 8),
      endsAt: at(21, 16),
      capacity: 40,
      registrationOpensAt: at(-7, 8),
      registrationClosesAt: at(19, 22),
      status: "published",
      createdById: organiser.id,
    })
    .returning()
    .get();
  for (const event of [leanCoffee, unconference]) {
    db.insert(eventPartners).values({ eventId: event.id, organisationId: aurora.id }).run();
    db.insert(eventPartners).values({ eventId: event.id, organisationId: beacon.id }).run();
    db.insert(eventOrganisers).values({ eventId: event.id, userId: organiser.id, role: "owner" }).run();
  }
  return { leanCoffee, unconference };
}
