// Holds the current immutable SchemaCache; reload swaps it whole (never mutated in place).
import type { SchemaCache } from './types.ts';

export class SchemaStore<Cache = SchemaCache> {
  #current: Cache;
  #reloading: Promise<void> | null = null;

  constructor(
    initial: Cache,
    private readonly load: () => Promise<Cache>,
  ) {
    this.#current = initial;
  }

  get current(): Cache {
    return this.#current;
  }

  /** Rebuilds the cache; concurrent calls share one reload. */
  reload(): Promise<void> {
    this.#reloading ??= this.load()
      .then((next) => {
        this.#current = next;
      })
      .finally(() => {
        this.#reloading = null;
      });
    return this.#reloading;
  }
}
