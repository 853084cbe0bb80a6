// One --jwks-url: jose's createRemoteJWKSet (cache, cooldown, timeout) plus what it lacks for a
// server: background retry after a failed load, fail-fast while the endpoint is down, and
// stale-if-error (keep verifying with the last good set rather than failing every request).
import { createLocalJWKSet, createRemoteJWKSet, customFetch, type FetchImplementation, type JSONWebKeySet } from 'jose';
import { isNoKeyError, KeySetUnavailableError, resolveKeys, type JsonWebKeySet, type KeySource } from './key-source.ts';
import type { KeySetSnapshot } from './shared-key-source.ts';
import type { AuthLog } from './auth-log.ts';

export type FetchLike = (url: string, init: { headers: Headers; method: 'GET'; redirect: 'manual'; signal: AbortSignal }) => Promise<Response>;

export interface RemoteKeySourceOptions {
  cacheMaxAgeMs: number;
  cooldownMs: number;
  timeoutMs: number;
  /** First background retry delay; doubles per failure up to cooldownMs. */
  retryBaseMs: number;
  fetch?: FetchLike;
  log: AuthLog;
  /** After each load attempt (start-up, background retry, refresh): server workers are sent the new state. */
  onChange?: (snapshot: KeySetSnapshot) => void;
}

/** A --jwks-url source whose key set can be handed to server workers (workers/key-set-hub.ts). */
export interface RemoteKeySource extends KeySource {
  /** The set held now (the last good one while the endpoint fails), for server workers. */
  snapshot(): KeySetSnapshot;
  /** Loads the set again unless it was loaded within the cooldown or the endpoint is failing (the background retry has it). */
  refresh(): Promise<void>;
}

/** A short description of why a load failed: never a response body, never token text. */
const describe = (error: unknown): string => {
  const code = (error as { code?: string }).code;
  if (code === 'ERR_JWKS_TIMEOUT') return 'timed out';
  if (code === 'ERR_JWKS_INVALID') return 'response is not a valid JSON Web Key Set';
  if (error instanceof Error) return error.message;
  return String(error);
};

export function createRemoteKeySource(url: string, options: RemoteKeySourceOptions): RemoteKeySource {
  const remote = createRemoteJWKSet(new URL(url), {
    cacheMaxAge: options.cacheMaxAgeMs,
    cooldownDuration: options.cooldownMs,
    timeoutDuration: options.timeoutMs,
    ...(options.fetch ? { [customFetch]: options.fetch as FetchImplementation } : {}),
  });
  let failing = false;
  let stale: ReturnType<typeof createLocalJWKSet> | null = null;
  let staleSet: JsonWebKeySet | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let retryAttempt = 0;
  /** Date.now() at which the pending background load starts (the real clock: timers run on it). */
  let nextRetryAt = 0;
  let closed = false;
  /** Date.now() of the last successful load through prefetch, refresh or the background retry. */
  let loadedAt = 0;

  const snapshot = (): KeySetSnapshot => ({
    url,
    jwks: failing ? staleSet : ((remote.jwks() ?? null) as JsonWebKeySet | null),
    loadedAt,
    failing,
    retryAfterSeconds: failing ? retryAfterSeconds() : 0,
  });
  const changed = (): void => options.onChange?.(snapshot());

  const recovered = (): void => {
    if (failing) options.log('info', `JWKS loaded again from ${url}`);
    loadedAt = Date.now();
    failing = false;
    stale = null;
    staleSet = null;
    retryAttempt = 0;
  };

  const scheduleRetry = (): void => {
    if (closed || retryTimer) return;
    const delay = Math.min(options.retryBaseMs * 2 ** retryAttempt, Math.max(options.cooldownMs, options.retryBaseMs));
    retryAttempt++;
    nextRetryAt = Date.now() + delay;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      remote
        .reload()
        .then(recovered, (error: unknown) => {
          options.log('warn', `JWKS from ${url} still unavailable (${describe(error)}); retrying in the background`);
          scheduleRetry();
        })
        .finally(changed);
    }, delay);
    retryTimer.unref();
  };

  const markFailed = (error: unknown): void => {
    if (!failing) {
      options.log('warn', `Could not load JWKS from ${url} (${describe(error)}); retrying in the background`);
      const lastGood = remote.jwks();
      staleSet = (lastGood ?? null) as JsonWebKeySet | null;
      stale = lastGood ? createLocalJWKSet(lastGood as JSONWebKeySet) : null;
    }
    failing = true;
    scheduleRetry();
  };

  /** Whole seconds until the background load is due (at least 1: a load in flight ends within timeoutMs). */
  const retryAfterSeconds = (): number => Math.max(1, Math.ceil((nextRetryAt - Date.now()) / 1000));

  const fromStale: KeySource['findKeys'] = async (header, token) => {
    if (!stale) throw new KeySetUnavailableError(url, retryAfterSeconds());
    return resolveKeys(stale, header, token);
  };

  /** Fetches the set now; a failure leaves the stale set in use and the background retry running. */
  const reloadNow = async (): Promise<void> => {
    try {
      await remote.reload();
      recovered();
    } catch (error) {
      markFailed(error);
    }
    changed();
  };

  return {
    label: url,
    async findKeys(header, token) {
      // While the endpoint is down, don't make every request wait for the fetch timeout:
      // the background retry will notice when it is back.
      if (failing) return fromStale(header, token);
      try {
        return await resolveKeys(remote, header, token);
      } catch (error) {
        if (isNoKeyError(error)) return [];
        markFailed(error);
        return fromStale(header, token);
      }
    },
    prefetch: reloadNow,
    snapshot,
    async refresh() {
      if (failing || remote.coolingDown) return;
      await reloadNow();
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
    },
  };
}
