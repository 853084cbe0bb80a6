// A server worker's view of the main thread's --jwks-url sets: the last state it sent, and refresh requests to it.
import type { KeySetBroker, KeySetSnapshot } from '../auth/shared-key-source.ts';
import type { FromWorker } from './messages.ts';

export class WorkerKeySets implements KeySetBroker {
  readonly #latest = new Map<string, KeySetSnapshot>();
  readonly #waiting = new Map<number, (snapshot: KeySetSnapshot) => void>();
  /** One request per URL at a time: concurrent requests with an unknown kid share it. */
  readonly #inFlight = new Map<string, Promise<KeySetSnapshot>>();
  #nextId = 1;

  constructor(
    initial: readonly KeySetSnapshot[],
    private readonly send: (message: FromWorker) => void,
  ) {
    for (const snapshot of initial) this.#latest.set(snapshot.url, snapshot);
  }

  latest(url: string): KeySetSnapshot | undefined {
    return this.#latest.get(url);
  }

  refresh(url: string): Promise<KeySetSnapshot> {
    let pending = this.#inFlight.get(url);
    if (!pending) {
      const id = this.#nextId++;
      pending = new Promise<KeySetSnapshot>((resolve) => this.#waiting.set(id, resolve)).finally(() => this.#inFlight.delete(url));
      this.#inFlight.set(url, pending);
      this.send({ type: 'refresh-key-set', id, url });
    }
    return pending;
  }

  /** A state from the main thread: pushed to every worker, or the answer to this worker's refresh (replyTo). */
  receive(snapshot: KeySetSnapshot, replyTo?: number): void {
    this.#latest.set(snapshot.url, snapshot);
    if (replyTo === undefined) return;
    this.#waiting.get(replyTo)?.(snapshot);
    this.#waiting.delete(replyTo);
  }
}
