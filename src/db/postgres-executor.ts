// Executor on postgres.js: the request's statements pipelined inside one sql.begin transaction, behind a FIFO gate.
import type { Executor, PoolStats, StatementRows, TransactionSpec } from './executor.ts';
import { DatabaseError } from '../errors/database-error.ts';
import { assertConforming, translateDriverError, type Sql } from './postgres-js.ts';
import { RequestSlots } from './request-slots.ts';

/** Thrown inside sql.begin to end the transaction with ROLLBACK while still returning the row. */
class RollbackWith {
  constructor(readonly rows: StatementRows) {}
}

/** Carries what `inspect` threw (an ApiError such as PGRST116, or a bug) past the driver-error translation. */
class InspectFailure {
  constructor(readonly error: unknown) {}
}

export interface PostgresExecutorOptions {
  /** postgres.js's `max`: one request holds one connection for its transaction. */
  max: number;
  acquisitionTimeoutMs: number;
  /** false: unnamed statements only (transaction poolers). */
  preparedStatements: boolean;
}

/** Fixed BEGIN options: the level comes from the catalog but reaches SQL only as one of these texts. */
const BEGIN_OPTIONS = {
  'read committed': 'isolation level read committed',
  'repeatable read': 'isolation level repeatable read',
  serializable: 'isolation level serializable',
} as const;

export interface PostgresExecutor extends Executor {
  stats(): PoolStats;
  /** postgres.js's onclose: one of its connections closed (idle timeout, lifetime, failure). */
  connectionClosed(): void;
}

export function createPostgresExecutor(sql: Sql, options: PostgresExecutorOptions): PostgresExecutor {
  const slots = new RequestSlots(options.max, options.acquisitionTimeoutMs);
  // postgres.js does not expose its pool. It opens a connection only when every open one is busy and closes
  // idle ones after idle_timeout, so the open count follows the requests it is given and its onclose.
  let open = 0;
  return {
    connectionClosed() {
      open = Math.max(slots.held, open - 1);
    },
    async run(spec: TransactionSpec) {
      if (spec.signal?.aborted) throw new DatabaseError('57014', 'canceling statement due to user request');
      await slots.acquire(spec.signal ?? null);
      open = Math.min(options.max, Math.max(open, slots.held));
      const mode = `${spec.isolation ? BEGIN_OPTIONS[spec.isolation] + ' ' : ''}${spec.readOnly ? 'read only' : 'read write'}`;
      try {
        return (await sql.begin(mode, async (tx) => {
          assertConforming(sql);
          // Issued without awaiting in between, so postgres.js pipelines them on the connection.
          const pending = spec.statements.map((s) => tx.unsafe(s.text, s.values as never[], { prepare: options.preparedStatements }));
          if (spec.signal) spec.signal.onabort = () => pending.forEach((q) => q.cancel());
          const results = await Promise.all(pending).finally(() => spec.signal && (spec.signal.onabort = null));
          const rows: StatementRows = results.map((result) => result[0] as Record<string, unknown> | undefined);
          try {
            spec.inspect?.(rows);
          } catch (error) {
            throw new InspectFailure(error);
          }
          if (spec.rollback) throw new RollbackWith(rows);
          return rows;
        })) as StatementRows;
      } catch (error) {
        if (error instanceof RollbackWith) return error.rows;
        if (error instanceof InspectFailure) throw error.error;
        throw translateDriverError(error);
      } finally {
        slots.release();
      }
    },
    stats() {
      return { max: options.max, open, busy: slots.held, waiting: slots.waiting, acquisitionTimeouts: slots.timeouts };
    },
    async close() {
      slots.close();
      await sql.end({ timeout: 5 });
    },
  };
}
