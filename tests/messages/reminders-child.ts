// A second (and third) process for the reminder race test: opens the test's database file,
// says "ready", and queues the due reminders when the test writes "go" to its stdin (to all
// children at once), then prints the count. A start signal rather than an agreed clock time:
// on a loaded machine a child can take longer to start than any fixed head start.
import { getDb } from "#db/client";
import { queueDueReminders } from "~/messages/reminders.server";

getDb();
console.log("ready");
process.stdin.once("data", () => {
  const queued = queueDueReminders(new Date(Number(process.env.KX_NOW)));
  console.log(JSON.stringify(queued));
  getDb().$client.close();
  process.stdin.destroy();
});
