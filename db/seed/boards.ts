// Demo boards: the past Lean Coffee with discussed topics, Roman votes and takeaways
// (as notes in the archive), and the upcoming unconference's board, still collecting,
// with one topic carried over from the Lean Coffee.
import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { boards, romanVotes, topics, votes, type Event } from "../schema";
import { createNote } from "~/notes/create-note.server";
import type { seedAccounts } from "./accounts";

type Accounts = Awaited<ReturnType<typeof seedAccounts>>;
const MINUTE = 60_000;

export function seedBoards(db: Db, accounts: Accounts, events: { leanCoffee: Event; unconference: Event }) {
  const { organiser, attendee, admin, extras } = accounts;
  const [mira, jonas, priya, tom] = extras;
  const voters = [organiser, attendee, admin, mira, jonas, priya, tom];
  const { leanCoffee, unconference } = events;

  const past = db
    .insert(boards)
    .values({ eventId: leanCoffee.id, title: "Lean Coffee", phase: "closed", votesPerPerson: 3, createdAt: leanCoffee.startsAt })
    .returning()
    .get();

  const plan = [
    {
      title: "How do you keep CI under ten minutes?",
      description: "Our monorepo pipeline creeps towards 40 minutes.",
      author: mira,
      dots: 7,
      minutes: 12,
      extensions: 1,
      takeaways:
        "- Cache dependencies **and** build outputs; remote caching paid off for Beacon within a week.\n- Split tests by timing data, not by folder.\n- Treat the pipeline duration as an SLO with an owner.",
      by: organiser,
    },
    {
      title: "Platform team: product or service desk?",
      description: "",
      author: tom,
      dots: 5,
      minutes: 8,
      extensions: 0,
      takeaways:
        "- A platform team needs a roadmap and users it talks to, like any product team.\n- Ticket queues are a smell: self-service first.\n- Aurora runs quarterly developer surveys; Beacon wants to copy the format.",
      by: organiser,
    },
    {
      title: "On-call without burning people out",
      description: "Rotations, compensation, follow-the-sun?",
      author: jonas,
      dots: 4,
      minutes: 9,
      extensions: 0,
      takeaways:
        "- One week rotations, handover in writing.\n- Alerts without a runbook get deleted.\n- See the [Google SRE book chapter on on-call](https://sre.google/sre-book/being-on-call/).",
      by: attendee,
    },
  ];
  const undiscussed = [
    { title: "Feature flags: build or buy?", description: "", author: attendee, dots: 3 },
    { title: "Data contracts between teams", description: "Schemas as APIs.", author: priya, dots: 2 },
  ];

  let clock = leanCoffee.startsAt.getTime() + 20 * MINUTE;
  let voter = 0;
  const addDots = (boardId: number, topicId: number, n: number) => {
    for (let i = 0; i < n; i++)
      db.insert(votes)
        .values({ boardId, topicId, userId: voters[voter++ % voters.length].id })
        .run();
  };
  for (const item of plan) {
    const started = new Date(clock);
    const finished = new Date(clock + item.minutes * MINUTE);
    const topic = db
      .insert(topics)
      .values({
        boardId: past.id,
        title: item.title,
        description: item.description,
        authorId: item.author.id,
        status: "discussed",
        discussionStartedAt: started,
        extensions: item.extensions,
        discussedSeconds: item.minutes * 60,
        finishedAt: finished,
        createdAt: leanCoffee.startsAt,
      })
      .returning()
      .get();
    addDots(past.id, topic.id, item.dots);
    for (let round = 0; round <= item.extensions; round++) {
      voters.slice(0, 5).forEach((person, i) => {
        const value = round < item.extensions ? (i < 4 ? "continue" : "neutral") : i < 3 ? "move_on" : "neutral";
        db.insert(romanVotes).values({ topicId: topic.id, round, userId: person.id, value }).run();
      });
    }
    const takeaways = createNote(
      {
        eventId: leanCoffee.id,
        topicId: topic.id,
        title: `Takeaways: ${item.title}`,
        body: item.takeaways,
        authorIds: [item.by.id],
        visibility: "public",
        tags: ["lean-coffee", "takeaways"],
      },
      db,
    );
    // The topic's official takeaways (ADR 016), as recordTakeaways sets them.
    db.update(topics).set({ officialNoteId: takeaways.id }).where(eq(topics.id, topic.id)).run();
    clock = finished.getTime() + MINUTE;
  }
  const leftOver = undiscussed.map((item) => {
    const topic = db
      .insert(topics)
      .values({
        boardId: past.id,
        title: item.title,
        description: item.description,
        authorId: item.author.id,
        createdAt: leanCoffee.startsAt,
      })
      .returning()
      .get();
    addDots(past.id, topic.id, item.dots);
    return topic;
  });

  const upcoming = db
    .insert(boards)
    .values({ eventId: unconference.id, title: "Opening Lean Coffee", phase: "collect", votesPerPerson: 3, hideTallies: true })
    .returning()
    .get();
  // The first undiscussed topic moves on, keeping its history.
  const [carried] = leftOver;
  db.insert(topics)
    .values({
      boardId: upcoming.id,
      title: carried.title,
      description: carried.description,
      authorId: carried.authorId,
      carriedFromId: carried.id,
    })
    .run();
  db.update(topics).set({ status: "carried_over" }).where(eq(topics.id, carried.id)).run();
  for (const [title, description, author] of [
    ["Migrating from REST to GraphQL: regrets?", "", priya],
    ["Accessibility testing in CI", "axe-core, screen readers, who owns it?", mira],
  ] as const) {
    db.insert(topics).values({ boardId: upcoming.id, title, description, authorId: author.id }).run();
  }
  return { past, upcoming };
}
