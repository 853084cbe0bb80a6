// Per-connection cache of named prepared statements: bounded LRU keyed by SQL text, never reusing a name.

export interface PreparedEntry {
  name: string;
  /** Set once Parse succeeded (ParseComplete); until then another pipelined request may still use it. */
  ready: boolean;
  /** Result columns from Describe; null until the RowDescription/NoData arrives. */
  fields: Array<{ name: string; typeOid: number }> | null;
}

export class StatementCache {
  readonly #entries = new Map<string, PreparedEntry>();
  #counter = 0;

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.#entries.size;
  }

  /** The cached entry (marked most recently used), or undefined. */
  get(text: string): PreparedEntry | undefined {
    const entry = this.#entries.get(text);
    if (entry === undefined) return undefined;
    this.#entries.delete(text);
    this.#entries.set(text, entry);
    return entry;
  }

  /** Creates a fresh entry; returns it and the names of evicted statements to Close on the server. */
  add(text: string): { entry: PreparedEntry; evicted: string[] } {
    const entry: PreparedEntry = { name: `pgda_${++this.#counter}`, ready: false, fields: null };
    this.#entries.set(text, entry);
    const evicted: string[] = [];
    for (const [key, old] of this.#entries) {
      if (this.#entries.size <= this.maxEntries) break;
      this.#entries.delete(key);
      evicted.push(old.name);
    }
    return { entry, evicted };
  }

  /** Forgets an entry whose Parse never completed (skipped after an error or failed itself). */
  forget(text: string, entry: PreparedEntry): void {
    if (this.#entries.get(text) === entry) this.#entries.delete(text);
  }

  clear(): void {
    this.#entries.clear();
  }
}
