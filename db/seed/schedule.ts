// Demo schedule for the upcoming unconference: rooms, a day of slots, proposals in
// every state, stars, and a grid that is partly filled (with one warning to see).
import { and, eq } from "drizzle-orm";
import type { Db } from "../client";
import { registrations, rooms, scheduleSessions, sessionHosts, sessionTags, slots, stars, type Event, type User } from "../schema";
import { createNote } from "~/notes/create-note.server";
import { sessionNotesTemplate } from "~/schedule/placement.server";
import { formatRange } from "~/utils/dates";

const MIN = 60_000;

type Accounts = { admin: User; organiser: User; attendee: User; extras: User[] };

export function seedSchedule(db: Db, accounts: Accounts, event: Event) {
  const { admin, organiser, attendee, extras } = accounts;
  const [mira, jonas, priya, tom] = extras;
  const people = [attendee, admin, ...extras];
  // Attendees must be confirmed to propose and star; registration seeding may have done it.
  for (const person of people) {
    const existing = db
      .select({ id: registrations.id })
      .from(registrations)
      .where(and(eq(registrations.eventId, event.id), eq(registrations.userId, person.id)))
      .get();
    if (!existing) {
      db.insert(registrations)
        .values({ eventId: event.id, userId: person.id, status: "confirmed", consentVersion: "2025-01", consentAt: new Date() })
        .run();
    }
  }

  const room = (name: string, capacity: number, position: number) =>
    db.insert(rooms).values({ eventId: event.id, name, capacity, position }).returning().get();
  const studio = room("Studio 1 (main stage)", 40, 0);
  const harbour = room("Harbour room", 16, 1);
  const library = room("Library", 5, 2);

  const start = event.startsAt.getTime();
  const slot = (fromMin: number, lengthMin: number, kind: "session" | "break" | "plenary", label: string | null = null) =>
    db
      .insert(slots)
      .values({
        eventId: event.id,
        startsAt: new Date(start + fromMin * MIN),
        endsAt: new Date(start + (fromMin + lengthMin) * MIN),
        kind,
        label,
      })
      .returning()
      .get();
  const opening = slot(0, 45, "plenary", "Opening circle and marketplace");
  const first = slot(60, 45, "session");
  const second = slot(120, 45, "session");
  slot(180, 60, "break", "Lunch");
  const third = slot(240, 45, "session");
  const fourth = slot(300, 45, "session");
  const closing = slot(360, 60, "plenary", "Closing circle");

  type Proposal = {
    title: string;
    abstract: string;
    format: "talk" | "discussion" | "workshop" | "lean_coffee";
    hosts: User[];
    tags: string[];
    status?: "proposed" | "accepted";
    place?: [typeof studio, typeof opening];
    starredBy?: User[];
  };
  const proposals: Proposal[] = [
    {
      title: "Welcome and how today works",
      abstract: "The organisers explain the marketplace, the rooms and the law of two feet.",
      format: "talk",
      hosts: [organiser],
      tags: ["unconference"],
      place: [studio, opening],
    },
    {
      title: "Platform teams: product or service desk?",
      abstract: "How Aurora and Beacon run their platform teams, and what we would change.\n\n- team topologies\n- internal SLAs",
      format: "discussion",
      hosts: [jonas, tom],
      tags: ["platform", "team-topologies"],
      place: [studio, first],
      starredBy: [attendee, admin, mira, priya],
    },
    {
      title: "Hands-on: tracing a request through three services",
      abstract: "Bring a laptop. We instrument a tiny demo app with OpenTelemetry and follow one request.",
      format: "workshop",
      hosts: [priya],
      tags: ["observability", "opentelemetry"],
      place: [library, first],
      // More stars than the Library seats: the grid warns and suggests a bigger room.
      starredBy: [attendee, admin, mira, jonas, tom, organiser],
    },
    {
      title: "Frontend performance budgets that stick",
      abstract: "What happened when we put a hard budget on JavaScript size in CI.",
      format: "talk",
      hosts: [mira],
      tags: ["frontend", "performance"],
      place: [harbour, second],
      starredBy: [attendee, tom],
    },
    {
      title: "Lean Coffee: on-call without burnout",
      abstract: "Bring your questions about rotations, alert fatigue and follow-the-sun.",
      format: "lean_coffee",
      hosts: [attendee],
      tags: ["on-call", "sre"],
      place: [studio, third],
      starredBy: [jonas, priya, admin],
    },
    {
      title: "Data contracts between teams",
      abstract: "Schemas as APIs: how we stopped breaking downstream dashboards.",
      format: "discussion",
      hosts: [priya, attendee],
      tags: ["data"],
      status: "accepted",
      starredBy: [tom],
    },
    {
      title: "Staff engineer paths at two companies",
      abstract: "A comparison of career ladders, with time for questions.",
      format: "talk",
      hosts: [admin],
      tags: ["careers"],
      status: "proposed",
      starredBy: [mira, jonas],
    },
    {
      title: "Migrating off a monorepo build tool",
      abstract: "Lessons from a year-long migration. Spoiler: it was the caches.",
      format: "talk",
      hosts: [tom],
      tags: ["build", "developer-experience"],
      status: "proposed",
    },
  ];

  for (const p of proposals) {
    const placed = Boolean(p.place);
    const session = db
      .insert(scheduleSessions)
      .values({
        eventId: event.id,
        title: p.title,
        abstract: p.abstract,
        format: p.format,
        status: placed ? "accepted" : (p.status ?? "proposed"),
        proposedById: p.hosts[0].id,
        roomId: p.place?.[0].id ?? null,
        slotId: p.place?.[1].id ?? null,
        sequence: placed ? 1 : 0,
      })
      .returning()
      .get();
    for (const host of p.hosts) db.insert(sessionHosts).values({ sessionId: session.id, userId: host.id }).run();
    for (const tag of p.tags) db.insert(sessionTags).values({ sessionId: session.id, tag }).run();
    for (const fan of new Set(p.starredBy ?? [])) db.insert(stars).values({ sessionId: session.id, userId: fan.id }).run();
    if (p.place) {
      const [r, s] = p.place;
      const notesPage = createNote(
        {
          eventId: event.id,
          sessionId: session.id,
          title: p.title,
          body: sessionNotesTemplate({
            hosts: p.hosts.map((h) => h.name).join(", "),
            room: r.name,
            time: formatRange(s.startsAt, s.endsAt, event.timeZone),
          }),
          authorIds: p.hosts.map((h) => h.id),
          tags: p.tags,
          visibility: "attendees",
        },
        db,
      );
      // The session's official notes page (ADR 016), as the placement creates it.
      db.update(scheduleSessions).set({ officialNoteId: notesPage.id }).where(eq(scheduleSessions.id, session.id)).run();
    }
  }
  return { rooms: { studio, harbour, library }, slots: { opening, first, second, third, fourth, closing } };
}
