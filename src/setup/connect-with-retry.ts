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

/**
 * The first retry waits this long, each next one twice as long, up to connectRetryMaxSeconds. Tests only:
 * PGDATAAPI_TEST_CONNECT_RETRY_MS shortens it, so a start-up test sees retries with backoff without
 * sleeping seconds (test/deploy/startup.test.ts). Not a setting; deployments keep the 1 s start.
 */
const FIRST_DELAY_MS = Number(process.env.PGDATAAPI_TEST_CONNECT_RETRY_MS) || 1000;

export interface RetryOptions {
  maxAttempts?: number;
  /** The first delay in milliseconds; defaults to FIRST_DELAY_MS. */
  firstDelayMs?: number;
}

const formatDelay = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);

export async function connectWithRetry(db: Pick<Database, 'query'>, log: Logger, options: RetryOptions = {}): Promise<void> {
  const { maxAttempts = Infinity, firstDelayMs = FIRST_DELAY_MS } = options;
  let delayMs = firstDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await db.query('select 1');
      if (attempt > 1) log.notice('database connection established');
      return;
    } catch (error) {
      if (error instanceof DatabaseError && FATAL_SQLSTATES[error.sqlState]) {
        throw new StartupError(
          `cannot connect to the database: ${error.message} (SQLSTATE ${error.sqlState}: ${FATAL_SQLSTATES[error.sqlState]}). Check --db-uri; retrying would not help.`,
        );
      }
      if (attempt >= maxAttempts) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      // Backoff (1, 2, 4 … 32 s) already bounds these lines to about two a minute.
      log.notice(`database not reachable (attempt ${attempt}): ${reason}; retrying in ${formatDelay(delayMs)}`);
      await new Promise((r) => setTimeout(r, delayMs));
      delayMs = Math.min(delayMs * 2, DEFAULTS.connectRetryMaxSeconds * 1000);
    }
  }
}
