// Demo registrations in every state: the upcoming unconference is full (40 confirmed)
// with a waiting list, interest requests to review, a decline and cancellations; the
// past Lean Coffee has its attendees checked in. A few e-mails wait in the outbox.
import type { Db } from "../client";
import { organisations, registrations, users, type Event, type RegistrationStatus, type User } from "../schema";
import { PRIVACY_NOTICE_VERSION } from "~/privacy/notice";
import { queueRegistrationEmail, type RegistrationEmailKind } from "~/registration/emails.server";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const FIRST = [
  "Lena",
  "Omar",
  "Sofia",
  "Jakob",
  "Aiko",
  "Mateo",
  "Hanna",
  "Yusuf",
  "Clara",
  "Ravi",
  "Elif",
  "Noah",
  "Greta",
  "Kwame",
  "Ines",
  "Felix",
  "Maja",
  "Tariq",
  "Lotte",
  "Diego",
  "Ida",
  "Samir",
  "Paula",
  "Ben",
];
const LAST = [
  "Becker",
  "Haddad",
  "Rossi",
  "Nowak",
  "Tanaka",
  "García",
  "Schulz",
  "Demir",
  "Fischer",
  "Iyer",
  "Kaya",
  "Jansen",
  "Vogel",
  "Mensah",
  "Moreau",
  "Wagner",
  "Berg",
  "Aziz",
  "de Vries",
  "López",
  "Larsen",
  "Khan",
  "Costa",
  "Hoffmann",
];
const ROLES = [
  "Backend engineer",
  "Frontend engineer",
  "SRE",
  "Data engineer",
  "Engineering manager",
  "Platform engineer",
  "QA engineer",
  "Mobile engineer",
];
const TOPICS = [
  "Platform teams and golden paths",
  "On-call without burnout",
  "Migrating a monolith, one slice at a time",
  "Feature flags at scale",
  "How do you run design reviews?",
  "Developer experience metrics that matter",
];

type Accounts = { aurora: { id: number }; beacon: { id: number }; admin: User; attendee: User; extras: User[] };

export function seedRegistrations(db: Db, accounts: Accounts, demo: { leanCoffee: Event; unconference: Event }) {
  const { aurora, beacon, admin, attendee, extras } = accounts;
  let n = 0;
  const ascii = (s: string) => s.normalize("NFD").replace(/[^\w]/g, "").toLowerCase();
  const person = (domain: string | null, organisationId: number | null) => {
    const first = FIRST[n % FIRST.length];
    // Shifts the surname each round through the first names, so no name repeats.
    const last = LAST[(n + Math.floor(n / FIRST.length) * 5) % LAST.length];
    n += 1;
    const email = `${ascii(first)}.${ascii(last)}${n}@${domain ?? "mail.example"}`;
    return db
      .insert(users)
      .values({ email, name: `${first} ${last}`, organisationId, jobRole: ROLES[n % ROLES.length], emailVerifiedAt: new Date() })
      .returning()
      .get();
  };
  const guestOrg = (name: string, slug: string) => db.insert(organisations).values({ name, slug }).returning().get();
  const northwind = guestOrg("Northwind Labs", "northwind-labs");
  const kestrel = guestOrg("Kestrel Health", "kestrel-health");

  const register = (
    event: Event,
    user: User,
    status: RegistrationStatus,
    queuedAt: Date,
    extra: Partial<typeof registrations.$inferInsert> = {},
    email?: RegistrationEmailKind,
  ) => {
    db.insert(registrations)
      .values({
        eventId: event.id,
        userId: user.id,
        status,
        queuedAt,
        jobRole: user.jobRole,
        topics: TOPICS[(user.id + event.id) % TOPICS.length],
        dietary: user.id % 4 === 0 ? "Vegetarian" : user.id % 7 === 0 ? "No nuts, please" : null,
        accessibility: user.id % 11 === 0 ? "Step-free access" : null,
        consentVersion: PRIVACY_NOTICE_VERSION,
        consentAt: queuedAt,
        createdAt: queuedAt,
        updatedAt: queuedAt,
        ...extra,
      })
      .run();
    if (email) queueRegistrationEmail(db, email, event, user, { now: queuedAt });
  };

  // ---- upcoming unconference: full, with a waiting list and requests to review
  const uc = demo.unconference;
  let clock = Date.now() - 6 * DAY;
  const next = () => new Date((clock += 47 * MINUTE));
  const known = [attendee, admin, ...extras];
  for (const user of known) register(uc, user, "confirmed", next());
  const partnerPeople = Array.from({ length: uc.capacity - known.length + 4 }, (_, i) =>
    i % 2 === 0 ? person("aurora.example", aurora.id) : person("beacon.example", beacon.id),
  );
  const seatsLeft = uc.capacity - known.length;
  partnerPeople.slice(0, seatsLeft).forEach((user) => register(uc, user, "confirmed", next()));
  const cancelledMember = partnerPeople[seatsLeft];
  register(uc, cancelledMember, "cancelled", next(), { cancelledAt: new Date(clock + 3 * 60 * MINUTE) }, "cancelled");
  for (const user of partnerPeople.slice(seatsLeft + 1)) register(uc, user, "waitlisted", next(), {}, "waitlisted");
  const guests = [
    person("northwind.example", northwind.id),
    person("northwind.example", northwind.id),
    person("kestrel.example", kestrel.id),
    person(null, null),
    person("kestrel.example", kestrel.id),
  ];
  register(uc, guests[0], "pending", next(), {}, "received");
  register(uc, guests[1], "pending", next(), {}, "received");
  register(uc, guests[2], "pending", next(), {}, "received");
  register(uc, guests[3], "declined", next(), {}, "declined");
  register(uc, guests[4], "cancelled", next(), { cancelledAt: new Date(clock + 60 * MINUTE) }, "cancelled");

  // ---- past Lean Coffee: everyone came (checked in), one cancelled
  const lc = demo.leanCoffee;
  clock = lc.startsAt.getTime() - 14 * DAY;
  const checkedInAt = new Date(lc.startsAt.getTime() - 10 * MINUTE);
  for (const user of known) register(lc, user, "confirmed", next(), { checkedInAt });
  partnerPeople.slice(0, 10).forEach((user) => register(lc, user, "confirmed", next(), { checkedInAt }));
  register(lc, partnerPeople[10], "cancelled", next(), { cancelledAt: new Date(clock + DAY) });
}
