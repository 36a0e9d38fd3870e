// `npm run purge`: applies the retention rule now (registration answers RETENTION_DAYS
// after an event ends, plus expired login sessions). Safe while the app runs: each
// event is purged in its own short write transaction.
import { getDb } from "#db/client";
import { runMigrations } from "#db/migrate";
import { retentionDays, runRetention } from "~/privacy/retention.server";

runMigrations(getDb());
const { events } = runRetention();
const days = retentionDays();
if (events.length === 0) {
  console.log(`Nothing to purge: no event ended more than ${days} days ago with answers still stored.`);
} else {
  for (const e of events) console.log(`Purged the answers of ${e.registrations} registration(s) of ${e.slug}.`);
  console.log(`Done: ${events.length} event(s) past the ${days}-day retention period.`);
}
getDb().$client.close();
