// Bounded LRU of signature-verified token payloads, so a repeat request skips the ~60 µs RS256 verify.
// Claims are still validated on every hit (cheap), so a cached token still expires on time.

export interface TokenCacheOptions {
  maxEntries: number;
  /** Upper bound on an entry's life, so a key removed from the JWKS stops working soon after. */
  maxTtlMs: number;
  now: () => number;
}

interface Entry {
  payload: Record<string, unknown>;
  expiresAt: number;
}

export class TokenCache {
  // A Map iterates in insertion order: re-inserting on a hit makes the first key the least recently used.
  readonly #entries = new Map<string, Entry>();
  readonly #options: TokenCacheOptions;

  constructor(options: TokenCacheOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(token: string): Record<string, unknown> | undefined {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    this.#entries.delete(token);
    if (entry.expiresAt <= this.#options.now()) return undefined;
    this.#entries.set(token, entry);
    return entry.payload;
  }

  /** Caches until the token's `exp` (plus leeway, the last moment it can pass) but at most maxTtlMs. */
  set(token: string, payload: Record<string, unknown>, leewaySeconds: number): void {
    if (this.#options.maxEntries <= 0) return;
    const now = this.#options.now();
    let expiresAt = now + this.#options.maxTtlMs;
    if (typeof payload.exp === 'number') expiresAt = Math.min(expiresAt, (payload.exp + leewaySeconds) * 1000);
    if (expiresAt <= now) return;
    this.#entries.delete(token);
    this.#entries.set(token, { payload, expiresAt });
    while (this.#entries.size > this.#options.maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
  }

  clear(): void {
    this.#entries.clear();
  }
}
