// `npm run db:restore -- <backup.db>`: replaces DATABASE_PATH with the backup.
// Stop the app first: the restore refuses (exit code 2) while the database is open
// elsewhere. The replaced database is kept as <name>.before-restore-<time>.db.
import { DatabaseInUseError, restoreDatabase } from "#db/backup";

const backup = process.argv[2];
if (!backup) {
  console.error("Usage: npm run db:restore -- <backup.db>   (stop the app first)");
  process.exit(1);
}
try {
  const result = await restoreDatabase({ backup });
  console.log(
    `Restored ${result.target} from ${result.backup}.${result.keptAs ? ` The previous database is kept as ${result.keptAs}.` : ""}`,
  );
} catch (error) {
  console.error(`Restore refused: ${(error as Error).message}`);
  process.exit(error instanceof DatabaseInUseError ? 2 : 1);
}
