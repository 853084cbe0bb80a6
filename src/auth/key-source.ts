// Where verification keys come from: the KeySource contract, the jose-resolver adapter, and the
// lookup across every trusted source (several --jwks-url, --jwt-secret, local sets for tests).
import { createLocalJWKSet, type CryptoKey, type FlattenedJWSInput, type JSONWebKeySet, type JWSHeaderParameters } from 'jose';

export type VerificationKey = CryptoKey | Uint8Array;
export type JsonWebKeySet = { keys: Record<string, unknown>[] };
type Resolver = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey>;

export interface KeySource {
  /** A URL or "--jwt-secret", for logs. Never token text. */
  readonly label: string;
  /** Keys that may have signed this token: [] when the source has none for its kid/alg. */
  findKeys(header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<VerificationKey[]>;
  /** Loads keys ahead of the first request; never rejects (failures are logged and retried). */
  prefetch(): Promise<void>;
  close(): void;
}

/** The source could not load its key set (network error, timeout, non-200, garbage). */
export class KeySetUnavailableError extends Error {
  /** `retryAfterSeconds`: when this source's next background load is due (the 503's Retry-After). */
  constructor(
    readonly label: string,
    readonly retryAfterSeconds = 1,
    options?: { cause?: unknown },
  ) {
    super(`JSON Web Key Set unavailable: ${label}`, options);
    this.name = 'KeySetUnavailableError';
  }
}

const codeOf = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

/** Errors meaning "this set has no such key" rather than "this set could not be loaded". */
export const isNoKeyError = (error: unknown): boolean =>
  ['ERR_JWKS_NO_MATCHING_KEY', 'ERR_JOSE_NOT_SUPPORTED', 'ERR_JWK_INVALID'].includes(codeOf(error) as string);

/**
 * Calls a jose key resolver and returns every candidate key. jose v6 throws when several keys
 * match (e.g. a token without `kid` and a set of two RSA keys) and leaves trying each to us,
 * which is also PostgREST's rule for tokens without `kid`.
 */
export async function resolveKeys(resolve: Resolver, header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<VerificationKey[]> {
  try {
    return [await resolve(header, token)];
  } catch (error) {
    if (codeOf(error) === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') {
      const keys: VerificationKey[] = [];
      for await (const key of error as AsyncIterable<CryptoKey>) keys.push(key);
      return keys;
    }
    if (isNoKeyError(error)) return [];
    throw error;
  }
}

/** A fixed key set held in memory (tests, or a JWKS given in --jwt-secret). */
export function createLocalKeySource(label: string, jwks: JsonWebKeySet): KeySource {
  const resolve = createLocalJWKSet(jwks as JSONWebKeySet);
  return {
    label,
    findKeys: (header, token) => resolveKeys(resolve, header, token),
    prefetch: async () => {},
    close: () => {},
  };
}

/**
 * Asks every source at once; a token verifies if its key is in any trusted set. Throws
 * KeySetUnavailableError only when no source could answer at all: if some set loaded and lacks
 * the key, the key is unknown (401), even if another set is down.
 */
export async function findKeysInAll(sources: readonly KeySource[], header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<VerificationKey[]> {
  const results = await Promise.allSettled(sources.map((source) => source.findKeys(header, token)));
  const keys = results.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
  const unavailable = results.filter((result) => result.status === 'rejected' && result.reason instanceof KeySetUnavailableError);
  if (keys.length === 0 && sources.length > 0 && unavailable.length === sources.length) {
    // The soonest any set may load again is when a retry can succeed.
    const errors = unavailable.map((result) => (result as PromiseRejectedResult).reason as KeySetUnavailableError);
    throw errors.reduce((soonest, error) => (error.retryAfterSeconds < soonest.retryAfterSeconds ? error : soonest));
  }
  return keys;
}
