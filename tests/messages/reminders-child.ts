// A second (and third) process for the reminder race test: waits for the shared start
// time, then queues the due reminders on the test's database file and prints the count.
import { getDb } from "#db/client";
import { queueDueReminders } from "~/messages/reminders.server";

const startAt = Number(process.env.KX_START_AT ?? 0);
while (Date.now() < startAt) {
  // spin: both processes leave this loop within the same millisecond or so
}
const queued = queueDueReminders(new Date(Number(process.env.KX_NOW)));
console.log(JSON.stringify(queued));
getDb().$client.close();
