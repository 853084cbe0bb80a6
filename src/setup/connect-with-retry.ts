// Waits for the database at start-up: retries with exponential backoff, logging each attempt.
import { DEFAULTS } from '../config/defaults.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';

export async function connectWithRetry(db: Pick<Database, 'query'>, log: Logger, maxAttempts = Infinity): Promise<void> {
  let delaySeconds = 1;
  for (let attempt = 1; ; attempt++) {
    try {
      await db.query('select 1');
      return;
    } catch (error) {
      if (attempt >= maxAttempts) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      log.warn(`database not reachable (attempt ${attempt}): ${reason}; retrying in ${delaySeconds}s`);
      await new Promise((r) => setTimeout(r, delaySeconds * 1000));
      delaySeconds = Math.min(delaySeconds * 2, DEFAULTS.connectRetryMaxSeconds);
    }
  }
}
