// `npm run db:backup [-- <destination.db>]`: a consistent copy of DATABASE_PATH
// (default ./data/exchange.db) while the app keeps running. Default destination:
// data/backups/exchange-<time>.db. Exit code 1 on failure.
import { backupDatabase } from "#db/backup";

try {
  const result = await backupDatabase({ destination: process.argv[2] });
  console.log(
    `Backed up ${result.source} to ${result.destination} (${result.pages} pages, ${result.bytes} bytes, ${result.ms} ms); integrity ok.`,
  );
} catch (error) {
  console.error(`Backup failed: ${(error as Error).message}`);
  process.exit(1);
}
