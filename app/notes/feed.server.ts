// The Atom feed of public notes (`feed` library), newest changes first. Only notes
// anyone may read: public, of events that are not drafts.
import { Feed } from "feed";
import { and, desc, eq, ne } from "drizzle-orm";
import { getDb, type Db } from "#db/client";
import { events, notes } from "#db/schema";
import { loadNoteCards } from "~/notes/note-cards.server";
import { renderMarkdown } from "~/utils/markdown.server";

export const FEED_SIZE = 50;

export function buildNotesFeed(origin: string, db: Db = getDb()): string {
  const rows = db
    .select({ id: notes.id, body: notes.body })
    .from(notes)
    .innerJoin(events, eq(events.id, notes.eventId))
    .where(and(eq(notes.visibility, "public"), ne(events.status, "draft")))
    .orderBy(desc(notes.updatedAt), desc(notes.id))
    .limit(FEED_SIZE)
    .all();
  const cards = loadNoteCards(
    rows.map((r) => r.id),
    db,
  );
  const feed = new Feed({
    id: `${origin}/notes`,
    title: "Knowledge Exchange: notes archive",
    description: "Public notes and takeaways from cross-company knowledge exchanges.",
    link: `${origin}/notes`,
    language: "en",
    updated: cards[0]?.updatedAt ?? new Date(0),
    generator: "Knowledge Exchange",
    feedLinks: { atom: `${origin}/notes/feed.xml` },
    copyright: "The notes' authors",
  });
  for (const card of cards) {
    const url = `${origin}/notes/${card.id}`;
    const context = [card.event.title, card.session?.title, card.topic?.title].filter(Boolean).join(" · ");
    feed.addItem({
      id: url,
      link: url,
      title: card.title,
      date: card.updatedAt,
      published: card.createdAt,
      description: context,
      content: renderMarkdown(rows.find((r) => r.id === card.id)?.body ?? ""),
      author: card.authors.map((a) => ({ name: a.name ?? "former attendee" })),
      category: card.tags.map((tag) => ({ name: tag, term: tag })),
    });
  }
  return feed.atom1();
}
