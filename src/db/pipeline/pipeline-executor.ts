// Executor on the purpose-built driver: each request is one pipeline with one Sync, on a connection from the pool.
import { DatabaseError, DatabaseUnavailableError } from '../../errors/database-error.ts';
import type { IsolationLevel } from '../../schema/types.ts';
import { READ_ONLY_SELECT } from '../../query/read-only.ts';
import { selfReadOnly, type Executor, type PoolStats, type StatementRows, type TransactionSpec } from '../executor.ts';
import { openConnection } from './connect.ts';
import { parseConnectionUri, type ConnectionOptions } from './connection-options.ts';
import { PipelineConnection, type BatchResult, type PipelineStatement } from './connection.ts';
import { ConnectionPool } from './pool.ts';
import { KNOWN_FAST_MS, ShapeTimings } from './shape-timings.ts';

export interface PipelineExecutorOptions {
  /** Connections at most (db-pool). */
  maxConnections: number;
  /** Seconds a request may wait for a connection before 504 PGRST003 (db-pool-acquisition-timeout). */
  acquisitionTimeoutSeconds?: number;
  /** Seconds after which a connection is replaced once idle (db-pool-max-lifetime). */
  maxLifetimeSeconds?: number;
  /** Seconds after which an idle connection is closed (db-pool-max-idletime). */
  maxIdleSeconds?: number;
  /** false: unnamed statements only, for transaction poolers (db-prepared-statements). */
  preparedStatements?: boolean;
  /** Requests in flight per connection, pipelining included. */
  maxDepth?: number;
  /** Prepared statements kept per connection. */
  maxStatements?: number;
  /** Overrides PIPELINE_YOUNG_MS, and raises the known-fast shape limit to match when larger (tests). */
  pipelineYoungMs?: number;
  /** application_name of the connections, unless the URI sets one (default pg-data-api). */
  applicationName?: string;
}

/** Defaults of the pool settings, as PostgREST's. */
export const POOL_DEFAULTS = { acquisitionTimeoutSeconds: 10, maxLifetimeSeconds: 1800, maxIdleSeconds: 30 } as const;

/**
 * Reads run as an implicit transaction: the read-only switch (inside the settings statement when it begins with
 * READ_ONLY_SELECT, else a statement of its own), the settings statement and the main statement are
 * Bind/Execute'd back to back and one Sync commits. So do writes nobody must inspect
 * before COMMIT. Writes that must be inspected, and any request at an isolation level above read
 * committed, open with BEGIN, Sync, and end with COMMIT or ROLLBACK in a second trip.
 */
export const READ_ONLY_STATEMENT: PipelineStatement = { text: READ_ONLY_SELECT, values: [] };
export const BEGIN_STATEMENT: PipelineStatement = { text: 'BEGIN ISOLATION LEVEL READ COMMITTED READ WRITE', values: [] };

/** Fixed texts only: the level comes from the catalog, but never reaches SQL as text. */
const BEGIN_AT: Record<IsolationLevel, { readOnly: PipelineStatement; readWrite: PipelineStatement }> = {
  'read committed': { readOnly: { text: 'BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY', values: [] }, readWrite: BEGIN_STATEMENT },
  'repeatable read': {
    readOnly: { text: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', values: [] },
    readWrite: { text: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ WRITE', values: [] },
  },
  serializable: {
    readOnly: { text: 'BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY', values: [] },
    readWrite: { text: 'BEGIN ISOLATION LEVEL SERIALIZABLE READ WRITE', values: [] },
  },
};

/** The rows of the request's own statements: a leading read-only/BEGIN statement of ours is not one of them. */
const requestRows = (result: BatchResult, sent: readonly PipelineStatement[], spec: TransactionSpec): StatementRows =>
  sent.length > spec.statements.length ? result.rows.slice(1) : result.rows;

/**
 * SET TRANSACTION ISOLATION LEVEL must precede the transaction's first snapshot, and in an implicit
 * transaction it also logs a WARNING per request (verified on PostgreSQL 17): a level above read committed
 * takes the explicit BEGIN path.
 */
const needsExplicitBegin = (spec: TransactionSpec): boolean =>
  spec.inspect !== undefined || spec.rollback === true || (spec.isolation !== undefined && spec.isolation !== 'read committed');

/** The statements one request sends before its Sync (what the benchmark's ceiling replays). */
export function pipelineShape(spec: Pick<TransactionSpec, 'readOnly' | 'statements' | 'isolation'>): readonly PipelineStatement[] {
  if (spec.isolation !== undefined && spec.isolation !== 'read committed') {
    const begin = BEGIN_AT[spec.isolation];
    return [spec.readOnly ? begin.readOnly : begin.readWrite, ...spec.statements];
  }
  if (selfReadOnly(spec)) return spec.statements;
  return [spec.readOnly ? READ_ONLY_STATEMENT : BEGIN_STATEMENT, ...spec.statements];
}

/** Retries of a request whose named statement was missing (26000): nothing ran. */
const MISSING_STATEMENT_RETRIES = 3;

export function createPipelineExecutor(uri: string, options: PipelineExecutorOptions): PipelineExecutor {
  return new PipelineExecutor(parseConnectionUri(uri, options.applicationName), options);
}

export class PipelineExecutor implements Executor {
  readonly #pool: ConnectionPool;
  #closing = false;

  constructor(connection: ConnectionOptions, options: PipelineExecutorOptions) {
    const statements = { prepared: options.preparedStatements ?? true, maxStatements: options.maxStatements ?? 500 };
    // One memory of statement shapes for all connections: a slow report seen on one is slow on every one.
    const timings = new ShapeTimings(Math.max(KNOWN_FAST_MS, options.pipelineYoungMs ?? 0));
    this.#pool = new ConnectionPool(
      {
        max: Math.max(1, options.maxConnections),
        acquisitionTimeoutMs: (options.acquisitionTimeoutSeconds ?? POOL_DEFAULTS.acquisitionTimeoutSeconds) * 1000,
        maxLifetimeMs: (options.maxLifetimeSeconds ?? POOL_DEFAULTS.maxLifetimeSeconds) * 1000,
        maxIdleMs: (options.maxIdleSeconds ?? POOL_DEFAULTS.maxIdleSeconds) * 1000,
        maxDepth: options.maxDepth ?? 256,
        pipelineYoungMs: options.pipelineYoungMs,
      },
      async (onChange) => {
        const open = await openConnection(connection);
        const conn: PipelineConnection = new PipelineConnection(open, statements, () => onChange(conn), connection, timings);
        return conn;
      },
    );
  }

  async run(spec: TransactionSpec): Promise<StatementRows> {
    if (spec.signal?.aborted) throw new DatabaseError('57014', 'canceling statement due to user request');
    for (let attempt = 0; ; attempt++) {
      try {
        if (needsExplicitBegin(spec)) return await this.#runExplicit(spec);
        if (spec.readOnly) return await this.#runRead(spec);
        return await this.#runImplicitWrite(spec);
      } catch (error) {
        // A named statement was missing (its Parse failed in an earlier pipelined request, or a transaction
        // pooler moved us to another server connection); nothing ran, so retry.
        if (error instanceof DatabaseError && error.sqlState === '26000' && attempt < MISSING_STATEMENT_RETRIES) continue;
        // A read whose connection died (server restart, terminated backend) changed nothing: try a fresh one.
        if (spec.readOnly && error instanceof DatabaseUnavailableError && attempt < 2 && !this.#closing && !spec.signal?.aborted) continue;
        throw error;
      }
    }
  }

  /** One pipeline, one Sync, one implicit transaction: committed by the Sync, rolled back on any error. */
  async #runImplicit(statements: readonly PipelineStatement[], spec: TransactionSpec): Promise<BatchResult> {
    const result = await this.#pool.acquire('shared', spec.signal ?? null, (conn) => conn.send(statements, spec.signal ?? null));
    if (result.error) throw result.error;
    return result;
  }

  async #runRead(spec: TransactionSpec): Promise<StatementRows> {
    const sent = pipelineShape(spec);
    const rows = requestRows(await this.#runImplicit(sent, spec), sent, spec);
    // Already committed, but read-only: an inspect failure or a requested rollback changes nothing.
    spec.inspect?.(rows);
    return rows;
  }

  /** A write nobody needs to inspect before COMMIT is one round trip like a read. */
  async #runImplicitWrite(spec: TransactionSpec): Promise<StatementRows> {
    return (await this.#runImplicit(spec.statements, spec)).rows;
  }

  /**
   * BEGIN … Sync, inspect, then COMMIT or ROLLBACK (two round trips), on a connection held exclusively:
   * it is chosen idle, locked and written to in one synchronous step, so no other request's pipeline can
   * slip in between this BEGIN and its COMMIT/ROLLBACK.
   */
  async #runExplicit(spec: TransactionSpec): Promise<StatementRows> {
    const statements = pipelineShape(spec);
    const { conn, sent } = await this.#pool.acquire('exclusive', spec.signal ?? null, (c) => {
      c.locked = true;
      return { conn: c, sent: c.send(statements, spec.signal ?? null) };
    });
    let result: BatchResult;
    try {
      result = await sent;
    } catch (error) {
      conn.locked = false;
      throw error;
    }
    let commit = result.error === null && !spec.rollback;
    let inspectError: unknown = null;
    if (result.error === null) {
      try {
        spec.inspect?.(requestRows(result, statements, spec));
      } catch (error) {
        inspectError = error;
        commit = false;
      }
    }
    const end = conn.sendSimple(commit ? 'COMMIT' : 'ROLLBACK');
    conn.locked = false;
    const ended = await end;
    if (result.error) throw result.error;
    if (inspectError) throw inspectError;
    if (ended.error) throw ended.error;
    return requestRows(result, statements, spec);
  }

  stats(): PoolStats & { prepared: number } {
    return { ...this.#pool.stats(), prepared: this.#pool.connections.reduce((n, c) => n + c.preparedCount, 0) };
  }

  async close(): Promise<void> {
    this.#closing = true;
    await this.#pool.close();
  }
}
