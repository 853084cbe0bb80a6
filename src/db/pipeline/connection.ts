// One pipelined connection: sends each request as Bind/Execute… + one Sync and matches replies FIFO.
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { DatabaseError, DatabaseUnavailableError } from '../../errors/database-error.ts';
import type { CancelSignal } from '../executor.ts';
import type { OpenSocket } from './connect.ts';
import { isNonConforming, nonConformingMessage } from '../conforming-strings.ts';
import * as wire from './protocol.ts';
import type { ShapeTimings } from './shape-timings.ts';
import { StatementCache, type PreparedEntry } from './statement-cache.ts';
import { toRow } from './row.ts';

/** How often the executing request's abort signal is checked (cancel latency after a client hangs up). */
const ABORT_POLL_MS = 50;

/** How a connection prepares statements. */
export interface StatementOptions {
  /** false: unnamed statements only (behind a transaction pooler such as PgBouncer). */
  prepared: boolean;
  /** Named statements kept per connection (LRU). */
  maxStatements: number;
}

export interface PipelineStatement {
  text: string;
  values: readonly unknown[];
}

/** What one Sync-terminated batch produced: the first row of each statement, or the first error. */
export interface BatchResult {
  rows: Array<Record<string, unknown> | undefined>;
  error: DatabaseError | null;
  /** Transaction status after the Sync: I idle, T in a transaction block, E failed transaction block. */
  status: string;
}

interface Batch {
  lastIndex: number;
  index: number;
  /** Entries this batch parsed, in order, waiting for ParseComplete / Describe answers. */
  parses: Array<{ text: string; entry: PreparedEntry }>;
  parseAcks: number;
  describeAcks: number;
  /** The prepared statement behind each executed statement, in order (for decoding its row). */
  entries: PreparedEntry[];
  /** The first DataRow of each statement, by statement index. */
  values: Array<Array<string | null> | undefined>;
  error: Record<string, string> | null;
  signal: CancelSignal | null;
  cancelSent?: boolean;
  /** The main statement's SQL text: how long this shape runs is remembered under it (see ShapeTimings). */
  shape: string;
  /** Whether the shape was known to run fast when the batch was queued. */
  knownFast: boolean;
  /** Called once the batch's ReadyForQuery has arrived (used by an outstanding cancel). */
  onSettled?: () => void;
  resolve: (result: BatchResult) => void;
  reject: (error: Error) => void;
}

export class PipelineConnection {
  readonly #socket: net.Socket;
  readonly #cache: StatementCache;
  readonly #writer = new wire.Writer();
  readonly #batches: Batch[] = [];
  readonly pid: number;
  readonly secret: number;
  #closed = false;
  #writable = true;
  #flushScheduled = false;
  #abortWatch: NodeJS.Timeout;
  /** True while a two-phase transaction is open: nothing else may be sent until it is finished. */
  locked = false;
  /** Past its maximum lifetime: takes nothing new and is closed once idle. */
  retiring = false;
  /** performance.now() when opened, when it last became idle, and when the batch at the head started. */
  readonly openedAt = performance.now();
  idleSince = this.openedAt;
  headSince = this.openedAt;
  readonly #prepared: boolean;
  /**
   * Set while a cancel request is outstanding: until both the cancelled batch has completed and the server
   * has processed the cancel (closed its socket), no new batch is sent here, so a late cancel cannot hit it.
   */
  #cancelInFlight: { batchDone: boolean; requestDone: boolean } | null = null;
  /** Batches in flight whose shape was not known to run fast: nothing is pipelined behind them. */
  #notKnownFast = 0;

  constructor(
    open: OpenSocket,
    statements: StatementOptions,
    private readonly onChange: () => void,
    private readonly cancelTarget: { host: string; port: number },
    private readonly timings: ShapeTimings,
  ) {
    this.#socket = open.socket;
    this.pid = open.pid;
    this.secret = open.secret;
    this.#prepared = statements.prepared;
    this.#cache = new StatementCache(statements.maxStatements);
    const reader = open.reader;
    this.#socket.on('data', (chunk: Buffer) => {
      try {
        reader.push(chunk, (type, buf, start, end) => this.#onMessage(type, buf, start, end));
      } catch (error) {
        this.#socket.destroy(error instanceof Error ? error : new Error(String(error)));
      }
    });
    this.#socket.on('drain', () => {
      this.#writable = true;
      this.onChange();
    });
    this.#socket.on('error', () => {});
    this.#socket.on('close', () => this.#fail('the database connection was closed'));
    this.#abortWatch = setInterval(this.#watchAborts, ABORT_POLL_MS).unref();
  }

  readonly #watchAborts = (): void => {
    const head = this.#batches[0];
    if (head?.signal?.aborted) this.#cancelIfRunning(head);
  };

  get inFlight(): number {
    return this.#batches.length;
  }
  /** Open, not locked or retiring, no cancel outstanding, and the socket buffer is not backed up. */
  get usable(): boolean {
    return !this.#closed && !this.locked && !this.retiring && this.#writable && this.#cancelInFlight === null;
  }
  get closed(): boolean {
    return this.#closed;
  }
  get preparedCount(): number {
    return this.#cache.size;
  }

  /** Sends the statements as one pipeline ending in one Sync; resolves when its ReadyForQuery arrives. */
  send(statements: readonly PipelineStatement[], signal: CancelSignal | null = null): Promise<BatchResult> {
    if (this.#closed) return Promise.reject(new DatabaseUnavailableError('the database connection was closed'));
    const w = this.#writer;
    const parses: Batch['parses'] = [];
    const entries: PreparedEntry[] = [];
    for (const s of statements) {
      let entry = this.#prepared ? this.#cache.get(s.text) : undefined;
      if (!this.#prepared || (entry !== undefined && !entry.ready)) {
        // Unnamed only (transaction pooler), or its Parse (sent by an earlier pipelined request) is
        // unconfirmed and may fail: parse a one-off copy as the unnamed statement, so this request does not
        // depend on that one.
        entry = { name: '', ready: false, fields: null };
        wire.parse(w, '', s.text);
        wire.describeStatement(w, '');
        parses.push({ text: s.text, entry });
      } else if (entry === undefined) {
        const added = this.#cache.add(s.text);
        entry = added.entry;
        for (const name of added.evicted) wire.closeStatement(w, name);
        // Closing first (not an error when absent) means a Parse can never fail with 42P05: behind a
        // transaction pooler the server connection may already hold this name, with this same text.
        wire.closeStatement(w, entry.name);
        wire.parse(w, entry.name, s.text);
        wire.describeStatement(w, entry.name);
        parses.push({ text: s.text, entry });
      }
      wire.bind(w, entry.name, s.values);
      wire.execute(w);
      entries.push(entry);
    }
    wire.sync(w);
    const shape = statements[statements.length - 1]?.text ?? '';
    return new Promise((resolve, reject) => {
      const batch: Batch = {
        lastIndex: statements.length - 1,
        index: 0,
        parses,
        parseAcks: 0,
        describeAcks: 0,
        entries,
        values: [],
        error: null,
        signal,
        shape,
        knownFast: false,
        resolve,
        reject,
      };
      this.#enqueue(batch);
    });
  }

  #enqueue(batch: Batch): void {
    if (this.#batches.length === 0) this.headSince = performance.now();
    batch.knownFast = this.timings.isFast(batch.shape);
    if (!batch.knownFast) this.#notKnownFast++;
    this.#batches.push(batch);
    this.#scheduleFlush();
  }

  /**
   * Whether a newcomer may be pipelined here: the batch executing has been at the head for less than
   * `youngMs`, and every batch in flight is of a shape known to run fast (a young head may still be a report).
   */
  acceptsPipelining(youngMs: number, now = performance.now()): boolean {
    return this.#notKnownFast === 0 && now - this.headSince < youngMs;
  }

  /** Sends a simple query (COMMIT / ROLLBACK of a two-phase transaction). */
  sendSimple(text: string): Promise<BatchResult> {
    if (this.#closed) return Promise.reject(new DatabaseUnavailableError('the database connection was closed'));
    wire.query(this.#writer, text);
    return new Promise((resolve, reject) => {
      this.#enqueue({
        lastIndex: 0,
        index: 0,
        parses: [],
        parseAcks: 0,
        describeAcks: 0,
        entries: [],
        values: [],
        error: null,
        signal: null,
        shape: text,
        knownFast: false,
        resolve,
        reject,
      });
    });
  }

  /**
   * Requests issued in the same event-loop turn (all HTTP requests uWS read in one poll) leave in one
   * write: one syscall for many pipelines instead of one each (~20% of the JS time at 20k req/s).
   */
  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(this.#flush);
  }

  readonly #flush = (): void => {
    this.#flushScheduled = false;
    if (this.#closed || this.#writer.length === 0) return;
    if (!this.#socket.write(this.#writer.flush())) this.#writable = false;
  };

  #onMessage(type: number, buf: Buffer, start: number, end: number): void {
    const batch = this.#batches[0];
    switch (type) {
      case 0x31: // 1 ParseComplete
        if (batch) batch.parses[batch.parseAcks++]!.entry.ready = true;
        return;
      case 0x54: // T RowDescription (answer to Describe statement)
        if (batch) batch.parses[batch.describeAcks++]!.entry.fields = wire.parseRowDescription(buf, start);
        return;
      case 0x6e: // n NoData
        if (batch) batch.parses[batch.describeAcks++]!.entry.fields = [];
        return;
      case 0x44: // D DataRow
        if (batch && batch.values[batch.index] === undefined) batch.values[batch.index] = wire.parseDataRow(buf, start);
        return;
      case 0x43: // C CommandComplete
      case 0x49: // I EmptyQueryResponse
        if (batch) batch.index++;
        return;
      case 0x45: // E ErrorResponse
        if (batch) batch.error ??= wire.parseFields(buf, start, end);
        else this.#socket.destroy(); // FATAL outside any request (e.g. administrator shutdown)
        return;
      case 0x5a: // Z ReadyForQuery
        if (batch) this.#complete(batch, String.fromCharCode(buf[start]!));
        return;
      case 0x53: {
        // S ParameterStatus: a session that turned standard_conforming_strings off is not used again
        const [name = '', value = ''] = buf.toString('utf8', start, end).split('\0');
        if (isNonConforming(name, value)) {
          this.#fail(nonConformingMessage(value));
          this.#socket.destroy();
        }
        return;
      }
      default: // 2 BindComplete, 3 CloseComplete, t ParameterDescription, N notice, A notification, K
        return;
    }
  }

  #complete(batch: Batch, status: string): void {
    this.#batches.shift();
    const now = performance.now();
    this.timings.record(batch.shape, now - this.headSince);
    if (!batch.knownFast) this.#notKnownFast--;
    if (this.#batches.length === 0) this.idleSince = now;
    else this.headSince = now;
    batch.onSettled?.();
    for (const { text, entry } of batch.parses) if (!entry.ready || entry.fields === null) this.#cache.forget(text, entry);
    if (batch.error) {
      const f = batch.error;
      // A named statement is missing: behind a transaction pooler this is another server connection than the
      // one it was prepared on. Any name may be missing then; forget them all (the executor retries).
      if (f.C === '26000') this.#cache.clear();
      batch.resolve({ rows: [], status, error: new DatabaseError(f.C ?? 'XX000', f.M ?? 'unknown error', f.D ?? null, f.H ?? null, f.n ?? null) });
    } else {
      const rows = batch.entries.map((entry, i) => {
        const values = batch.values[i];
        return values === undefined ? undefined : toRow(entry.fields ?? [], values);
      });
      batch.resolve({ rows, status, error: null });
    }
    this.onChange();
  }

  #fail(reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#abortWatch);
    this.locked = false;
    this.#cache.clear();
    const pending = this.#batches.splice(0);
    this.#notKnownFast = 0;
    for (const b of pending) b.reject(new DatabaseUnavailableError(reason));
    this.onChange();
  }

  /**
   * Cancels the executing batch of an aborted request. A PostgreSQL cancel request interrupts whatever the
   * backend runs when it arrives, so it is sent only while `batch` is the only one on this connection; with
   * others queued behind it, the aborted request runs to completion instead. Nothing new is sent here until
   * the batch has completed and the server has closed the cancel socket (`#cancelInFlight`). If the batch
   * finishes just as the cancel arrives (the protocol's one race, as in libpq), the cancel reaches a backend
   * waiting for its next command, which ignores it: it never hits another request. Signals are polled
   * (`#watchAborts`) rather than listened to: addEventListener costs ~2.4 µs per request.
   */
  #cancelIfRunning(batch: Batch): void {
    if (this.#closed || this.#batches[0] !== batch || batch.error || batch.cancelSent) return;
    if (this.#batches.length > 1 || this.#cancelInFlight !== null) return;
    batch.cancelSent = true;
    const pending = { batchDone: false, requestDone: false };
    this.#cancelInFlight = pending;
    const settle = (part: 'batchDone' | 'requestDone') => {
      pending[part] = true;
      if (pending.batchDone && pending.requestDone && this.#cancelInFlight === pending) {
        this.#cancelInFlight = null;
        this.onChange();
      }
    };
    batch.onSettled = () => settle('batchDone');
    const s = net.connect({ host: this.cancelTarget.host, port: this.cancelTarget.port }, () => s.end(wire.cancelRequest(this.pid, this.secret)));
    s.on('error', () => {});
    s.on('close', () => settle('requestDone'));
  }

  /** Terminates once in-flight batches have completed (or right away with force). */
  async close(force = false): Promise<void> {
    if (this.#closed) return;
    if (!force) {
      while (this.#batches.length > 0 && !this.#closed) await new Promise((r) => setTimeout(r, 5));
    }
    const w = this.#writer;
    wire.terminate(w);
    this.#flushScheduled = false;
    this.#socket.end(w.flush());
    this.#fail('the executor was closed');
  }

  destroy(): void {
    this.#socket.destroy();
  }
}
