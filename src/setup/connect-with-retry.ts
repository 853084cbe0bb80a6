// Waits for the database at start-up: retries an unreachable server with backoff; wrong credentials or database fail at once.
import { DEFAULTS } from '../config/defaults.ts';
import type { Database } from '../db/database.ts';
import { DatabaseError } from '../errors/database-error.ts';
import type { Logger } from '../log.ts';
import { StartupError } from './startup-error.ts';

/** Retrying cannot fix these: bad password (28P01), role or pg_hba refusal (28000), no such database (3D000). */
const FATAL_SQLSTATES: Record<string, string> = {
  '28P01': 'password authentication failed',
  '28000': 'the server refused the connecting role (pg_hba.conf or a missing role)',
  '3D000': 'the database does not exist',
};

export async function connectWithRetry(db: Pick<Database, 'query'>, log: Logger, maxAttempts = Infinity): Promise<void> {
  let delaySeconds = 1;
  for (let attempt = 1; ; attempt++) {
    try {
      await db.query('select 1');
      if (attempt > 1) log.notice('database connection established');
      return;
    } catch (error) {
      if (error instanceof DatabaseError && FATAL_SQLSTATES[error.sqlState]) {
        throw new StartupError(`cannot connect to the database: ${error.message} (SQLSTATE ${error.sqlState}: ${FATAL_SQLSTATES[error.sqlState]}). Check --db-uri; retrying would not help.`);
      }
      if (attempt >= maxAttempts) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      // Backoff (1, 2, 4 … 32 s) already bounds these lines to about two a minute.
      log.notice(`database not reachable (attempt ${attempt}): ${reason}; retrying in ${delaySeconds}s`);
      await new Promise((r) => setTimeout(r, delaySeconds * 1000));
      delaySeconds = Math.min(delaySeconds * 2, DEFAULTS.connectRetryMaxSeconds);
    }
  }
}
