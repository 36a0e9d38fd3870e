-- Keep the notes FTS5 index in few segments (ADR 006). Every search reads each common
-- word's doclist once per segment it is spread over (bm25's IDF pass, the ranking window,
-- the count). At 100,000 notes, 1,000 single-note writes left 57 segments with the default
-- automerge (4) and 9 with 2; the search SQL of a two-word query is ~15 % cheaper at 9
-- segments than at 22 (figures in ADR 006). Writes cost the same on average. The setting
-- is stored in notes_fts_config. The one-off 'optimize' merges an existing index into one
-- segment (instant when empty; ~2–3 s at 100,000 notes).
INSERT INTO `notes_fts`(`notes_fts`, `rank`) VALUES ('automerge', 2);
--> statement-breakpoint
INSERT INTO `notes_fts`(`notes_fts`) VALUES ('optimize');
