// Bounded LRU of verified, validated tokens' AuthResults, so a repeat request skips the ~60 µs RS256 verify and
// the claims' JSON round trip. Bounded by entries and by bytes; an entry ends when its token expires.
import type { AuthResult } from './auth-result.ts';

export interface TokenCacheOptions {
  maxEntries: number;
  /** Upper bound on the bytes held (token text + payload text + per-entry overhead, see entryBytes). */
  maxBytes: number;
  /** Upper bound on an entry's life, so a key removed from the JWKS stops working soon after. */
  maxTtlMs: number;
  now: () => number;
}

interface Entry {
  /** Frozen: every hit shares it. */
  result: AuthResult;
  expiresAt: number;
  bytes: number;
}

/** Map slot, entry object and string headers, measured roughly on Node 20 (V8). */
const ENTRY_OVERHEAD_BYTES = 160;
/** How often expired entries are dropped even when no request touches them. */
export const TOKEN_CACHE_SWEEP_MS = 10_000;

/**
 * The token is base64url (1 byte a char). The claims are held twice, as JSON text (which may hold two-byte
 * characters: count it twice) and as an object (about as large again): four times the JSON's length.
 */
const entryBytes = (token: string, claimsJson: string): number => token.length + 4 * claimsJson.length + ENTRY_OVERHEAD_BYTES;

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

  get(token: string): AuthResult | undefined {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    this.#remove(token, entry);
    if (entry.expiresAt <= this.#options.now()) return undefined;
    this.#insert(token, entry);
    return entry.result;
  }

  /** Caches until the token's `exp` (plus leeway, the last moment it can pass) but at most maxTtlMs. */
  set(token: string, result: AuthResult, leewaySeconds: number): void {
    if (this.#options.maxEntries <= 0) return;
    const now = this.#options.now();
    let expiresAt = now + this.#options.maxTtlMs;
    const exp = result.claims.exp;
    if (typeof exp === 'number') expiresAt = Math.min(expiresAt, (exp + leewaySeconds) * 1000);
    if (expiresAt <= now) return;
    const bytes = entryBytes(token, result.claimsJson);
    if (bytes > this.#options.maxBytes) return;
    const previous = this.#entries.get(token);
    if (previous) this.#remove(token, previous);
    this.#insert(token, { result, expiresAt, bytes });
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
