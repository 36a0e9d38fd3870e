-- Keep the notes FTS5 index in few segments (ADR 006). Every search reads each common
-- word's doclist once per segment it is spread over (bm25's IDF pass, the ranking window,
-- the count): at 100,000 notes the default automerge (4) left 13–21 segments after a bulk
-- load and 57 after 1,000 single-note writes on top; automerge=2 merges as soon as two
-- segments share a level: 9 after both, and the search SQL of a two-word query ~15 %
-- cheaper. Single-note writes cost the same on average (~1.7 ms for an edit), the longest
-- one 75 → 89 ms; a bulk load of 100,000 notes is ~5 s slower. The setting is stored in
-- notes_fts_config. The one-off 'optimize' merges an existing index into one segment
-- (instant when empty; ~3 s at 100,000 notes).
INSERT INTO `notes_fts`(`notes_fts`, `rank`) VALUES ('automerge', 2);
--> statement-breakpoint
INSERT INTO `notes_fts`(`notes_fts`) VALUES ('optimize');
