// A --jwks-url key set loaded by someone else (the main thread, for server workers): verify with the set it
// last sent, and ask it to load again on an unknown kid or a stale set, within the same cooldown as one process.
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { KeySetUnavailableError, resolveKeys, type JsonWebKeySet, type KeySource } from './key-source.ts';

/** One --jwks-url's state as its loader holds it; plain data, so it can cross a thread boundary. */
export interface KeySetSnapshot {
  url: string;
  /** The set to verify with (the last good one while the endpoint fails); null before any load succeeded. */
  jwks: JsonWebKeySet | null;
  /** Date.now() of the last successful load (0: none). */
  loadedAt: number;
  /** The endpoint fails now; the loader retries in the background. */
  failing: boolean;
  /** While failing: seconds until its next load (the 503's Retry-After). */
  retryAfterSeconds: number;
}

/** What the loader offers: the last set it sent, and a load on request (which it may refuse within its cooldown). */
export interface KeySetBroker {
  latest(url: string): KeySetSnapshot | undefined;
  /** Resolves with the loader's state after it loaded again, or at once when within its cooldown or failing. */
  refresh(url: string): Promise<KeySetSnapshot>;
}

export interface SharedKeySourceOptions {
  /** The loaded set counts as fresh this long; older, it is loaded again first (jose's cacheMaxAge). */
  cacheMaxAgeMs: number;
  /** An unknown kid asks for a load at most once per this (jose's cooldownDuration). */
  cooldownMs: number;
}

export function createSharedKeySource(url: string, broker: KeySetBroker, options: SharedKeySourceOptions): KeySource {
  let local: { loadedAt: number; resolve: ReturnType<typeof createLocalJWKSet> } | null = null;
  const resolverFor = (snapshot: KeySetSnapshot & { jwks: JsonWebKeySet }) => {
    if (local?.loadedAt !== snapshot.loadedAt) local = { loadedAt: snapshot.loadedAt, resolve: createLocalJWKSet(snapshot.jwks as JSONWebKeySet) };
    return local.resolve;
  };
  const olderThan = (snapshot: KeySetSnapshot, ms: number) => Date.now() - snapshot.loadedAt >= ms;

  return {
    label: url,
    async findKeys(header, token) {
      let snapshot = broker.latest(url);
      // While the endpoint fails, the loader's background retry is the only load (no request waits for one).
      if (snapshot === undefined || (!snapshot.failing && (snapshot.jwks === null || olderThan(snapshot, options.cacheMaxAgeMs))))
        snapshot = await broker.refresh(url);
      if (snapshot.jwks === null) throw new KeySetUnavailableError(url, snapshot.retryAfterSeconds);
      const keys = await resolveKeys(resolverFor(snapshot as KeySetSnapshot & { jwks: JsonWebKeySet }), header, token);
      if (keys.length > 0 || snapshot.failing || !olderThan(snapshot, options.cooldownMs)) return keys;
      // An unknown kid after the cooldown: the provider may have rotated its keys.
      snapshot = await broker.refresh(url);
      return snapshot.jwks === null ? [] : resolveKeys(resolverFor(snapshot as KeySetSnapshot & { jwks: JsonWebKeySet }), header, token);
    },
    prefetch: async () => {},
    close: () => {},
  };
}
