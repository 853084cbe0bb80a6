// Executor on the purpose-built driver: each request is one pipeline with one Sync, over 1–2 connections.
import { DatabaseError, DatabaseUnavailableError } from '../../errors/database-error.ts';
import type { Executor, PoolStats, StatementRows, TransactionSpec } from '../executor.ts';
import { openConnection } from './connect.ts';
import { parseConnectionUri, type ConnectionOptions } from './connection-options.ts';
import { PipelineConnection, type BatchResult, type PipelineStatement } from './connection.ts';

export interface PipelineExecutorOptions {
  /** Connections at most; requests pipeline over the first `pipelineConnections`, the rest serve open write transactions. */
  maxConnections: number;
  pipelineConnections?: number;
  /** Requests in flight per connection before new ones wait (backpressure). */
  maxDepth?: number;
  /** Prepared statements kept per connection. */
  maxStatements?: number;
  /** Cancel a request still running after this long (0 = never). */
  timeoutMs?: number;
  /** Requests waiting for a connection beyond this are refused as unavailable. */
  maxWaiting?: number;
}

/**
 * Reads run as an implicit transaction: the read-only switch, the settings statement and the main
 * statement are Bind/Execute'd back to back and one Sync commits. So do writes nobody must inspect
 * before COMMIT. Writes that must be inspected open with BEGIN, Sync, and end with COMMIT or ROLLBACK
 * in a second trip.
 */
export const READ_ONLY_STATEMENT: PipelineStatement = { text: "SELECT set_config('transaction_read_only', 'on', true)", values: [] };
export const BEGIN_STATEMENT: PipelineStatement = { text: 'BEGIN ISOLATION LEVEL READ COMMITTED READ WRITE', values: [] };

/** The rows of the request's own statements: the leading read-only/BEGIN statement is not one of them. */
const requestRows = (result: BatchResult): StatementRows => result.rows.slice(1);

/** The statements one read (or inspected write) sends before its Sync: what the benchmark's ceiling replays. */
export function pipelineShape(spec: Pick<TransactionSpec, 'readOnly' | 'statements'>): PipelineStatement[] {
  return [spec.readOnly ? READ_ONLY_STATEMENT : BEGIN_STATEMENT, ...spec.statements];
}

const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5000;

interface Slot {
  conn: PipelineConnection | null;
  connecting: Promise<void> | null;
  retryAt: number;
  backoffMs: number;
  lastError: string;
}

export function createPipelineExecutor(uri: string, options: PipelineExecutorOptions): Omit<Executor, 'stats'> & { stats(): PoolStats & { prepared: number } } {
  const connection = parseConnectionUri(uri);
  return new PipelineExecutor(connection, options);
}

class PipelineExecutor implements Executor {
  readonly #slots: Slot[];
  readonly #pipelined: number;
  readonly #maxDepth: number;
  readonly #maxStatements: number;
  readonly #timeoutMs: number;
  readonly #maxWaiting: number;
  #waiters: Array<() => void> = [];
  #closing = false;

  constructor(private readonly connection: ConnectionOptions, options: PipelineExecutorOptions) {
    const max = Math.max(1, options.maxConnections);
    this.#slots = Array.from({ length: max }, () => ({ conn: null, connecting: null, retryAt: 0, backoffMs: 0, lastError: '' }));
    this.#pipelined = Math.min(max, options.pipelineConnections ?? 2);
    this.#maxDepth = options.maxDepth ?? 256;
    this.#maxStatements = options.maxStatements ?? 500;
    this.#timeoutMs = options.timeoutMs ?? 0;
    this.#maxWaiting = options.maxWaiting ?? 10_000;
  }

  async run(spec: TransactionSpec): Promise<StatementRows> {
    if (spec.signal?.aborted) throw new DatabaseError('57014', 'canceling statement due to user request');
    for (let attempt = 0; ; attempt++) {
      try {
        if (spec.readOnly) return await this.#runRead(spec);
        return await (spec.inspect || spec.rollback ? this.#runWrite(spec) : this.#runImplicitWrite(spec));
      } catch (error) {
        // A statement whose Parse failed in an earlier pipelined request is missing here; nothing ran, so retry.
        if (error instanceof DatabaseError && error.sqlState === '26000' && attempt < 2) continue;
        // A read whose connection died (server restart, terminated backend) changed nothing: try a fresh one.
        if (spec.readOnly && error instanceof DatabaseUnavailableError && attempt < 2 && !this.#closing && !spec.signal?.aborted) continue;
        throw error;
      }
    }
  }

  /** One pipeline, one Sync, one implicit transaction: committed by the Sync, rolled back on any error. */
  async #runImplicit(statements: readonly PipelineStatement[], spec: TransactionSpec): Promise<BatchResult> {
    const result = await this.#acquire((conn) => conn.send(statements, spec.signal ?? null, this.#deadline()));
    if (result.error) throw result.error;
    return result;
  }

  async #runRead(spec: TransactionSpec): Promise<StatementRows> {
    const rows = requestRows(await this.#runImplicit(pipelineShape(spec), spec));
    // Already committed, but read-only: an inspect failure or a requested rollback changes nothing.
    spec.inspect?.(rows);
    return rows;
  }

  /** A write nobody needs to inspect before COMMIT is one round trip like a read. */
  async #runImplicitWrite(spec: TransactionSpec): Promise<StatementRows> {
    return (await this.#runImplicit(spec.statements, spec)).rows;
  }

  /** A write inspected before it ends: BEGIN … Sync, inspect, then COMMIT or ROLLBACK (two round trips). */
  async #runWrite(spec: TransactionSpec): Promise<StatementRows> {
    // Lock and send in the same synchronous step as choosing the connection, so no other request's
    // pipeline can slip in between this BEGIN and its COMMIT/ROLLBACK.
    const { conn, sent } = await this.#acquire((c) => {
      c.locked = true;
      return { conn: c, sent: c.send(pipelineShape(spec), spec.signal ?? null, this.#deadline()) };
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
        spec.inspect?.(requestRows(result));
      } catch (error) {
        inspectError = error;
        commit = false;
      }
    }
    const end = conn.sendSimple(commit ? 'COMMIT' : 'ROLLBACK');
    conn.locked = false;
    this.#wake();
    const ended = await end;
    if (result.error) throw result.error;
    if (inspectError) throw inspectError;
    if (ended.error) throw ended.error;
    return requestRows(result);
  }

  /** A request still running at this time is cancelled (0 = never). */
  #deadline(): number {
    return this.#timeoutMs > 0 ? Date.now() + this.#timeoutMs : 0;
  }

  /**
   * Chooses the least busy usable connection (preferring the first few; opening one when needed;
   * waiting under backpressure) and hands it to `use` synchronously: between choosing and sending
   * there must be no await, or another request could lock or fill the connection meanwhile.
   */
  async #acquire<T>(use: (conn: PipelineConnection) => T): Promise<T> {
    for (;;) {
      if (this.#closing) throw new DatabaseUnavailableError('the executor is closed');
      let best: PipelineConnection | null = null;
      for (let i = 0; i < this.#slots.length; i++) {
        const conn = this.#slots[i]!.conn;
        if (conn && conn.usable && conn.inFlight < this.#maxDepth && (best === null || conn.inFlight < best.inFlight)) best = conn;
        if (i + 1 === this.#pipelined && best && best.inFlight < this.#maxDepth) return use(best);
      }
      if (best) return use(best);
      const connecting = this.#slots.find((s) => s.connecting !== null);
      const free = this.#slots.find((s) => (s.conn === null || s.conn.closed) && s.connecting === null);
      if (!connecting && free) {
        if (Date.now() < free.retryAt && !this.#slots.some((s) => s.conn && !s.conn.closed)) {
          throw new DatabaseUnavailableError(`database unavailable: ${free.lastError}`);
        }
        if (Date.now() >= free.retryAt) {
          await this.#open(free);
          continue;
        }
      }
      if (this.#waiters.length >= this.#maxWaiting) throw new DatabaseUnavailableError('too many requests waiting for a database connection');
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  #open(slot: Slot): Promise<void> {
    slot.connecting = (async () => {
      try {
        const open = await openConnection(this.connection);
        slot.conn = new PipelineConnection(open, this.#maxStatements, () => this.#wake(), this.connection);
        slot.backoffMs = 0;
        slot.retryAt = 0;
      } catch (error) {
        slot.lastError = error instanceof Error ? error.message : String(error);
        slot.backoffMs = Math.min(RECONNECT_MAX_MS, Math.max(RECONNECT_MIN_MS, slot.backoffMs * 2));
        slot.retryAt = Date.now() + slot.backoffMs;
        throw new DatabaseUnavailableError(slot.lastError);
      } finally {
        slot.connecting = null;
        this.#wake();
      }
    })();
    return slot.connecting;
  }

  #wake(): void {
    const waiters = this.#waiters;
    if (waiters.length === 0) return;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  stats(): PoolStats & { prepared: number } {
    const open = this.#slots.filter((s) => s.conn && !s.conn.closed).map((s) => s.conn!);
    return {
      max: this.#slots.length,
      open: open.length,
      busy: open.filter((c) => c.inFlight > 0).length,
      waiting: this.#waiters.length,
      acquisitionTimeouts: 0,
      prepared: open.reduce((n, c) => n + c.preparedCount, 0),
    };
  }

  async close(): Promise<void> {
    this.#closing = true;
    this.#wake();
    await Promise.all(this.#slots.map((s) => s.conn?.close()));
  }
}
