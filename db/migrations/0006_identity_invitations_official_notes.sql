-- Identity (issue 13): verified e-mail addresses, single-use e-mail links (verification,
-- password reset), rights granted in the database (admin, may create events), invitation
-- links per event and role invitations by e-mail. Official notes (issue 18, finding 4): the
-- topic's takeaways and the session's notes page are stored on the topic or session, set
-- only by facilitators or hosts; existing links are kept as the board and schedule showed
-- them (a topic's newest note, a session's oldest). Existing accounts start unverified:
-- company membership waits until the address is proven.
CREATE TABLE `email_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`email` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `email_tokens_user_idx` ON `email_tokens` (`user_id`,`purpose`);--> statement-breakpoint
CREATE TABLE `invitation_uses` (
	`invitation_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`used_at` integer NOT NULL,
	PRIMARY KEY(`invitation_id`, `user_id`),
	FOREIGN KEY (`invitation_id`) REFERENCES `invitations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`label` text DEFAULT '' NOT NULL,
	`max_uses` integer NOT NULL,
	`uses` integer DEFAULT 0 NOT NULL,
	`skip_approval` integer DEFAULT true NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`created_by_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token_hash_unique` ON `invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `invitations_event_idx` ON `invitations` (`event_id`);--> statement-breakpoint
CREATE TABLE `role_invites` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`email` text NOT NULL,
	`event_id` integer,
	`note_id` integer,
	`invited_by_id` integer,
	`accepted_at` integer,
	`accepted_by_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`note_id`) REFERENCES `notes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invited_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`accepted_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `role_invites_email_idx` ON `role_invites` (`email`);--> statement-breakpoint
ALTER TABLE `registrations` ADD `invitation_id` integer REFERENCES invitations(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `schedule_sessions` ADD `official_note_id` integer REFERENCES notes(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `topics` ADD `official_note_id` integer REFERENCES notes(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `users` ADD `email_verified_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `is_admin` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `may_create_events` integer DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE `topics` SET `official_note_id` = (SELECT max(`id`) FROM `notes` WHERE `notes`.`topic_id` = `topics`.`id`);--> statement-breakpoint
UPDATE `schedule_sessions` SET `official_note_id` = (SELECT min(`id`) FROM `notes` WHERE `notes`.`session_id` = `schedule_sessions`.`id`);
