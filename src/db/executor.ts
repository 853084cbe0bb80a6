// The narrow database boundary: run one request's statements in one transaction and return the main row.
import type { Statement } from '../query/fragment.ts';

export interface TransactionSpec {
  readOnly: boolean;
  /** Run in order in one transaction; the last one is the main statement and must return one row. */
  statements: readonly Statement[];
  /** Sees the main row before the transaction ends; throwing (e.g. PGRST116) rolls back. */
  inspect?: (row: Record<string, unknown>) => void;
  /** End with ROLLBACK instead of COMMIT (Prefer: tx=rollback, db-tx-end=rollback). */
  rollback?: boolean;
  /** Aborting (client gone, deadline) cancels the request's statements if they are running (57014). */
  signal?: AbortSignal;
}

export interface Executor {
  /** Throws DatabaseError (SQLSTATE) or DatabaseUnavailableError. */
  run(spec: TransactionSpec): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}
