// Per-connection cache of named prepared statements: bounded LRU keyed by SQL text; names derived from the text.
import { createHash, randomBytes } from 'node:crypto';

export interface PreparedEntry {
  /** '' for the unnamed statement (a one-off parse that is never cached). */
  name: string;
  /** Set once Parse succeeded (ParseComplete); until then another pipelined request may still use it. */
  ready: boolean;
  /** Result columns from Describe; null until the RowDescription/NoData arrives. */
  fields: Array<{ name: string; typeOid: number }> | null;
  /** Tick of the last use, for least-recently-used eviction. */
  used?: number;
}

/**
 * Random per process: behind a transaction pooler several clients share server connections, and a name
 * another process prepared must never be one of ours.
 */
const PROCESS_TAG = randomBytes(6).toString('hex');

/**
 * `pgda_<process>_<sha256 of the text>`: a name stands for exactly one SQL text, so even a statement that
 * another of our connections prepared on a shared server connection holds the SQL the name promises.
 * (128 bits of the hash; 51 bytes, under PostgreSQL's 63-byte identifier limit.)
 */
export function statementName(text: string): string {
  return `pgda_${PROCESS_TAG}_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}

export class StatementCache {
  readonly #entries = new Map<string, PreparedEntry>();
  #tick = 0;

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.#entries.size;
  }

  /** The cached entry (marked most recently used), or undefined. A hit is one Map lookup. */
  get(text: string): PreparedEntry | undefined {
    const entry = this.#entries.get(text);
    if (entry !== undefined) entry.used = ++this.#tick;
    return entry;
  }

  /** Creates a fresh entry; returns it and the names of evicted statements to Close on the server. */
  add(text: string): { entry: PreparedEntry; evicted: string[] } {
    const entry: PreparedEntry = { name: statementName(text), ready: false, fields: null, used: ++this.#tick };
    this.#entries.set(text, entry);
    const evicted: string[] = [];
    // Misses are rare once warm, so eviction scans for the least recently used instead of reordering on every hit.
    while (this.#entries.size > this.maxEntries) {
      let oldestKey: string | null = null;
      let oldest = Infinity;
      for (const [key, e] of this.#entries) if (e !== entry && (e.used ?? 0) < oldest) [oldest, oldestKey] = [e.used ?? 0, key];
      if (oldestKey === null) break;
      evicted.push(this.#entries.get(oldestKey)!.name);
      this.#entries.delete(oldestKey);
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
