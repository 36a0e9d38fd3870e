-- Covering indexes for notes search. A search touches every matching note to apply the
-- visibility rule and filters; reading those few columns from a small index instead of
-- the wide notes rows (bodies up to 100 kB) keeps a 100,000-note search in memory.
-- By id: joined from the FTS rowid. By creation time: "newest first" walks it.
DROP INDEX IF EXISTS `notes_created_idx`;
--> statement-breakpoint
CREATE INDEX `notes_search_by_id_idx` ON `notes` (`id`, `visibility`, `event_id`, `created_at`);
--> statement-breakpoint
CREATE INDEX `notes_search_by_created_idx` ON `notes` (`created_at`, `visibility`, `event_id`);
