import { getDb } from "./client";
import { runMigrations } from "./migrate";
import { seedDemoIfEmpty } from "./seed/index";

const db = getDb();
runMigrations(db);
const seeded = await seedDemoIfEmpty(db);
console.log(seeded ? "Seeded the demo data." : "The database already has data; nothing seeded.");
