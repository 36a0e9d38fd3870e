CREATE TABLE `event_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`kind` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`audience` text DEFAULT '' NOT NULL,
	`sent_by_id` integer,
	`reply_to` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`sent_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_messages_dedupe_key_unique` ON `event_messages` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `event_messages_event_idx` ON `event_messages` (`event_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `message_recipients` (
	`message_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`outbox_id` integer,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`message_id`, `user_id`),
	FOREIGN KEY (`message_id`) REFERENCES `event_messages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `message_recipients_user_idx` ON `message_recipients` (`user_id`);--> statement-breakpoint
CREATE TABLE `registration_answers` (
	`registration_id` integer NOT NULL,
	`question_id` integer NOT NULL,
	`question_version` integer NOT NULL,
	`asked_label` text NOT NULL,
	`asked_options` text DEFAULT '[]' NOT NULL,
	`value` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`registration_id`, `question_id`),
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `registration_questions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `registration_answers_question_idx` ON `registration_answers` (`question_id`);--> statement-breakpoint
CREATE TABLE `registration_questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`kind` text NOT NULL,
	`label` text NOT NULL,
	`help_text` text DEFAULT '' NOT NULL,
	`options` text DEFAULT '[]' NOT NULL,
	`required` integer DEFAULT false NOT NULL,
	`audience` text DEFAULT 'everyone' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `registration_questions_event_idx` ON `registration_questions` (`event_id`,`position`);--> statement-breakpoint
ALTER TABLE `events` ADD `reminder_days_before` integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `reply_to` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `ics_attachment` text;