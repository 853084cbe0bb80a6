// The narrow database boundary: run one request's statements in one transaction and return the main row.
import type { Statement } from '../query/fragment.ts';
import { READ_ONLY_SELECT } from '../query/read-only.ts';
import type { IsolationLevel } from '../schema/types.ts';

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
  /** The role's or the function's default_transaction_isolation; absent: the connection's default (read committed). */
  isolation?: IsolationLevel;
  /** A read a streaming replica may serve (query/build-transaction decides); absent: the primary. */
  replicaEligible?: boolean;
}

/**
 * Whether `spec`'s transaction is made read-only by its own first statement (a read's settings statement is: one
 * statement fewer per read for both sides). The pipeline executor sends a read-only statement of its own first
 * whenever a read-only spec's first statement does not begin with READ_ONLY_SELECT.
 */
export const selfReadOnly = (spec: Pick<TransactionSpec, 'readOnly' | 'statements'>): boolean =>
  spec.readOnly && spec.statements.length > 0 && spec.statements[0]!.text.startsWith(READ_ONLY_SELECT);

/**
 * What `signal` needs: an AbortSignal fits, but the HTTP adapter passes a plain object, because an
 * AbortController costs ~1.7 µs per request (several % of the server's CPU at 20k req/s).
 */
export interface CancelSignal {
  readonly aborted: boolean;
  /**
   * Called once on abort. Set by whoever must act at once: a request waiting for a connection leaves the queue,
   * postgres.js cancels its queries. A running pipeline request is not listened to: its connection polls `aborted`.
   */
  onabort?: ((...args: never[]) => unknown) | null;
}

/** The first row of each statement, in order (undefined for a statement that returned no row). */
export type StatementRows = Array<Record<string, unknown> | undefined>;

/** What the admin server's /metrics reports about the request pool (and /ready reads). */
export interface PoolStats {
  /** The configured maximum (db-pool). */
  max: number;
  /** Connections open now. */
  open: number;
  /** Open connections running at least one request. */
  busy: number;
  /** Requests waiting in the central queue for a connection. */
  waiting: number;
  /** Requests that gave up waiting (504 PGRST003) since start. */
  acquisitionTimeouts: number;
}

export interface Executor {
  /** Throws DatabaseError (SQLSTATE) or DatabaseUnavailableError. */
  run(spec: TransactionSpec): Promise<StatementRows>;
  /** A snapshot of the pool, for metrics; cheap enough to call per scrape. */
  stats?(): PoolStats;
  close(): Promise<void>;
}
