// What `npm start` does before serving: migrate, seed the demo into an empty database,
// and start the background jobs. Exported through entry.server so server/app.js can
// call it from the built bundle.
import { getDb } from "#db/client";
import { runMigrations } from "#db/migrate";
import { seedDemoIfEmpty } from "#db/seed/index";
import { startRetentionJob } from "~/privacy/retention.server";
import { getEnv } from "~/utils/env.server";
import { startOutboxDelivery } from "~/outbox/delivery.server";
import { startRateLimitCleanup } from "~/utils/rate-limit.server";
import { startReminderJob } from "~/messages/reminders.server";
import { startRequestDigestJob } from "~/events/dashboard-digest.server";

type Job = { stop: () => void };

/** Background jobs register here (outbox delivery, retention purge, …). */
const jobStarters: Array<() => Job> = [];

export function registerJob(start: () => Job) {
  jobStarters.push(start);
}

// Registration answers past RETENTION_DAYS, expired login sessions: at start-up, then daily.
registerJob(() => startRetentionJob());

// Rate-limit counters and blocks past their expiry: every 5 minutes.
registerJob(() => startRateLimitCleanup());

// Outbox e-mails go out over SMTP when SMTP_URL is set (polling, retry with back-off).
registerJob(() => startOutboxDelivery());

// Reminders before events (ADR 022): at start-up, then every 10 minutes.
registerJob(() => startReminderJob());

// Organisers hear of new registration requests: at most one digest per event and hour (issue 17.5).
registerJob(() => startRequestDigestJob());

export async function startup() {
  const env = getEnv();
  const db = getDb();
  runMigrations(db);
  if (env.SEED_DEMO === "1" && env.NODE_ENV !== "test") await seedDemoIfEmpty(db);
  const jobs = jobStarters.map((start) => start());
  return {
    stop() {
      for (const job of jobs) job.stop();
    },
  };
}
