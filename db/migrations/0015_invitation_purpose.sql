ALTER TABLE `invitations` ADD `purpose` text DEFAULT 'invitation' NOT NULL;--> statement-breakpoint
-- Links sent at the door before this column existed were known by their label's prefix
-- (case-sensitive, as String.startsWith was): they keep opening a closed registration.
UPDATE `invitations` SET `purpose` = 'walk_in' WHERE substr(`label`, 1, 21) = 'Walk-in at the door: ';
