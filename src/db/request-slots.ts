// A counting semaphore with one FIFO wait queue, an acquisition timeout and abort: the postgres.js executor's pool gate.
import { DatabaseError, DatabaseUnavailableError } from '../errors/database-error.ts';
import type { CancelSignal } from './executor.ts';
import { MAX_WAITING } from './pipeline/pool.ts';
import { acquisitionTimeoutError } from './pool-errors.ts';

interface Waiter {
  grant(): void;
  fail(error: Error): void;
  timer: NodeJS.Timeout;
  signal: CancelSignal | null;
}

/**
 * At most `max` requests hold a slot (one transaction on one connection each); the rest wait in order and
 * give up with 504 PGRST003 after `timeoutMs`. postgres.js then never queues a request behind another
 * request's transaction on a busy connection.
 */
export class RequestSlots {
  readonly #queue: Waiter[] = [];
  #held = 0;
  #timeouts = 0;
  #closed = false;

  constructor(
    readonly max: number,
    private readonly timeoutMs: number,
  ) {}

  get held(): number {
    return this.#held;
  }
  get waiting(): number {
    return this.#queue.length;
  }
  get timeouts(): number {
    return this.#timeouts;
  }

  /** Resolves once a slot is held; call `release` exactly once afterwards. */
  acquire(signal: CancelSignal | null = null): Promise<void> {
    if (this.#closed) return Promise.reject(new DatabaseUnavailableError('the executor is closed'));
    if (this.#held < this.max && this.#queue.length === 0) {
      this.#held++;
      return Promise.resolve();
    }
    if (this.#queue.length >= MAX_WAITING) return Promise.reject(new DatabaseUnavailableError('too many requests waiting for a database connection'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: resolve,
        fail: reject,
        signal,
        timer: setTimeout(() => {
          this.#timeouts++;
          this.#drop(waiter, acquisitionTimeoutError());
        }, this.timeoutMs),
      };
      if (signal) signal.onabort = () => this.#drop(waiter, new DatabaseError('57014', 'canceling statement due to user request'));
      this.#queue.push(waiter);
    });
  }

  release(): void {
    const next = this.#queue.shift();
    if (next === undefined) {
      this.#held--;
      return;
    }
    // The slot passes straight to the next waiter.
    clearTimeout(next.timer);
    if (next.signal) next.signal.onabort = null;
    next.grant();
  }

  #drop(waiter: Waiter, error: Error): void {
    const at = this.#queue.indexOf(waiter);
    if (at < 0) return;
    this.#queue.splice(at, 1);
    clearTimeout(waiter.timer);
    if (waiter.signal) waiter.signal.onabort = null;
    waiter.fail(error);
  }

  close(): void {
    this.#closed = true;
    for (const waiter of [...this.#queue]) this.#drop(waiter, new DatabaseUnavailableError('the executor is closed'));
  }
}
