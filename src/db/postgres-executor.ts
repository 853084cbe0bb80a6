// Executor on postgres.js: the request's statements pipelined inside one sql.begin transaction.
import type { Executor, TransactionSpec } from './executor.ts';
import { translateDriverError, type Sql } from './postgres-js.ts';

/** Thrown inside sql.begin to end the transaction with ROLLBACK while still returning the row. */
class RollbackWith {
  constructor(readonly row: Record<string, unknown>) {}
}

export function createPostgresExecutor(sql: Sql): Executor {
  return {
    async run(spec: TransactionSpec) {
      try {
        return await sql.begin(spec.readOnly ? 'read only' : 'read write', async (tx) => {
          // Issued without awaiting in between, so postgres.js pipelines them on the connection.
          const pending = spec.statements.map((s) => tx.unsafe(s.text, s.values as never[], { prepare: true }));
          const cancel = () => pending.forEach((q) => q.cancel());
          spec.signal?.addEventListener('abort', cancel, { once: true });
          const results = await Promise.all(pending).finally(() => spec.signal?.removeEventListener('abort', cancel));
          const row = (results[results.length - 1]?.[0] ?? {}) as Record<string, unknown>;
          spec.inspect?.(row);
          if (spec.rollback) throw new RollbackWith(row);
          return row;
        }) as Record<string, unknown>;
      } catch (error) {
        if (error instanceof RollbackWith) return error.row;
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
