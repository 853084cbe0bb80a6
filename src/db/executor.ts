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
}

/** The first row of each statement, in order (undefined for a statement that returned no row). */
export type StatementRows = Array<Record<string, unknown> | undefined>;

export interface Executor {
  /** Throws DatabaseError (SQLSTATE) or DatabaseUnavailableError. */
  run(spec: TransactionSpec): Promise<StatementRows>;
  close(): Promise<void>;
}
