// The benchmark data set, written straight into a freshly migrated database with
// prepared statements inside one transaction (seconds, not minutes). Login sessions are
// made by the app's own `createLoginSession`, so the cookies are signed and hashed
// exactly as in production.
import { getDb } from "../db/client";
import { runMigrations } from "../db/migrate";
import type { Sizes } from "./config";
import { COMMON_WORDS, rareWords, rng, sentence, zipfPicker } from "./lib/text";

export type Fixture = {
  mainSlug: string;
  mainEventId: number;
  boardId: number;
  topicIds: number[];
  burstSlug: string;
  burstEventId: number;
  /** Confirmed attendees of the main event, with a cookie each. */
  voters: { id: number; cookie: string }[];
  /** People who try for the burst event's seats, with a cookie each. */
  burstUsers: { id: number; cookie: string }[];
  /** An organiser of every event (facilitator of the board). */
  organiser: { id: number; cookie: string };
  search: { common: string[]; rare: string[] };
  counts: Record<string, number>;
  generateMs: number;
  sessionsMs: number;
};

const DAY = 86_400_000;
const TAGS = [
  "testing",
  "platform",
  "data",
  "security",
  "frontend",
  "backend",
  "devops",
  "culture",
  "hiring",
  "architecture",
  "observability",
  "ml",
  "mobile",
  "product",
  "process",
  "accessibility",
];
const ORG_NAMES = [
  "Aurora Retail",
  "Beacon Media",
  "Cobalt Bank",
  "Delta Freight",
  "Ember Games",
  "Fjord Energy",
  "Granite Health",
  "Harbor Travel",
  "Iris Telecom",
  "Juniper Insurance",
  "Kestrel Mobility",
  "Lumen Labs",
  "Meridian Foods",
  "Nimbus Cloud",
  "Orchid Fashion",
  "Pylon Robotics",
  "Quarry Software",
  "Ridge Analytics",
  "Summit Education",
  "Tidal Payments",
];

export async function generateDataset(sizes: Sizes): Promise<Fixture> {
  const started = performance.now();
  const db = getDb();
  runMigrations(db);
  const sqlite = db.$client;
  const random = rng(20261128);
  const now = Date.now();
  const counts: Record<string, number> = {};
  const bump = (table: string, n = 1) => (counts[table] = (counts[table] ?? 0) + n);

  const stmt = (sql: string) => sqlite.prepare(sql);
  const insOrg = stmt("INSERT INTO organisations (id, name, slug, created_at) VALUES (?, ?, ?, ?)");
  const insDomain = stmt("INSERT INTO organisation_domains (domain, organisation_id) VALUES (?, ?)");
  const insUser = stmt(
    // Generated people have proven their addresses (membership needs a verified address, ADR 018).
    "INSERT INTO users (id, email, name, organisation_id, job_role, email_verified_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insEvent = stmt(
    `INSERT INTO events (id, slug, title, summary, description, format, series, venue, time_zone, starts_at, ends_at,
       capacity, registration_opens_at, registration_closes_at, status, open_marketplace, created_by_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insPartner = stmt("INSERT INTO event_partners (event_id, organisation_id) VALUES (?, ?)");
  const insOrganiser = stmt("INSERT INTO event_organisers (event_id, user_id, role) VALUES (?, ?, ?)");
  const insRegistration = stmt(
    `INSERT INTO registrations (event_id, user_id, status, queued_at, job_role, topics, dietary, accessibility,
       consent_version, consent_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insBoard = stmt(
    `INSERT INTO boards (id, event_id, title, position, phase, votes_per_person, allow_stacking, hide_tallies,
       timebox_seconds, extension_seconds, takeaways_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 1, 0, 480, 240, 'facilitator', ?, ?)`,
  );
  const insTopic = stmt(
    `INSERT INTO topics (id, board_id, title, description, author_id, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insVote = stmt("INSERT INTO votes (board_id, topic_id, user_id, created_at) VALUES (?, ?, ?, ?)");
  const insRoom = stmt("INSERT INTO rooms (id, event_id, name, capacity, position) VALUES (?, ?, ?, ?, ?)");
  const insSlot = stmt("INSERT INTO slots (id, event_id, starts_at, ends_at, kind, label) VALUES (?, ?, ?, ?, ?, ?)");
  const insSession = stmt(
    `INSERT INTO schedule_sessions (id, event_id, title, abstract, format, status, proposed_by_id, room_id, slot_id,
       sequence, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
  );
  const insHost = stmt("INSERT INTO session_hosts (session_id, user_id) VALUES (?, ?)");
  const insSessionTag = stmt("INSERT INTO session_tags (session_id, tag) VALUES (?, ?)");
  const insStar = stmt("INSERT OR IGNORE INTO stars (session_id, user_id, created_at) VALUES (?, ?, ?)");
  const insNote = stmt(
    `INSERT INTO notes (id, event_id, session_id, topic_id, title, body, visibility, version, created_by_id,
       verified_by_id, verified_at, verified_version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`,
  );
  const insNoteAuthor = stmt("INSERT OR IGNORE INTO note_authors (note_id, user_id) VALUES (?, ?)");
  const insNoteTag = stmt("INSERT OR IGNORE INTO note_tags (note_id, tag) VALUES (?, ?)");
  const insRevision = stmt(
    "INSERT INTO note_revisions (note_id, version, title, body, edited_by_id, created_at) VALUES (?, 1, ?, ?, ?, ?)",
  );

  const pickCommonIndex = zipfPicker(COMMON_WORDS.length, random);
  const pickCommon = () => COMMON_WORDS[pickCommonIndex()];
  const rare = rareWords(Math.max(200, Math.floor(sizes.notes / 20)), random);
  const pickRareIndex = zipfPicker(rare.length, random);

  let fixture!: Omit<Fixture, "voters" | "burstUsers" | "organiser" | "generateMs" | "sessionsMs"> & {
    voterIds: number[];
    burstIds: number[];
    organiserId: number;
  };

  sqlite.pragma("synchronous = OFF");
  sqlite.transaction(() => {
    // Organisations and their people. User 1 organises every event.
    const orgCount = Math.min(sizes.organisations, ORG_NAMES.length);
    for (let o = 1; o <= orgCount; o++) {
      const name = ORG_NAMES[o - 1];
      const slug = name.toLowerCase().replace(/\s+/g, "-");
      insOrg.run(o, name, slug, now - 400 * DAY);
      insDomain.run(`${slug}.example`, o);
      bump("organisations");
    }
    const orgSlug = (o: number) => ORG_NAMES[o - 1].toLowerCase().replace(/\s+/g, "-");
    const roles = ["Engineer", "Senior Engineer", "Staff Engineer", "Engineering Manager", "Designer", "Data Scientist", "SRE"];
    const userOrg = (u: number) => ((u - 1) % orgCount) + 1;
    for (let u = 1; u <= sizes.users; u++) {
      const o = userOrg(u);
      insUser.run(
        u,
        `user${u}@${orgSlug(o)}.example`,
        `Person ${u}`,
        o,
        random.pick(roles),
        now - 300 * DAY,
        now - 300 * DAY,
        now - 300 * DAY,
      );
    }
    bump("users", sizes.users);
    const organiserId = 1;

    // Events: #1 is the big mixed event (board + schedule), #2 the registration burst,
    // the rest a realistic spread of past and upcoming exchanges.
    const formats = ["lean_coffee", "unconference", "mixed"] as const;
    const eventIds: number[] = [];
    for (let e = 1; e <= sizes.events; e++) {
      const isMain = e === 1;
      const isBurst = e === 2;
      const past = !isMain && !isBurst && e % 3 !== 0;
      const startsAt = past ? now - (e * 9 + 5) * DAY : now + (isMain ? 30 : e * 4) * DAY;
      const format = isMain ? "mixed" : isBurst ? "lean_coffee" : formats[e % 3];
      const slug = isMain ? "bench-main-exchange" : isBurst ? "bench-burst" : `exchange-${e}`;
      const title = isMain
        ? "Platform Engineering Unconference"
        : isBurst
          ? "Lean Coffee: the popular one"
          : `${ORG_NAMES[e % orgCount]} × ${ORG_NAMES[(e + 1) % orgCount]} exchange #${e}`;
      const description =
        `## What to expect\n\n${sentence(random, pickCommon, 30)} ${sentence(random, pickCommon, 24)}\n\n` +
        `- ${sentence(random, pickCommon, 8)}\n- ${sentence(random, pickCommon, 8)}\n- ${sentence(random, pickCommon, 8)}\n\n` +
        `**Bring** a laptop and your questions. See [the venue](https://example.com/venue).`;
      insEvent.run(
        e,
        slug,
        title,
        sentence(random, pickCommon, 14),
        description,
        format,
        `Series ${(e % 5) + 1}`,
        `Hall ${(e % 7) + 1}, Berlin`,
        "Europe/Berlin",
        startsAt,
        startsAt + 8 * 3_600_000,
        isMain ? sizes.mainRegistrations + 200 : isBurst ? sizes.burstSeats : 40 + (e % 5) * 20,
        now - 60 * DAY,
        startsAt,
        "published",
        0,
        organiserId,
        now - 90 * DAY,
        now - 90 * DAY,
      );
      eventIds.push(e);
      insOrganiser.run(e, organiserId, "owner");
      // Every organisation is a partner of the main and burst events, so their members
      // register directly; other events have two partners.
      if (isMain || isBurst) for (let o = 1; o <= orgCount; o++) insPartner.run(e, o);
      else {
        insPartner.run(e, (e % orgCount) + 1);
        if (orgCount > 1) insPartner.run(e, ((e + 1) % orgCount) + 1);
      }
    }
    bump("events", sizes.events);

    const registrationRow = (eventId: number, userId: number, status: string, at: number) =>
      insRegistration.run(eventId, userId, status, at, "Engineer", "Testing in production", null, null, "2026-11", at, at, at);

    // Main event: confirmed attendees 2..N+1 (user 1 is the organiser).
    const voterIds: number[] = [];
    for (let i = 0; i < sizes.mainRegistrations; i++) {
      const userId = 2 + i;
      registrationRow(1, userId, "confirmed", now - 20 * DAY + i * 1000);
      voterIds.push(userId);
    }
    bump("registrations", sizes.mainRegistrations);
    // Smaller events: 20-60 registrations each, from the whole population.
    for (const e of eventIds.slice(2)) {
      const n = 20 + (e % 5) * 10;
      const start = (e * 97) % Math.max(1, sizes.users - n);
      for (let i = 0; i < n; i++) registrationRow(e, 1 + start + i, i % 9 === 8 ? "waitlisted" : "confirmed", now - 40 * DAY + i * 1000);
      bump("registrations", n);
    }

    // The board: voting phase, topics, dots (each attendee uses 3 of `votesPerPerson`).
    const boardId = 1;
    insBoard.run(boardId, 1, "Lean Coffee", 0, "vote", sizes.votesPerPerson, now - 10 * DAY, now - 10 * DAY);
    bump("boards");
    const topicIds: number[] = [];
    for (let t = 1; t <= sizes.topics; t++) {
      const title = sentence(random, pickCommon, random.int(4, 9)).slice(0, 118);
      insTopic.run(
        t,
        boardId,
        title,
        random.chance(0.5) ? sentence(random, pickCommon, 20) : "",
        random.pick(voterIds),
        "open",
        now - 9 * DAY,
        now - 9 * DAY,
      );
      topicIds.push(t);
    }
    bump("topics", sizes.topics);
    const pickTopic = zipfPicker(topicIds.length, random);
    let votes = 0;
    outer: for (let round = 0; round < 3; round++) {
      for (const userId of voterIds) {
        if (votes >= sizes.votes) break outer;
        insVote.run(boardId, topicIds[pickTopic()], userId, now - 8 * DAY);
        votes++;
      }
    }
    bump("votes", votes);
    // A few boards on other events, for realism.
    let nextTopic = sizes.topics + 1;
    for (const e of eventIds.slice(2, 12)) {
      insBoard.run(e + 10, e, "Lean Coffee", 0, "closed", 3, now - 30 * DAY, now - 30 * DAY);
      for (let t = 0; t < 12; t++) {
        insTopic.run(nextTopic++, e + 10, sentence(random, pickCommon, 6), "", 1 + t, "discussed", now - 30 * DAY, now - 30 * DAY);
      }
      bump("boards");
      bump("topics", 12);
    }

    // Schedule of the main event: rooms × slots, sessions placed in the grid, stars.
    const dayStart = now + 30 * DAY;
    let sessionId = 1;
    const roomIds: number[] = [];
    for (let r = 1; r <= sizes.rooms; r++) {
      insRoom.run(r, 1, `Room ${String.fromCharCode(64 + r)}`, 20 + r * 10, r);
      roomIds.push(r);
    }
    const slotIds: number[] = [];
    for (let s = 1; s <= sizes.slots; s++) {
      const start = dayStart + (s - 1) * 45 * 60_000;
      const kind = s === Math.ceil(sizes.slots / 2) ? "break" : "session";
      insSlot.run(s, 1, start, start + 40 * 60_000, kind, kind === "break" ? "Lunch" : null);
      if (kind === "session") slotIds.push(s);
    }
    bump("rooms", sizes.rooms);
    bump("slots", sizes.slots);
    const sessionFormats = ["talk", "discussion", "workshop", "lean_coffee"];
    const sessionIds: number[] = [];
    const placeSession = (roomId: number | null, slotId: number | null) => {
      const id = sessionId++;
      insSession.run(
        id,
        1,
        sentence(random, pickCommon, random.int(3, 7)).slice(0, 100),
        `${sentence(random, pickCommon, 30)}\n\n${sentence(random, pickCommon, 20)}`,
        random.pick(sessionFormats),
        roomId ? "accepted" : "proposed",
        random.pick(voterIds),
        roomId,
        slotId,
        now - 5 * DAY,
        now - 5 * DAY,
      );
      insHost.run(id, random.pick(voterIds));
      insSessionTag.run(id, random.pick(TAGS));
      sessionIds.push(id);
    };
    for (const slotId of slotIds) for (const roomId of roomIds) placeSession(roomId, slotId);
    for (let i = 0; i < 20; i++) placeSession(null, null);
    bump("schedule_sessions", sessionIds.length);
    const pickSession = zipfPicker(sessionIds.length, random);
    let starCount = 0;
    for (const userId of voterIds) {
      for (let i = 0; i < 5; i++) {
        starCount += insStar.run(sessionIds[pickSession()], userId, now - 4 * DAY).changes;
      }
    }
    bump("stars", starCount);

    // Notes: Markdown bodies from a Zipf vocabulary plus rare code names, across events,
    // with authors, tags and revision 1 (FTS triggers index them as they go in).
    const pastEvents = eventIds.filter((e) => e > 2);
    const visibilities = ["public", "public", "public", "public", "public", "public", "attendees", "attendees", "partners", "public"];
    for (let n = 1; n <= sizes.notes; n++) {
      const eventId = n % 10 === 0 ? 1 : (pastEvents[n % pastEvents.length] ?? 1);
      const author = 1 + ((n * 7919) % sizes.users);
      const title = sentence(random, pickCommon, random.int(3, 7)).slice(0, -1);
      const rareA = rare[pickRareIndex()];
      const paragraphs = [
        sentence(random, pickCommon, random.int(12, 24)),
        `We discussed ${rareA} and ${pickCommon()}. ${sentence(random, pickCommon, random.int(10, 20))}`,
        `- ${sentence(random, pickCommon, 6)}\n- ${sentence(random, pickCommon, 6)}\n- ${sentence(random, pickCommon, 5)}`,
      ];
      if (random.chance(0.5)) paragraphs.push(`**Takeaway:** ${sentence(random, pickCommon, random.int(8, 16))}`);
      const body = paragraphs.join("\n\n");
      const created = now - random.int(1, 700) * DAY;
      const verified = random.chance(0.2);
      insNote.run(
        n,
        eventId,
        null,
        null,
        title,
        body,
        visibilities[n % visibilities.length],
        author,
        verified ? organiserId : null,
        verified ? created + DAY : null,
        verified ? 1 : null,
        created,
        created,
      );
      insNoteAuthor.run(n, author);
      if (n % 10 === 0) insNoteAuthor.run(n, 1 + ((n * 104729) % sizes.users));
      insNoteTag.run(n, TAGS[n % TAGS.length]);
      if (n % 3 === 0) insNoteTag.run(n, TAGS[(n * 7) % TAGS.length]);
      insRevision.run(n, title, body, author, created);
    }
    bump("notes", sizes.notes);

    const burstIds: number[] = [];
    for (let i = 0; i < sizes.burstUsers; i++) burstIds.push(sizes.users - i);

    fixture = {
      mainSlug: "bench-main-exchange",
      mainEventId: 1,
      boardId,
      topicIds,
      burstSlug: "bench-burst",
      burstEventId: 2,
      voterIds,
      burstIds,
      organiserId,
      search: {
        // Frequent words, pairs, and code names that appear in only a handful of notes.
        common: [
          COMMON_WORDS[0],
          COMMON_WORDS[2],
          COMMON_WORDS[3],
          `${COMMON_WORDS[1]} ${COMMON_WORDS[5]}`,
          "kafka",
          "incident postmortem",
        ],
        rare: [rare[rare.length - 1], rare[rare.length - 2], rare[Math.floor(rare.length / 2)], rare[rare.length - 3]],
      },
      counts,
    };
  })();
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.exec("ANALYZE");
  const generateMs = performance.now() - started;

  // Login sessions through the app's own code, all inserts in one transaction.
  const sessionsStarted = performance.now();
  const { createLoginSession } = await import("../app/accounts/session.server");
  const request = new Request("http://bench.local/", { headers: { "User-Agent": "kx-bench" } });
  const wanted = [...new Set([fixture.organiserId, ...fixture.voterIds, ...fixture.burstIds])];
  const pending = new Map<number, Promise<string>>();
  sqlite.exec("BEGIN");
  try {
    // createLoginSession writes its row synchronously before its first await.
    for (const id of wanted) pending.set(id, createLoginSession(id, request));
    sqlite.exec("COMMIT");
  } catch (error) {
    sqlite.exec("ROLLBACK");
    throw error;
  }
  const cookies = new Map<number, string>();
  for (const [id, promise] of pending) cookies.set(id, (await promise).split(";")[0]);
  counts.auth_sessions = cookies.size;
  const withCookie = (id: number) => ({ id, cookie: cookies.get(id)! });

  const { voterIds, burstIds, organiserId, ...rest } = fixture;
  return {
    ...rest,
    voters: voterIds.map(withCookie),
    burstUsers: burstIds.map(withCookie),
    organiser: withCookie(organiserId),
    generateMs,
    sessionsMs: performance.now() - sessionsStarted,
  };
}
