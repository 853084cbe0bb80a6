// Executor on postgres.js: the request's statements pipelined inside one sql.begin transaction.
import type { Executor, StatementRows, TransactionSpec } from './executor.ts';
import { DatabaseError } from '../errors/database-error.ts';
import { translateDriverError, type Sql } from './postgres-js.ts';

/** Thrown inside sql.begin to end the transaction with ROLLBACK while still returning the row. */
class RollbackWith {
  constructor(readonly rows: StatementRows) {}
}

export function createPostgresExecutor(sql: Sql): Executor {
  return {
    async run(spec: TransactionSpec) {
      if (spec.signal?.aborted) throw new DatabaseError('57014', 'canceling statement due to user request');
      try {
        return await sql.begin(spec.readOnly ? 'read only' : 'read write', async (tx) => {
          // Issued without awaiting in between, so postgres.js pipelines them on the connection.
          const pending = spec.statements.map((s) => tx.unsafe(s.text, s.values as never[], { prepare: true }));
          if (spec.signal) spec.signal.onabort = () => pending.forEach((q) => q.cancel());
          const results = await Promise.all(pending).finally(() => spec.signal && (spec.signal.onabort = null));
          const rows: StatementRows = results.map((result) => result[0] as Record<string, unknown> | undefined);
          spec.inspect?.(rows);
          if (spec.rollback) throw new RollbackWith(rows);
          return rows;
        }) as StatementRows;
      } catch (error) {
        if (error instanceof RollbackWith) return error.rows;
        if (isApiLevelError(error)) throw error;
        throw translateDriverError(error);
      }
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}

/** Errors thrown by `inspect` (ApiError) pass through untouched. */
const isApiLevelError = (error: unknown): boolean => error instanceof Error && error.name === 'ApiError';
