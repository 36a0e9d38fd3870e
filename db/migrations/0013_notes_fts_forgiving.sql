-- A forgiving second index over notes (ADR 026): "runbooks" finds "runbook", "oncall" finds
-- "on-call" and back. Porter stemming (English plurals and endings) over the text with its
-- hyphens taken out ("on-call" → "oncall"). The exact index (notes_fts: no stemming, prefix
-- indexes, snippets) stays as it is and ranks first; this one only adds the matches it
-- misses. Contentless (the text is in `notes`; no snippets are read from it) with
-- contentless_delete, so triggers can delete by rowid. No prefix indexes: the exact index
-- serves "search as you type". Its own triggers, beside notes_fts's (0001), which stay.
CREATE VIRTUAL TABLE `notes_fts_forgiving` USING fts5(
  title,
  body,
  content='',
  contentless_delete=1,
  tokenize='porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO `notes_fts_forgiving`(`notes_fts_forgiving`, `rank`) VALUES ('automerge', 2);
--> statement-breakpoint
CREATE TRIGGER `notes_fts_forgiving_after_insert` AFTER INSERT ON `notes` BEGIN
  INSERT INTO `notes_fts_forgiving`(rowid, title, body) VALUES (new.id, replace(new.title, '-', ''), replace(new.body, '-', ''));
END;
--> statement-breakpoint
CREATE TRIGGER `notes_fts_forgiving_after_delete` AFTER DELETE ON `notes` BEGIN
  DELETE FROM `notes_fts_forgiving` WHERE rowid = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `notes_fts_forgiving_after_update` AFTER UPDATE OF title, body ON `notes` BEGIN
  DELETE FROM `notes_fts_forgiving` WHERE rowid = old.id;
  INSERT INTO `notes_fts_forgiving`(rowid, title, body) VALUES (new.id, replace(new.title, '-', ''), replace(new.body, '-', ''));
END;
--> statement-breakpoint
INSERT INTO `notes_fts_forgiving`(rowid, title, body) SELECT id, replace(title, '-', ''), replace(body, '-', '') FROM `notes`;
--> statement-breakpoint
INSERT INTO `notes_fts_forgiving`(`notes_fts_forgiving`) VALUES ('optimize');
