// The pipeline executor's pool: one FIFO wait queue; an idle connection first, else a new one, else overflow pipelining.
import { performance } from 'node:perf_hooks';
import { DatabaseError, DatabaseUnavailableError } from '../../errors/database-error.ts';
import type { CancelSignal, PoolStats } from '../executor.ts';
import { acquisitionTimeoutError } from '../pool-errors.ts';
import type { PipelineConnection } from './connection.ts';

/**
 * A request is pipelined onto a busy connection only while the batch executing there has run for less than
 * this. A typical API statement runs in 0.1–1 ms, so a head older than 3 ms is already several times slower
 * than usual and may be a report or a pg_sleep: newcomers wait in the central queue instead of behind it. It is
 * still above one event-loop turn under load (~1 ms), so timer granularity does not make fast heads look old.
 */
export const PIPELINE_YOUNG_MS = 3;

const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5000;
/** How often idle and over-age connections are looked for. */
const MAINTENANCE_MS = 1000;
/**
 * Requests waiting for a connection beyond this many are refused at once as unavailable (503). The
 * acquisition timeout bounds how long a request waits; this bounds the memory a flood can pin meanwhile
 * (each waiter holds its request, response and timer). No setting: PostgREST has none either.
 */
export const MAX_WAITING = 10_000;

export interface PoolOptions {
  /** Connections at most (db-pool). */
  max: number;
  /** A request waiting longer than this for a connection fails with 504 PGRST003. */
  acquisitionTimeoutMs: number;
  /** Connections older than this are closed once idle (db-pool-max-lifetime). */
  maxLifetimeMs: number;
  /** Connections idle longer than this are closed (db-pool-max-idletime). */
  maxIdleMs: number;
  /** Requests in flight per connection at most, pipelining included. */
  maxDepth: number;
  pipelineYoungMs?: number;
}

/** shared: may be pipelined with other requests; exclusive: a transaction held open across round trips. */
export type AcquireMode = 'shared' | 'exclusive';

interface Waiter {
  mode: AcquireMode;
  signal: CancelSignal | null;
  timer: NodeJS.Timeout;
  serve(conn: PipelineConnection): void;
  fail(error: Error): void;
}

export type Connector = (onChange: (conn: PipelineConnection) => void) => Promise<PipelineConnection>;

export class ConnectionPool {
  readonly #conns: PipelineConnection[] = [];
  readonly #queue: Waiter[] = [];
  readonly #youngMs: number;
  readonly #maintenance: NodeJS.Timeout;
  #opening = 0;
  #retryAt = 0;
  #backoffMs = 0;
  #retryTimer: NodeJS.Timeout | null = null;
  #lastError = '';
  #acquisitionTimeouts = 0;
  #dispatching = false;
  #closing = false;

  constructor(
    private readonly options: PoolOptions,
    private readonly connect: Connector,
  ) {
    this.#youngMs = options.pipelineYoungMs ?? PIPELINE_YOUNG_MS;
    this.#maintenance = setInterval(() => this.#maintain(), Math.min(MAINTENANCE_MS, options.maxIdleMs)).unref();
  }

  /**
   * Hands a connection to `use` synchronously (no await between choosing and sending, so nothing else can
   * lock or fill it meanwhile) and returns what `use` returns. Waits in the FIFO queue when none fits.
   */
  acquire<T>(mode: AcquireMode, signal: CancelSignal | null, use: (conn: PipelineConnection) => T): T | Promise<T> {
    if (this.#closing) throw new DatabaseUnavailableError('the executor is closed');
    if (this.#queue.length === 0) {
      const conn = this.#choose(mode);
      if (conn !== null) return use(conn);
    }
    if (this.#conns.length === 0 && this.#opening === 0 && performance.now() < this.#retryAt) {
      throw new DatabaseUnavailableError(`database unavailable: ${this.#lastError}`);
    }
    if (this.#queue.length >= MAX_WAITING) throw new DatabaseUnavailableError('too many requests waiting for a database connection');
    if (signal?.aborted) throw new DatabaseError('57014', 'canceling statement due to user request');
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        mode,
        signal,
        timer: setTimeout(() => {
          this.#acquisitionTimeouts++;
          this.#drop(waiter, acquisitionTimeoutError());
        }, this.options.acquisitionTimeoutMs),
        serve: (conn) => {
          try {
            resolve(use(conn));
          } catch (error) {
            reject(error);
          }
        },
        fail: reject,
      };
      // Only waiters listen: the hot path polls `aborted` instead (see PipelineConnection).
      if (signal) signal.onabort = () => this.#drop(waiter, new DatabaseError('57014', 'canceling statement due to user request'));
      this.#queue.push(waiter);
      this.#dispatch();
    });
  }

  /**
   * An idle connection (the most recently used, so surplus ones reach the idle timeout); null while the pool
   * may still grow or a connection is being opened (the caller waits for it: that connection is not busy);
   * else, for shared requests, the least loaded busy connection whose executing batch is young and whose
   * batches are all of shapes known to run fast.
   */
  #choose(mode: AcquireMode): PipelineConnection | null {
    const now = performance.now();
    let idle: PipelineConnection | null = null;
    let young: PipelineConnection | null = null;
    for (const conn of this.#conns) {
      if (!conn.usable) continue;
      if (conn.inFlight === 0) {
        if (idle === null || conn.idleSince > idle.idleSince) idle = conn;
      } else if (mode === 'shared' && conn.inFlight < this.options.maxDepth && conn.acceptsPipelining(this.#youngMs, now)) {
        if (young === null || conn.inFlight < young.inFlight) young = conn;
      }
    }
    if (idle !== null) return idle;
    if (this.#opening > 0 || this.#mayOpen(now)) return null;
    return young;
  }

  #mayOpen(now: number): boolean {
    return !this.#closing && this.#conns.length + this.#opening < this.options.max && now >= this.#retryAt;
  }

  /** Serves waiters in order; opens connections for those still waiting. */
  #dispatch(): void {
    if (this.#dispatching) return;
    this.#dispatching = true;
    try {
      for (let i = 0; i < this.#queue.length;) {
        const waiter = this.#queue[i]!;
        const conn = this.#choose(waiter.mode);
        if (conn !== null) {
          this.#remove(waiter);
          waiter.serve(conn);
          continue;
        }
        // Nothing for a shared waiter means nothing for anyone behind it; an exclusive one needs an idle
        // connection, which shared waiters behind it do not take, so they may still pipeline.
        if (waiter.mode === 'shared') break;
        i++;
      }
      while (this.#opening < this.#queue.length && this.#mayOpen(performance.now())) this.#open();
    } finally {
      this.#dispatching = false;
    }
  }

  #open(): void {
    this.#opening++;
    this.connect((conn) => this.#onChange(conn)).then(
      (conn) => {
        this.#opening--;
        this.#backoffMs = 0;
        this.#retryAt = 0;
        if (this.#closing) return void conn.close(true);
        this.#conns.push(conn);
        this.#dispatch();
      },
      (error: unknown) => {
        this.#opening--;
        this.#lastError = error instanceof Error ? error.message : String(error);
        this.#backoffMs = Math.min(RECONNECT_MAX_MS, Math.max(RECONNECT_MIN_MS, this.#backoffMs * 2));
        this.#retryAt = performance.now() + this.#backoffMs;
        if (this.#conns.length === 0 && this.#opening === 0) {
          // Nothing to wait for: fail fast (503) rather than let requests run into the acquisition timeout.
          for (const waiter of [...this.#queue]) this.#drop(waiter, new DatabaseUnavailableError(`database unavailable: ${this.#lastError}`));
        } else if (this.#retryTimer === null) {
          this.#retryTimer = setTimeout(() => {
            this.#retryTimer = null;
            this.#dispatch();
          }, this.#backoffMs).unref();
        }
        this.#dispatch();
      },
    );
  }

  /** A connection finished a batch, drained, settled a cancel or closed. */
  #onChange(conn: PipelineConnection): void {
    if (conn.closed) {
      const at = this.#conns.indexOf(conn);
      if (at >= 0) this.#conns.splice(at, 1);
    } else if (conn.retiring && conn.inFlight === 0 && !conn.locked) {
      this.#retire(conn);
    }
    if (this.#queue.length > 0) this.#dispatch();
  }

  #retire(conn: PipelineConnection): void {
    const at = this.#conns.indexOf(conn);
    if (at >= 0) this.#conns.splice(at, 1);
    void conn.close();
  }

  /** Closes connections idle too long, and retires those past their lifetime (closed now if idle). */
  #maintain(): void {
    const now = performance.now();
    for (const conn of [...this.#conns]) {
      const idle = conn.inFlight === 0 && !conn.locked;
      if (now - conn.openedAt >= this.options.maxLifetimeMs) conn.retiring = true;
      if (idle && (conn.retiring || now - conn.idleSince >= this.options.maxIdleMs)) this.#retire(conn);
    }
    if (this.#queue.length > 0) this.#dispatch();
  }

  #remove(waiter: Waiter): boolean {
    const at = this.#queue.indexOf(waiter);
    if (at < 0) return false;
    this.#queue.splice(at, 1);
    clearTimeout(waiter.timer);
    if (waiter.signal) waiter.signal.onabort = null;
    return true;
  }

  #drop(waiter: Waiter, error: Error): void {
    if (this.#remove(waiter)) waiter.fail(error);
    this.#dispatch();
  }

  stats(): PoolStats {
    const open = this.#conns.filter((c) => !c.closed);
    return {
      max: this.options.max,
      open: open.length,
      busy: open.filter((c) => c.inFlight > 0 || c.locked).length,
      waiting: this.#queue.length,
      acquisitionTimeouts: this.#acquisitionTimeouts,
    };
  }

  get connections(): readonly PipelineConnection[] {
    return this.#conns;
  }

  async close(): Promise<void> {
    this.#closing = true;
    clearInterval(this.#maintenance);
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    for (const waiter of [...this.#queue]) this.#drop(waiter, new DatabaseUnavailableError('the executor is closed'));
    await Promise.all(this.#conns.splice(0).map((c) => c.close()));
  }
}
