// Demo notes for the archive: write-ups of the past Lean Coffee with every trust state
// (verified, changed since verification, not verified) and every visibility. The board
// and schedule seeds add their takeaways and session notes through createNote as well.
import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { noteRevisions, notes, type Event } from "../schema";
import type { seedAccounts } from "./accounts";
import { createNote } from "~/notes/create-note.server";

type Accounts = Awaited<ReturnType<typeof seedAccounts>>;
const DAY = 24 * 60 * 60 * 1000;

export function seedNotes(db: Db, accounts: Accounts, events: { leanCoffee: Event; unconference: Event }) {
  const { organiser, attendee, extras, admin } = accounts;
  const [mira, jonas, priya, tom] = extras;
  const past = events.leanCoffee;
  const written = (daysAfterEvent: number) => new Date(past.endsAt.getTime() + daysAfterEvent * DAY);

  const make = (input: Parameters<typeof createNote>[0], at: Date, verify?: { by: number; after: number }) => {
    const note = createNote(input, db);
    db.update(notes).set({ createdAt: at, updatedAt: at }).where(eq(notes.id, note.id)).run();
    db.update(noteRevisions).set({ createdAt: at }).where(eq(noteRevisions.noteId, note.id)).run();
    if (verify) {
      db.update(notes)
        .set({ verifiedById: verify.by, verifiedAt: new Date(at.getTime() + verify.after * DAY), verifiedVersion: 1, updatedAt: at })
        .where(eq(notes.id, note.id))
        .run();
    }
    return note;
  };

  make(
    {
      eventId: past.id,
      title: "On-call without burnout: what both teams changed",
      body: [
        "Both organisations moved away from a single on-call hero towards **follow-the-sun rotations**.",
        "",
        "## What worked",
        "- Runbooks linked from every alert (Beacon: *no alert without a runbook* rule)",
        "- A weekly 30-minute on-call review with the product owner present",
        "- Paying on-call as working time, not as a bonus",
        "",
        "## Still open",
        "- [x] Share Aurora's alert review template",
        "- [ ] Compare paging volume per service after three months",
        "",
        "| Metric | Aurora | Beacon |",
        "| --- | --- | --- |",
        "| Pages per week | 14 | 9 |",
        "| Median time to acknowledge | 4 min | 6 min |",
      ].join("\n"),
      authorIds: [mira.id, priya.id],
      tags: ["on-call", "observability", "team-health"],
      visibility: "public",
    },
    written(1),
    { by: organiser.id, after: 2 },
  );

  const platform = make(
    {
      eventId: past.id,
      title: "Platform teams as products: paved roads and golden paths",
      body: [
        "Aurora's platform team treats internal developers as customers: a roadmap, office hours and a satisfaction survey.",
        "",
        "Beacon started with a **paved road** for new services: a template repository with CI, logging and tracing wired in.",
        "",
        "```yaml",
        "# the service template's pipeline, shortened",
        "stages: [test, build, deploy]",
        "deploy:",
        "  environment: staging",
        "```",
        "",
        "Takeaway: measure adoption, not mandates.",
      ].join("\n"),
      authorIds: [jonas.id, tom.id],
      tags: ["platform-engineering", "developer-experience"],
      visibility: "public",
    },
    written(2),
    { by: organiser.id, after: 3 },
  );
  // Edited after it was verified: shows the "changed since verification" marker.
  const editedAt = written(9);
  const newBody = `${db.select({ body: notes.body }).from(notes).where(eq(notes.id, platform.id)).get()!.body}\n\nUpdate: Beacon now tracks template adoption per quarter (62 % of new services).`;
  db.update(notes).set({ body: newBody, version: 2, updatedAt: editedAt }).where(eq(notes.id, platform.id)).run();
  db.insert(noteRevisions)
    .values({ noteId: platform.id, version: 2, title: platform.title, body: newBody, editedById: tom.id, createdAt: editedAt })
    .run();

  make(
    {
      eventId: past.id,
      title: "Incident reviews: blameless in practice",
      body: "We compared review templates. Both teams ask *what made sense at the time*, and publish reviews internally within five days.\n\nBeacon shares a redacted version with partners.",
      authorIds: [attendee.id],
      tags: ["incidents", "observability"],
      visibility: "attendees",
    },
    written(3),
  );
  make(
    {
      eventId: past.id,
      title: "Hiring loops and salary bands (partners only)",
      body: "Notes on how Aurora and Beacon structure interview loops and publish salary bands internally. Shared with the partner organisations only.",
      authorIds: [admin.id, priya.id],
      tags: ["hiring"],
      visibility: "partners",
    },
    written(4),
  );
  make(
    {
      eventId: events.unconference.id,
      title: "Ideas for the unconference agenda",
      body: "Collected before the day: **feature flags at scale**, *data contracts*, and a hands-on session on OpenTelemetry.",
      authorIds: [organiser.id],
      tags: ["planning"],
      visibility: "public",
    },
    new Date(Date.now() - 3 * DAY),
  );
}
