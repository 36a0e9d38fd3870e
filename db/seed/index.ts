// The demo a newcomer sees on `npm start`: two partner organisations, three accounts,
// a past Lean Coffee and an upcoming unconference. Each part of the app adds its own
// seed step below. Never touches a database that already has data.
import { count } from "drizzle-orm";
import type { Db } from "../client";
import { users } from "../schema";
import { seedAccounts } from "./accounts";
import { seedBoards } from "./boards";
import { seedEvents } from "./events";
import { seedNotes } from "./notes";
import { seedQuestionsAndMessages } from "./questions-messages";
import { seedRegistrations } from "./registrations";
import { seedSchedule } from "./schedule";

export const DEMO_PASSWORD = "exchange-demo";

export async function seedDemoIfEmpty(db: Db) {
  const existing = db.select({ n: count() }).from(users).get()?.n ?? 0;
  if (existing > 0) return false;
  await seedDemo(db);
  return true;
}

export async function seedDemo(db: Db) {
  const accounts = await seedAccounts(db, DEMO_PASSWORD);
  const demoEvents = seedEvents(db, accounts);
  seedRegistrations(db, accounts, demoEvents);
  // Registers the demo attendees of the unconference that are not registered yet.
  seedSchedule(db, accounts, demoEvents.unconference);
  seedBoards(db, accounts, demoEvents);
  seedNotes(db, accounts, demoEvents);
  seedQuestionsAndMessages(db, accounts, demoEvents);
  return { accounts, events: demoEvents };
}

export type DemoAccounts = Awaited<ReturnType<typeof seedAccounts>>;
export type DemoEvents = ReturnType<typeof seedEvents>;
