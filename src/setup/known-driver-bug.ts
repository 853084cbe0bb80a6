// The one uncaught exception the process outlives: postgres.js writing to a connection its server closed
// (isPostgresJsWriteAfterClose). Anything else stays fatal, as the callers decide.
import { isPostgresJsWriteAfterClose } from '../db/postgres-js.ts';
import type { Logger } from '../log.ts';

/** True, and logged, when `error` is that driver bug. */
export function outlivesUncaught(error: unknown, log: Pick<Logger, 'error'>): boolean {
  if (!isPostgresJsWriteAfterClose(error)) return false;
  log.error("postgres.js wrote to a connection the server had closed (porsager/postgres#1208): that connection's requests failed, nothing else is affected");
  return true;
}
