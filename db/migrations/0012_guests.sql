CREATE TABLE `guests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `guests_user_id_unique` ON `guests` (`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `guests_token_hash_unique` ON `guests` (`token_hash`);--> statement-breakpoint
CREATE INDEX `guests_event_idx` ON `guests` (`event_id`);--> statement-breakpoint
ALTER TABLE `events` ADD `partners_only` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `events` ADD `guests_may_join` integer DEFAULT false NOT NULL;