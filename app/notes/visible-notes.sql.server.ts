// Raw SQL for lists of notes that embed the visibility rule: the rule has one SQL form
// (visibilitySql, named parameters), shared with the FTS5 search (fts.sql.server.ts), so
// these few statements are written in SQL too rather than giving the rule a second,
// Drizzle-shaped copy. Prepared once per connection (sqlStatement → prepared()).
import type { Db } from "#db/client";
import { sqlStatement } from "~/notes/fts.sql.server";
import { visibilitySql, type ViewerScope } from "~/notes/visibility.server";
import { isGuestSql, markGuest } from "~/utils/author-byline";

/** Readable notes about a topic or session other than its official one, oldest first. */
export function relatedNoteRows(of: { topicId: number } | { sessionId: number }, scope: ViewerScope, db: Db) {
  const visibility = visibilitySql(scope);
  const [column, table, target] =
    "topicId" in of ? (["topic_id", "topics", of.topicId] as const) : (["session_id", "schedule_sessions", of.sessionId] as const);
  return sqlStatement(
    db,
    `SELECT n.id, n.title FROM notes n
      WHERE n.${column} = @target
        AND n.id IS NOT (SELECT official_note_id FROM ${table} WHERE id = @target)
        AND ${visibility.sql}
      ORDER BY n.created_at, n.id`,
  ).all({ target, ...visibility.params }) as { id: number; title: string }[];
}

/** An event's readable notes with their text, by session title (notes without one last), then age. */
export function eventNoteRows(eventId: number, scope: ViewerScope, db: Db) {
  const visibility = visibilitySql(scope);
  return sqlStatement(
    db,
    `SELECT n.id, n.body FROM notes n
       LEFT JOIN schedule_sessions s ON s.id = n.session_id
      WHERE n.event_id = @eventId AND ${visibility.sql}
      ORDER BY s.title IS NULL, s.title, n.created_at, n.id`,
  ).all({ ...visibility.params, eventId }) as { id: number; body: string }[];
}

/** The name of someone who (co-)authored a note the viewer may read (a guest's marked); else null. */
export function visibleAuthorName(userId: number, scope: ViewerScope, db: Db) {
  const visibility = visibilitySql(scope);
  const author = sqlStatement(
    db,
    `SELECT u.name, ${isGuestSql("u.id")} AS isGuest FROM users u
      WHERE u.id = @author
        AND EXISTS (SELECT 1 FROM note_authors na JOIN notes n ON n.id = na.note_id
                     WHERE na.user_id = u.id AND ${visibility.sql})`,
  ).get({ author: userId, ...visibility.params }) as { name: string | null; isGuest: 0 | 1 } | undefined;
  return author ? markGuest(author.name, author.isGuest === 1) : null;
}
