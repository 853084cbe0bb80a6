// The narrow database boundary: run one request's statements in one transaction and return the main row.
import type { Statement } from '../query/fragment.ts';

export interface TransactionSpec {
  readOnly: boolean;
  /** Run in order in one transaction; the last one is the main statement and must return one row. */
  statements: readonly Statement[];
  /** Sees every statement's first row before the transaction ends; throwing (e.g. PGRST116) rolls back. */
  inspect?: (rows: StatementRows) => void;
  /** End with ROLLBACK instead of COMMIT (Prefer: tx=rollback, db-tx-end=rollback). */
  rollback?: boolean;
  /** Set when the client is gone: the request's statements are cancelled if running (57014). */
  signal?: CancelSignal;
}

/**
 * What `signal` needs: an AbortSignal fits, but the HTTP adapter passes a plain object, because an
 * AbortController costs ~1.7 µs per request (several % of the server's CPU at 20k req/s).
 */
export interface CancelSignal {
  readonly aborted: boolean;
  /** Called once on abort (executors that must push a cancel set it; the pipeline executor polls `aborted`). */
  onabort?: ((...args: never[]) => unknown) | null;
}

/** The first row of each statement, in order (undefined for a statement that returned no row). */
export type StatementRows = Array<Record<string, unknown> | undefined>;

export interface Executor {
  /** Throws DatabaseError (SQLSTATE) or DatabaseUnavailableError. */
  run(spec: TransactionSpec): Promise<StatementRows>;
  close(): Promise<void>;
}
