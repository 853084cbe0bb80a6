// Bounded LRU of signature-verified token payloads, so a repeat request skips the ~60 µs RS256 verify.
// Bounded by entries and by bytes; expired entries are swept. Claims are still validated on every hit.

export interface TokenCacheOptions {
  maxEntries: number;
  /** Upper bound on the bytes held (token text + payload text + per-entry overhead, see entryBytes). */
  maxBytes: number;
  /** Upper bound on an entry's life, so a key removed from the JWKS stops working soon after. */
  maxTtlMs: number;
  now: () => number;
}

interface Entry {
  /** The payload as JSON text: its size is known exactly, and each hit gets its own fresh object. */
  payloadJson: string;
  expiresAt: number;
  bytes: number;
}

/** Map slot, entry object and string headers, measured roughly on Node 20 (V8). */
const ENTRY_OVERHEAD_BYTES = 160;
/** How often expired entries are dropped even when no request touches them. */
export const TOKEN_CACHE_SWEEP_MS = 10_000;

/** The token is base64url (1 byte a char); the payload may hold two-byte characters, so count it twice. */
const entryBytes = (token: string, payloadJson: string): number => token.length + 2 * payloadJson.length + ENTRY_OVERHEAD_BYTES;

export class TokenCache {
  // A Map iterates in insertion order: re-inserting on a hit makes the first key the least recently used.
  readonly #entries = new Map<string, Entry>();
  readonly #options: TokenCacheOptions;
  #bytes = 0;
  #sweeper: ReturnType<typeof setInterval> | null = null;

  constructor(options: TokenCacheOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Bytes accounted to the cached entries. */
  get bytes(): number {
    return this.#bytes;
  }

  get(token: string): Record<string, unknown> | undefined {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    this.#remove(token, entry);
    if (entry.expiresAt <= this.#options.now()) return undefined;
    this.#insert(token, entry);
    return JSON.parse(entry.payloadJson) as Record<string, unknown>;
  }

  /** Caches until the token's `exp` (plus leeway, the last moment it can pass) but at most maxTtlMs. */
  set(token: string, payload: Record<string, unknown>, leewaySeconds: number): void {
    if (this.#options.maxEntries <= 0) return;
    const now = this.#options.now();
    let expiresAt = now + this.#options.maxTtlMs;
    if (typeof payload.exp === 'number') expiresAt = Math.min(expiresAt, (payload.exp + leewaySeconds) * 1000);
    if (expiresAt <= now) return;
    const payloadJson = JSON.stringify(payload);
    const bytes = entryBytes(token, payloadJson);
    if (bytes > this.#options.maxBytes) return;
    const previous = this.#entries.get(token);
    if (previous) this.#remove(token, previous);
    this.#insert(token, { payloadJson, expiresAt, bytes });
    while (this.#entries.size > this.#options.maxEntries || this.#bytes > this.#options.maxBytes) {
      const [oldest, entry] = this.#entries.entries().next().value!;
      this.#remove(oldest, entry);
    }
    this.#sweeper ??= setInterval(() => this.sweep(), TOKEN_CACHE_SWEEP_MS).unref();
  }

  /** Drops every expired entry (the LRU order is not the expiry order, so this walks them all). */
  sweep(): void {
    const now = this.#options.now();
    for (const [token, entry] of this.#entries) if (entry.expiresAt <= now) this.#remove(token, entry);
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
    if (this.#sweeper) clearInterval(this.#sweeper);
    this.#sweeper = null;
  }

  #insert(token: string, entry: Entry): void {
    this.#entries.set(token, entry);
    this.#bytes += entry.bytes;
  }

  #remove(token: string, entry: Entry): void {
    this.#entries.delete(token);
    this.#bytes -= entry.bytes;
  }
}
