-- Full-text search over notes: an external-content FTS5 table (the text lives only in
-- `notes`), kept in sync by triggers, so every writer (the notes pages, board takeaways,
-- schedule session notes, cascading deletes) is indexed without remembering to.
-- Prefix indexes make "search as you type" on the last term cheap.
CREATE VIRTUAL TABLE `notes_fts` USING fts5(
  title,
  body,
  content='notes',
  content_rowid='id',
  tokenize='unicode61 remove_diacritics 2',
  prefix='2 3'
);
--> statement-breakpoint
CREATE TRIGGER `notes_fts_after_insert` AFTER INSERT ON `notes` BEGIN
  INSERT INTO `notes_fts`(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `notes_fts_after_delete` AFTER DELETE ON `notes` BEGIN
  INSERT INTO `notes_fts`(`notes_fts`, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
--> statement-breakpoint
CREATE TRIGGER `notes_fts_after_update` AFTER UPDATE OF title, body ON `notes` BEGIN
  INSERT INTO `notes_fts`(`notes_fts`, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
  INSERT INTO `notes_fts`(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
--> statement-breakpoint
INSERT INTO `notes_fts`(`notes_fts`) VALUES ('rebuild');
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `notes_created_idx` ON `notes` (`created_at`);
