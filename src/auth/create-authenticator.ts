// createAuthenticator: wires config → key sources, token cache, claim rules and role rule into
// the Authenticator the app calls once per request.
import { ApiError } from '../errors/api-error.ts';
import { ConfigError } from '../config/config-error.ts';
import { DEFAULTS } from '../config/defaults.ts';
import type { Config } from '../config/config.ts';
import { authResult, type Authenticator } from './auth-result.ts';
import { consoleAuthLog, type AuthLog } from './auth-log.ts';
import { tokenRequired } from './auth-errors.ts';
import { createLocalKeySource, findKeysInAll, type JsonWebKeySet, type KeySource } from './key-source.ts';
import { parseAuthorization } from './parse-authorization.ts';
import { createRemoteKeySource, type FetchLike, type RemoteKeySourceOptions } from './remote-key-source.ts';
import { JsPathError, parseJsPath, roleFromClaims, type JsPath } from './role-claim.ts';
import { createSecretKeySource } from './secret-key-source.ts';
import { TokenCache } from './token-cache.ts';
import { validateClaims, type ClaimRules } from './validate-claims.ts';
import { ASYMMETRIC_ALGORITHMS, HMAC_ALGORITHMS, verifySignature, type SignatureVerifier } from './verify-signature.ts';

/** Longest a verified token is served from cache, whatever its `exp`: bounds how long a key
 * removed from the JWKS keeps working for tokens already seen. */
export const TOKEN_CACHE_MAX_TTL_MS = 60_000;
/** First background retry after a failed JWKS load; doubles up to the JWKS cooldown. */
export const JWKS_RETRY_BASE_MS = 1_000;

export type AuthenticatorConfig = Pick<Config, 'jwksUrls' | 'jwtAud' | 'jwtIssuer' | 'jwtSecret' | 'dbAnonRole' | 'dbAuthenticatedRole' | 'jwtRoleClaimKey'>;

export interface AuthenticatorOptions {
  /** In-memory key sets trusted alongside --jwks-url (tests, air-gapped deployments). */
  keySets?: JsonWebKeySet[];
  /** Clock in epoch milliseconds for claim checks and the token cache (tests freeze it). */
  now?: () => number;
  /** fetch used to load remote key sets. */
  fetch?: FetchLike;
  /** Remote key set timings; defaults come from DEFAULTS.jwks*. */
  jwks?: Partial<{ cacheMaxAgeMs: number; cooldownMs: number; timeoutMs: number; retryBaseMs: number }>;
  tokenCache?: Partial<{ maxEntries: number; maxBytes: number; maxTtlMs: number }>;
  log?: AuthLog;
  /** Makes the source of each --jwks-url (default createRemoteKeySource; server workers share the main thread's). */
  remoteKeySource?: (url: string, options: RemoteKeySourceOptions) => KeySource;
}

export interface StartedAuthenticator extends Authenticator {
  /** Settles once every remote key set has been tried once; never rejects. */
  readonly ready: Promise<void>;
}

function parseRoleClaimKey(text: string | null): JsPath | null {
  if (text === null) return null;
  try {
    return parseJsPath(text);
  } catch (error) {
    if (error instanceof JsPathError) throw new ConfigError('--jwt-role-claim-key', error.message);
    throw error;
  }
}

export function createAuthenticator(config: AuthenticatorConfig, options: AuthenticatorOptions = {}): StartedAuthenticator {
  const now = options.now ?? Date.now;
  const log = options.log ?? consoleAuthLog;
  const rolePath = parseRoleClaimKey(config.jwtRoleClaimKey);
  const timings = {
    cacheMaxAgeMs: DEFAULTS.jwksCacheMaxAgeSeconds * 1000,
    cooldownMs: DEFAULTS.jwksCooldownSeconds * 1000,
    timeoutMs: DEFAULTS.jwksTimeoutMs,
    retryBaseMs: JWKS_RETRY_BASE_MS,
    ...options.jwks,
  };

  const secretSource = config.jwtSecret === null ? null : createSecretKeySource(config.jwtSecret);
  const sources: KeySource[] = [
    ...(secretSource ? [secretSource] : []),
    ...(options.keySets ?? []).map((jwks, i) => createLocalKeySource(`key set ${i + 1}`, jwks)),
    ...config.jwksUrls.map((url) => (options.remoteKeySource ?? createRemoteKeySource)(url, { ...timings, fetch: options.fetch, log })),
  ];
  const verifier: SignatureVerifier = {
    allowedAlgorithms: new Set<string>([...ASYMMETRIC_ALGORITHMS, ...(secretSource?.hasHmacKeys ? HMAC_ALGORITHMS : [])]),
    findKeys: (header, token) => findKeysInAll(sources, header, token),
  };
  const rules: ClaimRules = { audience: config.jwtAud, issuer: config.jwtIssuer, leewaySeconds: DEFAULTS.jwtLeewaySeconds };
  const cache = new TokenCache({
    maxEntries: options.tokenCache?.maxEntries ?? DEFAULTS.jwtCacheMaxEntries,
    maxBytes: options.tokenCache?.maxBytes ?? DEFAULTS.jwtCacheMaxBytes,
    maxTtlMs: options.tokenCache?.maxTtlMs ?? TOKEN_CACHE_MAX_TTL_MS,
    now,
  });
  const anonRole = config.dbAnonRole;
  const anonymous = anonRole === null ? null : authResult(anonRole, {}, true);

  // Start-up prefetch runs in the background: anonymous requests never wait for it.
  const ready = Promise.all(sources.map((source) => source.prefetch())).then(() => undefined);

  return {
    ready,
    async authenticate(authorizationHeader) {
      const parsed = parseAuthorization(authorizationHeader);
      if (parsed.kind === 'none') {
        if (anonRole === null) throw tokenRequired();
        return anonymous!;
      }
      if (sources.length === 0) throw new ApiError('PGRST300', { hint: 'Set --jwks-url (or --jwt-secret) to accept tokens.' });
      const cached = cache.get(parsed.token);
      if (cached !== undefined) return cached;
      const claims = await verifySignature(parsed.token, verifier);
      validateClaims(claims, rules, Math.floor(now() / 1000));
      const role = (rolePath && roleFromClaims(claims, rolePath)) ?? config.dbAuthenticatedRole;
      const result = authResult(role, claims, false);
      // Cached only once valid: what can change later is expiry, which the cache entry's life ends at
      // (nbf and iat only ever turn valid; audience and issuer are fixed for this authenticator).
      cache.set(parsed.token, result, rules.leewaySeconds);
      return result;
    },
    close() {
      for (const source of sources) source.close();
      cache.clear();
    },
    tokenCacheEntries: () => cache.size,
    tokenCacheBytes: () => cache.bytes,
  };
}
