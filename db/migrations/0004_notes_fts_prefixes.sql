-- Prefix indexes for every prefix length from 2 to 12 characters (was 2 and 3). The last
-- word of a search matches as a prefix while the user is typing ("deploy" → deploy,
-- deployment); without an index for its length FTS5 merges the doclists of every word with
-- that prefix on each use — for "team" (team + teams, ~100,000 notes each) ~30 ms per
-- query, and again for bm25 and for each snippet. With the index the prefix reads like one
-- word. Costs: the index about doubles (59 → 121 MB at 100,000 notes, next to 43 MB of
-- text) and a note's indexing ~0.34 → 0.44 ms. The triggers of 0001 keep working (they
-- name the table); the rebuild re-reads every note once.
DROP TABLE IF EXISTS `notes_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `notes_fts` USING fts5(
  title,
  body,
  content='notes',
  content_rowid='id',
  tokenize='unicode61 remove_diacritics 2',
  prefix='2 3 4 5 6 7 8 9 10 11 12'
);
--> statement-breakpoint
INSERT INTO `notes_fts`(`notes_fts`) VALUES ('rebuild');
